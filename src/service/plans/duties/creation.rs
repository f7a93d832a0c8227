//! Creating the duties of a plan as it is approved, in the approving transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{county, duty, mine, plan_entry, plan_mine};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::domain::assessment::Disposition;
use crate::domain::codes::{EntryKind, LicenceLevel, Route};
use crate::domain::plan::approval::{
    ApprovedEntry, DoneDuties, DoneRecord, PlannedDuty, planned_duties, subject_key,
};
use crate::domain::plan::duties::{DutyEntry, DutyMine, EntryDates};
use crate::domain::plan::group::{largest, merging};
use crate::error::AppResult;
use crate::service::plans::content::{PlanView, method_of};
use crate::service::plans::coordination::joined_by;
use crate::service::plans::duties::kinds::kinds;
use crate::service::stored::stored_code;
use crate::state::AppState;

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
        None => DoneDuties::new(),
    };
    let now = state.clock.now();
    let coordinated = joined_by(tx, view).await?;
    let entries = approved_entries(view, &coordinated)?;
    let planned = planned_duties(&entries, &kinds, approved_on, &county.name, &earlier);
    insert_duties(tx, (view.plan.id, county), planned, now).await
}

/// The done duties of a plan by (its mine, else its entry's mines; kind).
async fn carried_over(tx: &DatabaseTransaction, plan_id: i64) -> AppResult<DoneDuties> {
    let done = duty::Entity::find()
        .filter(duty::Column::PlanId.eq(plan_id))
        .filter(duty::Column::DoneOn.is_not_null())
        .all(tx)
        .await?;
    let members = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(plan_id))
        .all(tx)
        .await?;
    Ok(done
        .into_iter()
        .map(|d| {
            let ids: Vec<i64> = match d.mine_id {
                Some(mine) => vec![mine],
                None => members
                    .iter()
                    .filter(|m| m.entry_id == d.entry_id)
                    .map(|m| m.mine_id)
                    .collect(),
            };
            let record = DoneRecord {
                done_on: d.done_on,
                note: d.note,
                amount_wan_yuan: d.amount_wan_yuan,
            };
            ((subject_key(&ids), d.kind), record)
        })
        .collect())
}

/// The plan's entries that set a route, as their duties read them: a group's duty is the
/// group's (its unified holder, else its largest member's holder, answers for it), any
/// other entry's duties are each mine's.
fn approved_entries(
    view: &PlanView,
    coordinated: &HashMap<i64, Vec<mine::Model>>,
) -> AppResult<Vec<ApprovedEntry>> {
    let mut approved = Vec::new();
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
            let own: Vec<&mine::Model> = mines.iter().map(|m| &m.row).collect();
            let whole: Option<Vec<&mine::Model>> = entry
                .coordinated_group_id
                .and_then(|g| coordinated.get(&g))
                .map(|members| members.iter().collect());
            group_subjects(entry, (&own, whole.as_deref()), dates)?
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
        let mine_ids = mines.iter().map(|m| m.row.id).collect();
        approved.push(ApprovedEntry { subjects, mine_ids });
    }
    Ok(approved)
}

/// The subjects of a group's duties: the group itself (its unified holder, else its largest
/// member's holder, answers for its completion), and each of the entry's `own` members whose
/// right merges into another holder, due by the group's 完成时间. A city-coordinated group
/// is weighed `whole`, every county's members together.
fn group_subjects(
    entry: &plan_entry::Model,
    (own, whole): (&[&mine::Model], Option<&[&mine::Model]>),
    dates: EntryDates,
) -> AppResult<Vec<DutyEntry>> {
    let members = whole.unwrap_or(own);
    let Some(holder) = entry
        .unified_holder
        .clone()
        .or_else(|| largest(members, |m| m.production_scale).map(|m| m.holder.clone()))
    else {
        return Ok(Vec::new());
    };
    let member_dates = EntryDates {
        close_by: dates.complete_by,
        restoration_due_by: dates.complete_by,
        ..dates
    };
    let mut subjects = vec![DutyEntry {
        entry_id: entry.id,
        route: Route::Integration,
        mine: None,
        group_holder: Some(holder.clone()),
        dates,
    }];
    let ours: Vec<i64> = own.iter().map(|m| m.id).collect();
    for member in merging(members, |m| m.production_scale, |m| &m.holder, &holder) {
        if ours.contains(&member.id) {
            subjects.push(DutyEntry {
                entry_id: entry.id,
                route: Route::Merge,
                mine: Some(duty_mine(member)?),
                group_holder: None,
                dates: member_dates,
            });
        }
    }
    Ok(subjects)
}

/// The route an entry sets, if it has duties.
fn route_of(entry: &plan_entry::Model) -> Option<Route> {
    match EntryKind::parse(&entry.kind)? {
        EntryKind::Closure => Some(match method_of(entry) {
            Disposition::Close => Route::Close,
            _ => Route::Exit,
        }),
        EntryKind::Upgrade => Some(Route::Upgrade),
        EntryKind::Integration => Some(Route::Integration),
        _ => None,
    }
}

/// A mine as its duties read it; a stored licence level that does not parse is a corrupt
/// row.
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

/// Inserts the planned duties of plan `plan_id` in `county`, created `now`.
async fn insert_duties(
    tx: &DatabaseTransaction,
    (plan_id, county): (i64, &county::Model),
    planned: Vec<PlannedDuty<'_>>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    for PlannedDuty { duty: new, carried } in planned {
        duty::ActiveModel {
            plan_id: Set(plan_id),
            entry_id: Set(new.entry_id),
            mine_id: Set(new.mine_id),
            county_code: Set(county.code.clone()),
            kind: Set(new.kind),
            responsible: Set(new.responsible),
            due_by: Set(new.due_by),
            done_on: Set(carried.and_then(|d| d.done_on)),
            note: Set(carried.and_then(|d| d.note.clone())),
            amount_wan_yuan: Set(carried.and_then(|d| d.amount_wan_yuan.clone())),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    Ok(())
}
