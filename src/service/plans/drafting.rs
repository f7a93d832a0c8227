//! Drafting a county plan: creating it, adding and removing entries while it is a draft or
//! returned. Each entry is checked for form, for belonging to the plan's county, for sitting
//! on one list only, and for agreeing with the mine's assessment today.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{block, campaign, county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::clock::Clock;
use crate::domain::ValidationError;
use crate::domain::access::{Action, Caller};
use crate::domain::assessment::{Assessment, UpgradeTarget, evaluate_upgrade};
use crate::domain::codes::{EntryKind, OperatingStatus, PlanStatus};
use crate::domain::plan::PlanAction;
use crate::domain::plan::consistency::{Member, check_closure, check_group, check_upgrade};
use crate::domain::plan::entries::{
    ClosureEntry, DemandForecast, IntegrationGroup, NewMineEntry, Responsibility, UpgradeEntry,
};
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::infra::writes::on_duplicate;
use crate::service::assessment::{assess_in_provinces, facts_of, province_of};
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, event_of, status_of, step};
use crate::service::reference::{ensure_known_mineral, known_county};
use crate::service::scope::authorise;
use crate::service::{require, standards};
use crate::state::AppState;

/// The `open_slot` of an open plan of `county` in `campaign`.
fn open_slot(county: &str, campaign: &str) -> String {
    format!("{county}:{campaign}")
}

/// Opens a county's plan for the city's current campaign: `CONFLICT` when the county
/// already has an open plan, or an approved one (which is revised instead).
pub async fn create(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: &str,
) -> AppResult<PlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    announcing(state, async |tx| {
        if !caller.may_ever(Action::WritePlans) {
            return Err(AppError::Forbidden);
        }
        let county = known_county(tx, county_code.trim()).await?;
        authorise(caller, Action::WritePlans, &county)?;
        let campaign = campaign::Entity::find()
            .filter(campaign::Column::CityCode.eq(county.city_code.clone()))
            .filter(campaign::Column::Current.eq(true))
            .one(tx)
            .await?
            .ok_or_else(|| AppError::Conflict("本市没有进行中的整治工作，不能新建计划".into()))?;
        let existing = county_plan::Entity::find()
            .filter(county_plan::Column::CountyCode.eq(county.code.clone()))
            .filter(county_plan::Column::CampaignCode.eq(campaign.code.clone()))
            .order_by_desc(county_plan::Column::Revision)
            .all(tx)
            .await?;
        for plan in &existing {
            let status = status_of(plan)?;
            if status.is_open() {
                return Err(open_conflict(plan.id));
            }
            if status == PlanStatus::Approved {
                return Err(AppError::Conflict(format!(
                    "本县（市、区）已有批准的计划（编号{}），请用 reviseCountyPlan 修订",
                    plan.id
                )));
            }
        }
        let created = open_plan(
            tx,
            NewPlan {
                county: &county.code,
                campaign: &campaign.code,
                revision: existing.first().map_or(1, |p| p.revision + 1),
                revises: None,
            },
            caller,
            clock.now(),
        )
        .await?;
        audit_plan(
            tx,
            clock,
            caller,
            &county,
            ("createCountyPlan", created.id),
            (None, Some(&created)),
        )
        .await?;
        let view = view_in(tx, created.id).await?;
        let event = event_of(state, &view, PlanEventType::Created);
        Ok((view, event))
    })
    .await
}

/// A plan revision to open.
pub struct NewPlan<'a> {
    pub county: &'a str,
    pub campaign: &'a str,
    pub revision: i32,
    /// The approved revision it revises.
    pub revises: Option<i64>,
}

