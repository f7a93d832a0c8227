//! The plan's workflow (docs/rules.md): submit (re-checking every entry against today's
//! assessments, and that the three batches are complete), recall,
//! approve (creating the follow-up duties and superseding the revision it replaces), return
//! with a comment, and revise an approved plan into a new draft.

mod decision;
mod revision;
mod submission;

use entity::{county, county_plan};
use sea_orm::DatabaseTransaction;

use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::error::AppResult;
use crate::infra::events::PlanEventType;
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, event_of};
use crate::service::require;
use crate::state::AppState;

pub use decision::{PlanComment, approve, comments_of, send_back};
pub use revision::revise;
pub use submission::{recall, submit};

/// Runs one workflow step in a transaction of its own and returns the plan as it now reads.
async fn run(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    action: Action,
    step_name: PlanAction,
    (operation, kind): (Operation, PlanEventType),
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
