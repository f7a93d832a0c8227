//! Completing a duty of a plan in force, by the plan's county: recorded once, and what the
//! duty's kind does besides (closing its mine, or unifying its group) in the same
//! transaction.

use chrono::NaiveDate;
use entity::{county, county_plan, duty, duty_kind, mine, plan_entry};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::OperatingStatus;
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::domain::plan::completion::{completion_note, settlement_amount};
use crate::domain::plan::duties::{Completion, DutyKind};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{PlanEvent, PlanEventType};
use crate::infra::writes::Versioned;
use crate::service::audit::Change;
use crate::service::plans::duties::kinds::parse_kind;
use crate::service::plans::duties::unification::unify;
use crate::service::plans::{acting_on, announcing};
use crate::service::stored_assessments::refresh_dirty;
use crate::service::{permitted, require};
use crate::state::AppState;

/// What `completeDuty` records.
#[derive(Debug, Clone)]
pub struct Completed {
    /// The day it was done: not in the future.
    pub done_on: NaiveDate,
    /// How it was done, in the county's words.
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

/// A duty about to be completed, checked, with what its completion records.
struct Completing {
    before: duty::Model,
    plan: county_plan::Model,
    county: county::Model,
    kind: DutyKind,
    note: Option<String>,
    amount: Option<String>,
}

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
        let completing = completing(tx, clock, caller, duty_id, &done).await?;
        let after = record(tx, clock, caller, &completing, done.done_on).await?;
        let Completing {
            plan, county, kind, ..
        } = completing;
        match kind.completes {
            Completion::Record => {}
            Completion::ClosesMine => {
                if let Some(mine_id) = after.mine_id {
                    close_mine(
                        tx,
                        state,
                        caller,
                        &county,
                        mine_id,
                        Operation::CompleteDuty,
                        false,
                    )
                    .await?;
                }
            }
            Completion::UnifiesGroup => {
                unify(tx, state, caller, &plan, &county, after.entry_id).await?;
            }
            Completion::SetsLicensedScale => {
                if let Some(mine_id) = after.mine_id {
                    licensed_scale(tx, clock, caller, &county, mine_id, after.entry_id).await?;
                }
            }
        }
        // A closed, unified or rescaled mine, and its neighbours, are stored anew.
        refresh_dirty(tx, state).await?;
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

/// The duty `duty_id` as the caller completes it with `done`, in docs/api.md's order of
/// checks: the role, the duty, the plan's scope and state, not done yet, then the
/// input.
async fn completing(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    duty_id: i64,
    done: &Completed,
) -> AppResult<Completing> {
    permitted(caller, Action::WritePlans)?;
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
        return Err(already_done());
    }
    let note = completion_note(done.done_on, done.note.as_deref(), clock.today())?;
    let kind = duty_kind::Entity::find_by_id(before.kind.clone())
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal(format!("duty {duty_id}: unknown kind")))?;
    let kind = parse_kind(&kind)?;
    let amount = settlement_amount(&kind, done.amount_wan_yuan.as_deref())?;
    Ok(Completing {
        before,
        plan,
        county,
        kind,
        note,
        amount,
    })
}

/// Records the duty as done on `done_on`, audited. Conditional on the version read: of
/// simultaneous completions exactly one lands (and closes the mine or unifies the group
/// once); the others are `CONFLICT`.
async fn record(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    completing: &Completing,
    done_on: NaiveDate,
) -> AppResult<duty::Model> {
    let before = &completing.before;
    let mut row: duty::ActiveModel = before.clone().into();
    row.done_on = Set(Some(done_on));
    row.note = Set(completing.note.clone());
    row.amount_wan_yuan = Set(completing.amount.clone());
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = DUTY
        .save(tx, row, before.id, before.version, already_done)
        .await?;
    Change::in_city(
        &completing.county.city_code,
        Operation::CompleteDuty,
        after.id,
        (Some(before), Some(&after)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(after)
}

/// The `CONFLICT` of a duty completed before, or by a concurrent completion.
fn already_done() -> AppError {
    AppError::Conflict(Conflict::DutyDone)
}

/// Sets a mine CLOSED (version + 1), audited as part of the completing transaction; a mine
/// already closed stays as it is unless its licence is to be released.
pub(super) async fn close_mine(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    mine_id: i64,
    operation: Operation,
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
    Change::of_mine(
        &county.city_code,
        operation,
        after.id,
        (Some(&before), Some(&after)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(Some(after))
}

/// Sets the mine's licensed production scale to its upgrade entry's target (version + 1),
/// audited in the completing transaction; an entry without a target changes nothing.
async fn licensed_scale(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    county: &county::Model,
    mine_id: i64,
    entry_id: i64,
) -> AppResult<()> {
    let target = plan_entry::Entity::find_by_id(entry_id)
        .one(tx)
        .await?
        .and_then(|entry| entry.target_scale);
    let (Some(target), Some(before)) = (target, mine::Entity::find_by_id(mine_id).one(tx).await?)
    else {
        return Ok(());
    };
    let mut row: mine::ActiveModel = before.clone().into();
    row.production_scale = Set(target);
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = row.update(tx).await?;
    Change::of_mine(
        &county.city_code,
        Operation::CompleteDuty,
        after.id,
        (Some(&before), Some(&after)),
    )
    .record(tx, clock, caller)
    .await
}
