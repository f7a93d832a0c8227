//! The plan's workflow (docs/rules.md): submit (re-checking every entry against today's
//! assessments, and that every CLOSE mine of the county is on the close list), recall,
//! approve (creating the follow-up duties and superseding the revision it replaces), return
//! with a comment, and revise an approved plan into a new draft.

use std::collections::HashSet;

use entity::{county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::domain::access::{Action, Caller};
use crate::domain::assessment::{UpgradeTarget, evaluate_upgrade};
use crate::domain::codes::{EntryKind, OperatingStatus};
use crate::domain::plan::PlanAction;
use crate::domain::plan::consistency::{
    Member, check_closure, check_group, check_upgrade, missing_closures,
};
use crate::domain::text::{Lines, TextField};
use crate::domain::{Problems, ValidationError};
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::assessment::{facts_of, province_of};
use crate::service::mine_rows::mineral_of;
use crate::service::plans::content::{PlanView, method_of};
use crate::service::plans::drafting::{NewPlan, assessments, open_plan};
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, duties, event_of, step};
use crate::service::{require, standards};
use crate::state::AppState;

const COMMENT: TextField = TextField {
    field: "comment",
    label: "退回意见",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// One comment of the city on a returned plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanComment {
    /// When it was made (RFC 3339).
    pub at: String,
    /// Who made it (the token's `sub`).
    pub by: String,
    /// The comment.
    pub text: String,
}

/// The comments stored on a plan, oldest first.
pub fn comments_of(plan: &county_plan::Model) -> AppResult<Vec<PlanComment>> {
    plan.comments
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|err| AppError::internal(format!("county_plans row {}: comments: {err}", plan.id)))
        .map(Option::unwrap_or_default)
}

/// Runs one workflow step in a transaction of its own and returns the plan as it now reads.
async fn run(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    action: Action,
    step_name: PlanAction,
    (operation, kind): (&'static str, PlanEventType),
    core: impl AsyncFnOnce(
        &DatabaseTransaction,
        &Caller,
        county_plan::Model,
        &county::Model,
    ) -> AppResult<county_plan::Model>,
) -> AppResult<PlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    announcing(state, async |tx| {
        let (before, county, _) = acting_on(tx, caller, action, id, step_name).await?;
        let after = core(tx, caller, before.clone(), &county).await?;
        audit_plan(
            tx,
            clock,
            caller,
            &county,
            (operation, after.id),
            (Some(&before), Some(&after)),
        )
        .await?;
        let view = view_in(tx, after.id).await?;
        let event = event_of(state, &view, kind);
        Ok((view, event))
    })
    .await
}

/// `submitCountyPlan`: DRAFT or RETURNED → SUBMITTED, when every entry still agrees with
/// today's assessments and the close list holds every CLOSE mine of the county.
pub async fn submit(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Submit,
        ("submitCountyPlan", PlanEventType::Submitted),
        async |tx, _, plan, county| {
            ensure_consistent(state, tx, &plan, county).await?;
            step(tx, clock, &plan, PlanAction::Submit, |update| {
                update
                    .col_expr(
                        county_plan::Column::SubmittedAt,
                        Expr::value(Some(clock.now())),
                    )
                    .col_expr(
                        county_plan::Column::FirstSubmittedAt,
                        Expr::value(Some(plan.first_submitted_at.unwrap_or(clock.now()))),
                    )
            })
            .await
        },
    )
    .await
}

/// `recallCountyPlan`: SUBMITTED → DRAFT before the city decides.
pub async fn recall(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Recall,
        ("recallCountyPlan", PlanEventType::Recalled),
        async |tx, _, plan, _| step(tx, clock, &plan, PlanAction::Recall, |update| update).await,
    )
    .await
}