/// Inserts a new DRAFT revision holding the county's open slot: a second open plan, even
/// one created concurrently, is a `CONFLICT`.
pub async fn open_plan(
    tx: &DatabaseTransaction,
    plan: NewPlan<'_>,
    caller: &Caller,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<county_plan::Model> {
    county_plan::ActiveModel {
        county_code: Set(plan.county.to_owned()),
        campaign_code: Set(plan.campaign.to_owned()),
        revision: Set(plan.revision),
        status: Set(PlanStatus::Draft.code().into()),
        revises_id: Set(plan.revises),
        open_slot: Set(Some(open_slot(plan.county, plan.campaign))),
        comments: Set(None),
        version: Set(1),
        created_by: Set(caller.sub.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|err| on_duplicate(err, || open_conflict(0)))
}

/// The `CONFLICT` for a second open plan.
pub fn open_conflict(existing: i64) -> AppError {
    let which = if existing > 0 {
        format!("（编号{existing}）")
    } else {
        String::new()
    };
    AppError::Conflict(format!(
        "本县（市、区）已有未批准的计划{which}，请在其上继续编制"
    ))
}

/// A plan open for editing, locked for this transaction: the version bump is the first
/// write, so concurrent edits of one plan queue, and an edit racing a submission loses
/// with `CONFLICT`.
pub async fn editing(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    plan_id: i64,
) -> AppResult<(county_plan::Model, county::Model)> {
    let (plan, county, _) =
        acting_on(tx, caller, Action::WritePlans, plan_id, PlanAction::Edit).await?;
    let plan = step(tx, clock, &plan, PlanAction::Edit, |update| update).await?;
    Ok((plan, county))
}

/// Runs one edit of a plan: lock it, add or remove, audit, return the plan as it now reads.
async fn edit(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    operation: &'static str,
    kind: PlanEventType,
    change: impl AsyncFnOnce(
        &DatabaseTransaction,
        &county_plan::Model,
        &county::Model,
    ) -> AppResult<plan_entry::Model>,
) -> AppResult<PlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    announcing(state, async |tx| {
        let (plan, county) = editing(tx, clock, caller, plan_id).await?;
        let entry = change(tx, &plan, &county).await?;
        audit_plan(
            tx,
            clock,
            caller,
            &county,
            (operation, plan.id),
            (None, Some(&entry)),
        )
        .await?;
        let view = view_in(tx, plan.id).await?;
        let event = event_of(state, &view, kind);
        Ok((view, event))
    })
    .await
}

/// `addClosureEntry`: a mine to close or exit, with its timetable.
pub async fn add_closure(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: ClosureEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addClosureEntry",
        PlanEventType::EntryAdded,
        async |tx, plan, _| closure_in(state, tx, plan, input).await,
    )
    .await
}

/// A closure entry added to `plan` in `tx` (`addClosureEntry`, the attachment-2 import).
pub async fn closure_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    input: ClosureEntry,
) -> AppResult<plan_entry::Model> {
    input.check()?;
    let mine = listable_mines(tx, plan, &[input.mine_id], "mineId")
        .await?
        .remove(0);
    let assessed = assessments(state, tx, vec![mine.clone()]).await?;
    if let Some(assessment) = assessed.get(&mine.id) {
        check_closure(input.method, assessment)?;
    }
    let entry = plan_entry::ActiveModel {
        method: Set(Some(disposition_code(input.method).into())),
        mine_id: Set(Some(mine.id)),
        close_by: Set(Some(input.close_by)),
        restoration_due_by: Set(Some(input.restoration_due_by)),
        ..blank(plan.id, EntryKind::Closure)
    };
    insert_with_mines(tx, entry, &[mine.id], "mineId").await
}

/// `addUpgradeEntry`: a mine to upgrade, whose target must meet UPGRADE-1.
pub async fn add_upgrade(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: UpgradeEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addUpgradeEntry",
        PlanEventType::EntryAdded,
        async |tx, plan, county| upgrade_in(state, tx, (plan, county), input).await,
    )
    .await
}

/// An upgrade entry added to `plan` of `county` in `tx` (`addUpgradeEntry`, the
/// attachment-3 import).
pub async fn upgrade_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    (plan, county): (&county_plan::Model, &county::Model),
    input: UpgradeEntry,
) -> AppResult<plan_entry::Model> {
    let input = input.parse()?;
    let mine = listable_mines(tx, plan, &[input.mine_id], "mineId")
        .await?
        .remove(0);
    let facts = facts_of(&mine)?;
    let places = state.places.current();
    let today = state.clock.today();
    let standards = standards::on(
        tx,
        &state.versions,
        province_of(&places, &county.code)?,
        today,
    )
    .await?;
    let evaluation = evaluate_upgrade(
        &facts,
        &standards,
        UpgradeTarget {
            target_scale: input.target_scale,
            recoverable_reserves: input.recoverable_reserves,
        },
    );
    let assessed = assessments(state, tx, vec![mine.clone()]).await?;
    if let Some(assessment) = assessed.get(&mine.id) {
        check_upgrade(assessment, &evaluation)?;
    }
    let measures = serde_json::to_string(&input.measures).map_err(AppError::internal)?;
    let entry = plan_entry::ActiveModel {
        mine_id: Set(Some(mine.id)),
        target_scale: Set(Some(input.target_scale)),
        recoverable_reserves: Set(input.recoverable_reserves),
        complete_by: Set(Some(input.complete_by)),
        measures: Set(Some(measures)),
        safety_facilities_by: Set(input.safety_facilities_by),
        licence_change_by: Set(input.licence_change_by),
        ..blank(plan.id, EntryKind::Upgrade)
    };
    insert_with_mines(tx, entry, &[mine.id], "mineId").await
}

