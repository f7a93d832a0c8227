//! Drafting a county plan: creating it, adding and removing entries while it is a draft or
//! returned. Each entry is checked for form, for belonging to the plan's county, for sitting
//! on one list only, and for agreeing with the mine's assessment today.

mod coordinated;
mod listable;
mod mine_entries;
mod opening;
mod other_entries;
mod removing;

use entity::{county, county_plan, plan_entry};
use sea_orm::{DatabaseTransaction, Set};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::EntryKind;
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::error::AppResult;
use crate::infra::events::PlanEventType;
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, event_of, step};
use crate::service::require;
use crate::state::AppState;

pub use coordinated::join;
pub use mine_entries::{add_closure, add_integration, add_upgrade, closure_in, upgrade_in};
pub use opening::{NewPlan, create, open_conflict, open_plan};
pub use other_entries::{add_demand_forecast, add_new_mine, add_responsibility, new_mine_in};
pub use removing::remove;

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
    operation: Operation,
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

/// An entry of `kind` on `plan` with nothing else set.
pub fn blank(plan_id: i64, kind: EntryKind) -> plan_entry::ActiveModel {
    plan_entry::ActiveModel {
        plan_id: Set(plan_id),
        kind: Set(kind.code().into()),
        ..Default::default()
    }
}