/// `approveCountyPlan`: SUBMITTED → APPROVED; the revision it replaces is superseded and the
/// duties of its entries are created (keeping what was already done under the old one).
pub async fn approve(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::DecidePlans,
        PlanAction::Approve,
        ("approveCountyPlan", PlanEventType::Approved),
        async |tx, caller, plan, county| {
            let today = clock.today();
            let approved = step(tx, clock, &plan, PlanAction::Approve, |update| {
                update
                    .col_expr(county_plan::Column::OpenSlot, Expr::value(None::<String>))
                    .col_expr(county_plan::Column::ApprovedOn, Expr::value(Some(today)))
                    .col_expr(
                        county_plan::Column::DecidedAt,
                        Expr::value(Some(clock.now())),
                    )
                    .col_expr(
                        county_plan::Column::DecidedBy,
                        Expr::value(Some(caller.sub.clone())),
                    )
            })
            .await?;
            if let Some(previous) = approved.revises_id {
                supersede(tx, state, caller, county, previous).await?;
            }
            let view = view_in(tx, approved.id).await?;
            duties::create_for(tx, state, &view, county, today).await?;
            Ok(approved)
        },
    )
    .await
}

/// Marks the revision a newly approved one replaces as superseded.
async fn supersede(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    previous: i64,
) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let Some(before) = county_plan::Entity::find_by_id(previous).one(tx).await? else {
        return Ok(());
    };
    let after = step(tx, clock, &before, PlanAction::Supersede, |update| {
        update.col_expr(
            county_plan::Column::SupersededAt,
            Expr::value(Some(clock.now())),
        )
    })
    .await?;
    audit_plan(
        tx,
        clock,
        caller,
        county,
        ("supersedeCountyPlan", after.id),
        (Some(&before), Some(&after)),
    )
    .await
}

/// `returnCountyPlan`: SUBMITTED → RETURNED with the city's comment.
pub async fn send_back(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    comment: &str,
) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    // The comment is input: checked after authorisation and state, by `run`'s order.
    run(
        state,
        viewer,
        id,
        Action::DecidePlans,
        PlanAction::Return,
        ("returnCountyPlan", PlanEventType::Returned),
        async |tx, caller, plan, _| {
            let text = COMMENT.required(comment)?;
            let mut comments = comments_of(&plan)?;
            comments.push(PlanComment {
                at: clock.now().to_rfc3339(),
                by: caller.sub.clone(),
                text,
            });
            let stored = serde_json::to_string(&comments).map_err(AppError::internal)?;
            step(tx, clock, &plan, PlanAction::Return, |update| {
                update
                    .col_expr(county_plan::Column::Comments, Expr::value(Some(stored)))
                    .col_expr(
                        county_plan::Column::DecidedAt,
                        Expr::value(Some(clock.now())),
                    )
                    .col_expr(
                        county_plan::Column::DecidedBy,
                        Expr::value(Some(caller.sub.clone())),
                    )
            })
            .await
        },
    )
    .await
}

/// `reviseCountyPlan`: a new DRAFT revision (new id) holding the approved plan's entries;
/// the approved plan stays in force until the revision is approved.
pub async fn revise(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Revise,
        ("reviseCountyPlan", PlanEventType::Revised),
        async |tx, caller, plan, county| {
            let latest = county_plan::Entity::find()
                .filter(county_plan::Column::CountyCode.eq(plan.county_code.clone()))
                .filter(county_plan::Column::CampaignCode.eq(plan.campaign_code.clone()))
                .order_by_desc(county_plan::Column::Revision)
                .one(tx)
                .await?
                .map_or(plan.revision, |p| p.revision);
            let revision = open_plan(
                tx,
                NewPlan {
                    county: &county.code,
                    campaign: &plan.campaign_code,
                    revision: latest + 1,
                    revises: Some(plan.id),
                },
                caller,
                clock.now(),
            )
            .await?;
            copy_entries(tx, plan.id, revision.id).await?;
            Ok(revision)
        },
    )
    .await
}

/// Copies every entry of one plan, with the mines it lists, onto another.
async fn copy_entries(tx: &DatabaseTransaction, from: i64, to: i64) -> AppResult<()> {
    let entries = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.eq(from))
        .order_by_asc(plan_entry::Column::Id)
        .all(tx)
        .await?;
    let members = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(from))
        .all(tx)
        .await?;
    for entry in entries {
        let old_id = entry.id;
        let mut copy: plan_entry::ActiveModel = entry.into();
        copy.id = sea_orm::ActiveValue::NotSet;
        copy.plan_id = Set(to);
        let copied = copy.insert(tx).await?;
        for member in members.iter().filter(|m| m.entry_id == old_id) {
            plan_mine::ActiveModel {
                plan_id: Set(to),
                mine_id: Set(member.mine_id),
                entry_id: Set(copied.id),
            }
            .insert(tx)
            .await?;
        }
    }
    Ok(())
}