/// `addIntegrationGroup`: two or more mines of the county to become one right (五统一).
pub async fn add_integration(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: IntegrationGroup,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addIntegrationGroup",
        PlanEventType::EntryAdded,
        async |tx, plan, county| {
            let input = input.parse()?;
            let rows = listable_mines(tx, plan, &input.mine_ids, "mineIds").await?;
            let assessed = assessments(state, tx, rows.clone()).await?;
            let places = state.places.current();
            let standards = standards::on(
                tx,
                &state.versions,
                province_of(&places, &county.code)?,
                state.clock.today(),
            )
            .await?;
            let minerals = rows
                .iter()
                .map(crate::service::mine_rows::mineral_of)
                .collect::<AppResult<Vec<_>>>()?;
            let members = rows
                .iter()
                .zip(&minerals)
                .filter_map(|(row, mineral)| {
                    assessed.get(&row.id).map(|assessment| Member {
                        mine_id: row.id,
                        mineral,
                        scale: row.production_scale,
                        reserves: row.remaining_reserves,
                        assessment,
                    })
                })
                .collect::<Vec<_>>();
            check_group(&members, input.target_scale, &standards)?;
            let entry = plan_entry::ActiveModel {
                unified_name: Set(Some(input.unified_name.clone())),
                unified_holder: Set(input.unified_holder.clone()),
                target_scale: Set(input.target_scale),
                complete_by: Set(Some(input.complete_by)),
                ..blank(plan.id, EntryKind::Integration)
            };
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            insert_with_mines(tx, entry, &ids, "mineIds").await
        },
    )
    .await
}

/// `addNewMineEntry`: a block of the county proposed for transfer in a year.
pub async fn add_new_mine(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: NewMineEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addNewMineEntry",
        PlanEventType::EntryAdded,
        async |tx, plan, _| new_mine_in(tx, plan, input).await,
    )
    .await
}

/// A new-mine entry added to `plan` in `tx` (`addNewMineEntry`, the attachment-4 import).
pub async fn new_mine_in(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    input: NewMineEntry,
) -> AppResult<plan_entry::Model> {
    input.check()?;
    let block = block::Entity::find_by_id(input.block_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::invalid("blockId", "规划区块不存在"))?;
    if block.county_code != plan.county_code {
        return Err(ValidationError::breaking(
            "PLAN-COUNTY",
            "blockId",
            "规划区块不在本计划所属的县（市、区）",
        )
        .into());
    }
    let entry = plan_entry::ActiveModel {
        block_id: Set(Some(block.id)),
        transfer_year: Set(Some(input.transfer_year)),
        ..blank(plan.id, EntryKind::NewMine)
    };
    entry.insert(tx).await.map_err(|err| {
        on_duplicate(err, || {
            AppError::invalid("blockId", "该规划区块已列入本计划的拟新设矿山")
        })
    })
}

/// `addResponsibility`: a task, its unit and its deadline.
pub async fn add_responsibility(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: Responsibility,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addResponsibility",
        PlanEventType::EntryAdded,
        async |tx, plan, _| {
            let input = input.parse()?;
            let entry = plan_entry::ActiveModel {
                task: Set(Some(input.task)),
                unit: Set(Some(input.unit)),
                due_by: Set(Some(input.due_by)),
                ..blank(plan.id, EntryKind::Responsibility)
            };
            Ok(entry.insert(tx).await?)
        },
    )
    .await
}

/// `addDemandForecast`: the county's expected demand for a mineral (informative).
pub async fn add_demand_forecast(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: DemandForecast,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "addDemandForecast",
        PlanEventType::EntryAdded,
        async |tx, plan, _| {
            let (input, mineral) = input.parse()?;
            ensure_known_mineral(tx, mineral.as_str()).await?;
            let entry = plan_entry::ActiveModel {
                mineral_code: Set(Some(input.mineral_code)),
                annual_demand: Set(Some(input.annual_demand)),
                horizon_years: Set(Some(input.horizon_years as i32)),
                note: Set(input.note),
                ..blank(plan.id, EntryKind::DemandForecast)
            };
            entry.insert(tx).await.map_err(|err| {
                on_duplicate(err, || {
                    AppError::invalid("mineralCode", "本计划已有该矿种的需求预测")
                })
            })
        },
    )
    .await
}

