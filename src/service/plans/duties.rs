//! The duties that follow an approved plan (docs/rules.md): created at approval from the duty
//! kinds in force, completed one by one (a completed closure closes the mine, a completed
//! integration creates the unified mine and closes its members into it), and listed when
//! overdue.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{county, county_plan, duty, duty_kind, mine, plan_entry};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::ValidationError;
use crate::domain::access::{Action, Caller, Region};
use crate::domain::amount::wan_yuan;
use crate::domain::codes::{EntryKind, HolderType, LicenceLevel, OperatingStatus, Route};
use crate::domain::mine::{MineDraft, MineFacts, plausible_date};
use crate::domain::plan::PlanAction;
use crate::domain::plan::duties::{
    Completion, DueField, DutyEntry, DutyKind, DutyMine, EntryDates, Performer, duties_for,
};
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult};
use crate::infra::events::{PlanEvent, PlanEventType};
use crate::infra::writes::Versioned;
use crate::service::audit::Change;
use crate::service::mine_rows::{draft_of, new_row};
use crate::service::plans::content::{PlanView, method_of};
use crate::service::plans::in_force_ids;
use crate::service::plans::{acting_on, announcing};
use crate::service::require;
use crate::service::scope::scoped;
use crate::service::stored::stored_code;
use crate::state::AppState;