/// Submit's checks: every entry against today's assessment, and the close list complete.
/// Every problem is reported together, each naming its entry.
async fn ensure_consistent(
    state: &AppState,
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    county: &county::Model,
) -> AppResult<()> {
    let view = view_in(tx, plan.id).await?;
    let live = mine::Entity::find()
        .filter(mine::Column::CountyCode.eq(county.code.clone()))
        .filter(mine::Column::Archived.eq(false))
        .filter(mine::Column::Status.ne(OperatingStatus::Closed.code()))
        .order_by_asc(mine::Column::Id)
        .all(tx)
        .await?;
    let live_ids: HashSet<i64> = live.iter().map(|m| m.id).collect();
    let assessed = assessments(state, tx, live.clone()).await?;
    let places = state.places.current();
    let standards = standards::on(
        tx,
        &state.versions,
        province_of(&places, &county.code)?,
        state.clock.today(),
    )
    .await?;
    let mut problems = Problems::new();
    let mut on_close_list = HashSet::new();
    for entry in &view.entries {
        let Some(kind) = EntryKind::parse(&entry.kind) else {
            continue;
        };
        let mines = view.mines_of(entry.id);
        let field = |name: &str| format!("entries[{}].{name}", entry.id);
        // A mine closed by this plan's own closure or integration (a revision carries them)
        // is done, not stale; any other mine that left the registry must leave the plan.
        let closed_here = matches!(kind, EntryKind::Closure | EntryKind::Integration);
        for mine in &mines {
            let closed = mine.row.status == OperatingStatus::Closed.code();
            let done_here = closed && closed_here && !mine.row.archived;
            if !(live_ids.contains(&mine.row.id) || done_here) {
                problems.push(ValidationError::new(
                    &field("mineId"),
                    format!("矿山“{}”已归档或已关闭，请从计划中移除", mine.row.name),
                ));
            }
        }
        let rename = |mut err: ValidationError| {
            err.field = field(&err.field);
            err
        };
        match kind {
            EntryKind::Closure => {
                for mine in &mines {
                    on_close_list.insert(mine.row.id);
                    if let Some(assessment) = assessed.get(&mine.row.id)
                        && let Err(err) = check_closure(method_of(entry), assessment)
                    {
                        problems.push(rename(err));
                    }
                }
            }
            EntryKind::Upgrade => {
                for mine in &mines {
                    let Some(assessment) = assessed.get(&mine.row.id) else {
                        continue;
                    };
                    let evaluation = evaluate_upgrade(
                        &facts_of(&mine.row)?,
                        &standards,
                        UpgradeTarget {
                            target_scale: entry.target_scale.unwrap_or_default(),
                            recoverable_reserves: entry.recoverable_reserves,
                        },
                    );
                    if let Err(err) = check_upgrade(assessment, &evaluation) {
                        problems.push(rename(err));
                    }
                }
            }
            EntryKind::Integration => {
                let minerals = mines
                    .iter()
                    .map(|m| mineral_of(&m.row))
                    .collect::<AppResult<Vec<_>>>()?;
                let members: Vec<Member<'_>> = mines
                    .iter()
                    .zip(&minerals)
                    .filter_map(|(m, mineral)| {
                        assessed.get(&m.row.id).map(|assessment| Member {
                            mine_id: m.row.id,
                            mineral,
                            scale: m.row.production_scale,
                            reserves: m.row.remaining_reserves,
                            assessment,
                        })
                    })
                    .collect();
                if let Err(err) = check_group(&members, entry.target_scale, &standards) {
                    problems.push(rename(err));
                }
            }
            _ => {}
        }
    }
    let unlisted = live
        .iter()
        .filter(|m| !on_close_list.contains(&m.id))
        .filter_map(|m| assessed.get(&m.id).map(|a| (m.id, m.name.as_str(), a)));
    for problem in missing_closures(unlisted) {
        problems.push(problem);
    }
    problems.finish(()).map_err(AppError::from)
}