/// `removePlanEntry`: takes an entry (and its mines) off a draft or returned plan.
pub async fn remove(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    entry_id: i64,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        "removePlanEntry",
        PlanEventType::EntryRemoved,
        async |tx, plan, _| {
            let entry = plan_entry::Entity::find_by_id(entry_id)
                .filter(plan_entry::Column::PlanId.eq(plan.id))
                .one(tx)
                .await?
                .ok_or(AppError::NotFound("计划条目"))?;
            plan_mine::Entity::delete_many()
                .filter(plan_mine::Column::EntryId.eq(entry.id))
                .exec(tx)
                .await?;
            plan_entry::Entity::delete_by_id(entry.id).exec(tx).await?;
            Ok(entry)
        },
    )
    .await
}

/// An entry of `kind` on `plan` with nothing else set.
pub fn blank(plan_id: i64, kind: EntryKind) -> plan_entry::ActiveModel {
    plan_entry::ActiveModel {
        plan_id: Set(plan_id),
        kind: Set(kind.code().into()),
        ..Default::default()
    }
}

fn disposition_code(method: crate::domain::assessment::Disposition) -> &'static str {
    match method {
        crate::domain::assessment::Disposition::Close => "CLOSE",
        _ => "EXIT",
    }
}

/// Inserts an entry and the mines it lists; a mine already on a list of this plan (even one
/// added concurrently) is refused, naming the rule.
async fn insert_with_mines(
    tx: &DatabaseTransaction,
    entry: plan_entry::ActiveModel,
    mine_ids: &[i64],
    field: &str,
) -> AppResult<plan_entry::Model> {
    let entry = entry.insert(tx).await?;
    for &mine_id in mine_ids {
        plan_mine::ActiveModel {
            plan_id: Set(entry.plan_id),
            mine_id: Set(mine_id),
            entry_id: Set(entry.id),
        }
        .insert(tx)
        .await
        .map_err(|err| on_duplicate(err, || one_list(field, mine_id)))?;
    }
    Ok(entry)
}

fn one_list(field: &str, mine_id: i64) -> AppError {
    ValidationError::breaking(
        "PLAN-ONE-LIST",
        field,
        format!("矿山（编号{mine_id}）已列入本计划的一个名单，一座矿山只能列入一个名单"),
    )
    .into()
}

/// The mines an entry names, in the order named: each must exist, lie in the plan's
/// county, be live (not archived, not closed) and sit on no other list of the plan.
async fn listable_mines(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    ids: &[i64],
    field: &str,
) -> AppResult<Vec<mine::Model>> {
    let found: HashMap<i64, mine::Model> = mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids.to_vec()))
        .all(tx)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let listed = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(plan.id))
        .filter(plan_mine::Column::MineId.is_in(ids.to_vec()))
        .one(tx)
        .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let row = found
            .get(id)
            .ok_or_else(|| AppError::invalid(field, format!("矿山不存在（编号{id}）")))?;
        if row.county_code != plan.county_code {
            return Err(ValidationError::breaking(
                "PLAN-COUNTY",
                field,
                format!("矿山“{}”不在本计划所属的县（市、区）", row.name),
            )
            .into());
        }
        if row.archived || row.status == OperatingStatus::Closed.code() {
            return Err(AppError::invalid(
                field,
                format!("矿山“{}”已归档或已关闭，不能列入计划", row.name),
            ));
        }
        rows.push(row.clone());
    }
    if let Some(listed) = listed {
        return Err(one_list(field, listed.mine_id));
    }
    Ok(rows)
}

/// Today's assessments of `rows` (unscoped: the plan's own county's officials act on them).
pub async fn assessments(
    state: &AppState,
    db: &impl ConnectionTrait,
    rows: Vec<mine::Model>,
) -> AppResult<HashMap<i64, Assessment>> {
    assessments_on(state, db, rows, state.clock.today()).await
}

/// As [`assessments`], on `day`.
pub async fn assessments_on(
    state: &AppState,
    db: &impl ConnectionTrait,
    rows: Vec<mine::Model>,
    day: NaiveDate,
) -> AppResult<HashMap<i64, Assessment>> {
    let places = state.places.current();
    Ok(assess_in_provinces(db, &places, &state.versions, rows, day)
        .await?
        .into_iter()
        .map(|a| (a.mine.id, a.assessment))
        .collect())
}