const NOTE: TextField = TextField {
    field: "note",
    label: "完成情况说明",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// The duty kinds in force, in their configured order.
pub async fn kinds(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<DutyKind>> {
    duty_kind::Entity::find()
        .order_by_asc(duty_kind::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|row| parse_kind(&row))
        .collect()
}

fn parse_kind(row: &duty_kind::Model) -> AppResult<DutyKind> {
    let bad = |column: &str, value: &str| {
        AppError::internal(format!(
            "duty_kinds row {}: column {column} holds unknown code {value:?}",
            row.code
        ))
    };
    let routes = row
        .routes
        .split(',')
        .map(|code| Route::parse(code.trim()).ok_or_else(|| bad("routes", code)))
        .collect::<AppResult<Vec<Route>>>()?;
    let due = match row.due_field.as_str() {
        "CLOSE_BY" => DueField::CloseBy,
        "RESTORATION_DUE_BY" => DueField::RestorationDueBy,
        "COMPLETE_BY" => DueField::CompleteBy,
        "SAFETY_FACILITIES_BY" => DueField::SafetyFacilitiesBy,
        "LICENCE_CHANGE_BY" => DueField::LicenceChangeBy,
        other => return Err(bad("due_field", other)),
    };
    let completes = match row.completes.as_str() {
        "RECORD" => Completion::Record,
        "CLOSES_MINE" => Completion::ClosesMine,
        "UNIFIES_GROUP" => Completion::UnifiesGroup,
        other => return Err(bad("completes", other)),
    };
    let performer = match row.performer.as_str() {
        "HOLDER" => Performer::Holder,
        "LICENSING_AUTHORITY" => Performer::LicensingAuthority,
        "COUNTY" => Performer::County,
        other => return Err(bad("performer", other)),
    };
    Ok(DutyKind {
        code: row.code.clone(),
        name: row.name.clone(),
        routes,
        licensed_only: row.licensed_only,
        valid_licence_only: row.valid_licence_only,
        due,
        completes,
        performer,
    })
}

/// The route an entry sets, if it has duties.
fn route_of(entry: &plan_entry::Model) -> Option<Route> {
    match EntryKind::parse(&entry.kind)? {
        EntryKind::Closure => Some(match method_of(entry) {
            crate::domain::assessment::Disposition::Close => Route::Close,
            _ => Route::Exit,
        }),
        EntryKind::Upgrade => Some(Route::Upgrade),
        EntryKind::Integration => Some(Route::Integration),
        _ => None,
    }
}

fn duty_mine(row: &mine::Model) -> AppResult<DutyMine> {
    Ok(DutyMine {
        id: row.id,
        holder: row.holder.clone(),
        licensed: row.has_mining_licence && row.licence_no.is_some(),
        licence_valid_until: row.licence_valid_until,
        licence_level: row
            .licence_level
            .as_deref()
            .map(|level| stored_code(LicenceLevel::parse, "mines", "licence_level", row.id, level))
            .transpose()?,
    })
}

/// Creates the duties of a plan approved on `approved_on`. A duty the revision it replaces
/// already had (same mine or group, same kind) keeps its done date, note and amount.
pub async fn create_for(
    tx: &DatabaseTransaction,
    state: &AppState,
    view: &PlanView,
    county: &county::Model,
    approved_on: NaiveDate,
) -> AppResult<()> {
    let kinds = kinds(tx).await?;
    let earlier = match view.plan.revises_id {
        Some(previous) => carried_over(tx, previous).await?,
        None => HashMap::new(),
    };
    let now = state.clock.now();
    for entry in &view.entries {
        let Some(route) = route_of(entry) else {
            continue;
        };
        let mines = view.mines_of(entry.id);
        let dates = EntryDates {
            close_by: entry.close_by,
            restoration_due_by: entry.restoration_due_by,
            complete_by: entry.complete_by,
            safety_facilities_by: entry.safety_facilities_by,
            licence_change_by: entry.licence_change_by,
        };
        let subjects: Vec<DutyEntry> = if route == Route::Integration {
            let largest = mines
                .iter()
                .max_by(|a, b| a.row.production_scale.total_cmp(&b.row.production_scale));
            vec![DutyEntry {
                entry_id: entry.id,
                route,
                mine: None,
                group_holder: entry
                    .unified_holder
                    .clone()
                    .or_else(|| largest.map(|m| m.row.holder.clone())),
                dates,
            }]
        } else {
            mines
                .iter()
                .map(|m| {
                    Ok(DutyEntry {
                        entry_id: entry.id,
                        route,
                        mine: Some(duty_mine(&m.row)?),
                        group_holder: None,
                        dates,
                    })
                })
                .collect::<AppResult<_>>()?
        };
        let group_key = subject_key(&mines.iter().map(|m| m.row.id).collect::<Vec<_>>());
        for subject in &subjects {
            for new in duties_for(subject, &kinds, approved_on, &county.name) {
                let key = (group_key.clone(), new.kind.clone());
                let done = earlier.get(&key);
                duty::ActiveModel {
                    plan_id: Set(view.plan.id),
                    entry_id: Set(new.entry_id),
                    mine_id: Set(new.mine_id),
                    county_code: Set(county.code.clone()),
                    kind: Set(new.kind),
                    responsible: Set(new.responsible),
                    due_by: Set(new.due_by),
                    done_on: Set(done.and_then(|d| d.done_on)),
                    note: Set(done.and_then(|d| d.note.clone())),
                    amount_wan_yuan: Set(done.and_then(|d| d.amount_wan_yuan.clone())),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// What a duty is about: its entry's mines, sorted.
fn subject_key(mine_ids: &[i64]) -> String {
    let mut ids = mine_ids.to_vec();
    ids.sort_unstable();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The done duties of a plan by (its entry's mines, kind).
async fn carried_over(
    tx: &DatabaseTransaction,
    plan_id: i64,
) -> AppResult<HashMap<(String, String), duty::Model>> {
    let done = duty::Entity::find()
        .filter(duty::Column::PlanId.eq(plan_id))
        .filter(duty::Column::DoneOn.is_not_null())
        .all(tx)
        .await?;
    let members = entity::plan_mine::Entity::find()
        .filter(entity::plan_mine::Column::PlanId.eq(plan_id))
        .all(tx)
        .await?;
    Ok(done
        .into_iter()
        .map(|d| {
            let ids: Vec<i64> = members
                .iter()
                .filter(|m| m.entry_id == d.entry_id)
                .map(|m| m.mine_id)
                .collect();
            ((subject_key(&ids), d.kind.clone()), d)
        })
        .collect())
}

/// What `completeDuty` records.
#[derive(Debug, Clone)]
pub struct Completed {
    pub done_on: NaiveDate,
    pub note: Option<String>,
    /// Settlement amount, 万元, a decimal string.
    pub amount_wan_yuan: Option<String>,
}

/// Where a duty's version lives.
const DUTY: Versioned<duty::Entity> = Versioned {
    id: duty::Column::Id,
    version: duty::Column::Version,
    version_of: |duty| duty.version,
    what: "后续工作",
};

/// `completeDuty`: records a duty of an in-force plan as done (by the plan's county).
pub async fn complete(
    state: &AppState,
    viewer: Option<&Caller>,
    duty_id: i64,
    done: Completed,
) -> AppResult<duty::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    announcing(state, async |tx| {
        if !caller.may_ever(Action::WritePlans) {
            return Err(AppError::Forbidden);
        }
        let before = duty::Entity::find_by_id(duty_id)
            .one(tx)
            .await?
            .ok_or(AppError::NotFound("后续工作"))?;
        let (plan, county, _) = acting_on(
            tx,
            caller,
            Action::WritePlans,
            before.plan_id,
            PlanAction::FollowUp,
        )
        .await?;
        if before.done_on.is_some() {
            return Err(AppError::Conflict("该项工作已办结".into()));
        }
        let today = clock.today();
        plausible_date(done.done_on, "doneOn")?;
        if done.done_on > today {
            return Err(AppError::invalid(
                "doneOn",
                format!("完成日期不能晚于今天（{today}）"),
            ));
        }
        let note = match &done.note {
            Some(text) => NOTE.clean(text)?,
            None => None,
        };
        let kind = duty_kind::Entity::find_by_id(before.kind.clone())
            .one(tx)
            .await?
            .ok_or_else(|| AppError::internal(format!("duty {duty_id}: unknown kind")))?;
        let kind = parse_kind(&kind)?;
        let amount = settlement_amount(&kind, done.amount_wan_yuan.as_deref())?;
        let mut row: duty::ActiveModel = before.clone().into();
        row.done_on = Set(Some(done.done_on));
        row.note = Set(note);
        row.amount_wan_yuan = Set(amount);
        row.version = Set(before.version + 1);
        row.updated_at = Set(clock.now());
        // Conditional on the version read: of simultaneous completions exactly one lands
        // (and closes the mine or unifies the group once); the others are `CONFLICT`.
        let after = DUTY
            .save(tx, row, before.id, before.version, || {
                AppError::Conflict("该项工作已办结".into())
            })
            .await?;
        Change::in_city(
            &county.city_code,
            "completeDuty",
            ("Duty", after.id),
            (Some(&before), Some(&after)),
        )
        .record(tx, clock, caller)
        .await?;
        match kind.completes {
            Completion::Record => {}
            Completion::ClosesMine => {
                if let Some(mine_id) = after.mine_id {
                    close_mine(tx, state, caller, &county, mine_id, "completeDuty", false).await?;
                }
            }
            Completion::UnifiesGroup => {
                unify(tx, state, caller, &plan, &county, after.entry_id).await?;
            }
        }
        let event = PlanEvent::new(
            PlanEventType::DutyCompleted,
            clock.now(),
            plan.id,
            &plan.county_code,
            &plan.status,
        );
        Ok((after, event))
    })
    .await
}

/// A settlement (the kind that applies only to valid licences) records its amount.
fn settlement_amount(kind: &DutyKind, amount: Option<&str>) -> AppResult<Option<String>> {
    let Some(text) = amount.map(str::trim).filter(|t| !t.is_empty()) else {
        return if kind.valid_licence_only {
            Err(AppError::invalid(
                "amountWanYuan",
                "利益处置须填写补偿或退还金额（万元）",
            ))
        } else {
            Ok(None)
        };
    };
    Ok(Some(wan_yuan(text, "amountWanYuan", false)?))
}

/// Sets a mine CLOSED (version + 1), audited as part of the completing transaction.
async fn close_mine(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    mine_id: i64,
    operation: &str,
    release_licence: bool,
) -> AppResult<Option<mine::Model>> {
    let clock = state.clock.as_ref();
    let Some(before) = mine::Entity::find_by_id(mine_id).one(tx).await? else {
        return Ok(None);
    };
    if before.status == OperatingStatus::Closed.code() && !release_licence {
        return Ok(Some(before));
    }
    let mut row: mine::ActiveModel = before.clone().into();
    row.status = Set(OperatingStatus::Closed.code().into());
    if release_licence {
        row.licence_no = Set(None);
    }
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = row.update(tx).await?;
    Change::in_city(
        &county.city_code,
        operation,
        ("Mine", after.id),
        (Some(&before), Some(&after)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(Some(after))
}

/// Completes an integration: the unified mine joins the registry (the group's name and
/// holder, the members' mineral, the target or summed scale, the summed reserves; the
/// largest member's method, position, ore body and licence, which passes to the unified
/// right) and every member is closed into it.
async fn unify(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    plan: &county_plan::Model,
    county: &county::Model,
    entry_id: i64,
) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let entry = plan_entry::Entity::find_by_id(entry_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal(format!("duty of missing entry {entry_id}")))?;
    if entry.unified_mine_id.is_some() {
        return Ok(());
    }
    let ids: Vec<i64> = entity::plan_mine::Entity::find()
        .filter(entity::plan_mine::Column::EntryId.eq(entry.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|m| m.mine_id)
        .collect();
    let members = mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids))
        .order_by_asc(mine::Column::Id)
        .all(tx)
        .await?;
    let Some(largest) = members
        .iter()
        .max_by(|a, b| a.production_scale.total_cmp(&b.production_scale))
        .cloned()
    else {
        return Err(AppError::internal(format!(
            "group {entry_id} has no members"
        )));
    };
    let mut closed = Vec::with_capacity(members.len());
    for member in &members {
        // The largest member's licence passes to the unified right: freed as it closes.
        let release = member.id == largest.id;
        closed.push(close_mine(tx, state, caller, county, member.id, "unifyMines", release).await?);
    }
    let mut draft: MineDraft = draft_of(&largest)?;
    draft.name = entry
        .unified_name
        .clone()
        .unwrap_or_else(|| largest.name.clone());
    if let Some(holder) = &entry.unified_holder {
        draft.holder = holder.clone();
        draft.holder_type = HolderType::Enterprise;
    }
    draft.production_scale = entry
        .target_scale
        .unwrap_or_else(|| members.iter().map(|m| m.production_scale).sum());
    draft.remaining_reserves = members.iter().map(|m| m.remaining_reserves).sum();
    draft.surveyed_service_years = None;
    draft.status = OperatingStatus::Producing;
    draft.suspended_since = None;
    draft.construction_deadline = None;
    let facts = MineFacts::parse(draft).map_err(|problems| {
        AppError::Invalid(
            problems
                .into_vec()
                .into_iter()
                .map(|p| ValidationError::new(&format!("unifiedMine.{}", p.field), p.message))
                .collect(),
        )
    })?;
    let unified = new_row(&facts, clock.now()).insert(tx).await?;
    Change::in_city(
        &county.city_code,
        "unifyMines",
        ("Mine", unified.id),
        (None, Some(&unified)),
    )
    .record(tx, clock, caller)
    .await?;
    let mut row: plan_entry::ActiveModel = entry.into();
    row.unified_mine_id = Set(Some(unified.id));
    row.update(tx).await?;
    tracing::info!(
        plan = plan.id,
        unified = unified.id,
        members = closed.len(),
        "integration completed"
    );
    Ok(())
}

/// `overdueDuties`: duties of in-force (approved) plans, not done, due before today, in the
/// reader's scope (and the county asked for), most overdue first.
pub async fn overdue(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: Option<&str>,
    today: NaiveDate,
) -> AppResult<Vec<duty::Model>> {
    let caller = require(viewer)?;
    if !caller.may_ever(Action::ReadPlans) {
        return Err(AppError::Forbidden);
    }
    let region: Region = caller.region();
    let mut query = scoped(duty::Entity::find(), duty::Column::CountyCode, &region)
        .filter(duty::Column::DoneOn.is_null())
        .filter(duty::Column::DueBy.lt(today))
        .filter(duty::Column::PlanId.in_subquery(in_force_ids()));
    if let Some(county) = county_code {
        query = query.filter(duty::Column::CountyCode.eq(county.trim()));
    }
    Ok(query
        .order_by_asc(duty::Column::DueBy)
        .order_by_asc(duty::Column::Id)
        .all(&state.db)
        .await?)
}
