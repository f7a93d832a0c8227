//! County rectification plans: drafting and its consistency checks, the workflow of
//! submission and decision, reading (in full, or as published), revision diffs, and the
//! duties that follow approval. Every mutation is one transaction with its audit entry.

pub mod assessed;
pub mod completeness;
pub mod content;
pub mod coordination;
pub mod drafting;
pub mod duties;
pub mod reading;
pub mod snapshots;
pub mod workflow;

use entity::{county, county_plan};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::PlanStatus;
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{PlanEvent, PlanEventType};
use crate::service::audit::{self, Change};
use crate::service::permitted;
use crate::service::plans::content::PlanView;
use crate::service::reference::{self, place_of};
use crate::service::stored::stored_code;
use crate::state::AppState;

/// What a missing plan is called.
pub const PLAN: &str = "县级工作计划";

/// The stored status, parsed.
pub fn status_of(plan: &county_plan::Model) -> AppResult<PlanStatus> {
    stored_code(
        PlanStatus::parse,
        "county_plans",
        "status",
        plan.id,
        &plan.status,
    )
}

pub use crate::service::in_force::in_force_ids;

/// Whether anyone may read the plan as published (approved plans, and those a newer
/// approved revision replaced).
pub fn is_published(status: PlanStatus) -> bool {
    matches!(status, PlanStatus::Approved | PlanStatus::Superseded)
}

/// A plan a caller acts on, with its county: checks the role may ever do `action`
/// (`FORBIDDEN`), that the plan exists (`NOT_FOUND`, also for an unpublished plan outside
/// the caller's scope, which must not leak), that the caller's scope reaches it
/// (`FORBIDDEN`) and that its status allows `step` (`CONFLICT`), in docs/api.md's order.
pub async fn acting_on(
    db: &impl ConnectionTrait,
    caller: &Caller,
    action: Action,
    plan_id: i64,
    step: PlanAction,
) -> AppResult<(county_plan::Model, county::Model, PlanStatus)> {
    permitted(caller, action)?;
    let plan = county_plan::Entity::find_by_id(plan_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(PLAN))?;
    let county = reference::county(db, &plan.county_code)
        .await?
        .ok_or_else(|| AppError::internal(format!("plan {plan_id} has an unknown county")))?;
    let status = status_of(&plan)?;
    if !caller.may(action, place_of(&county)) {
        let visible = is_published(status) || caller.may(Action::ReadPlans, place_of(&county));
        return Err(if visible {
            AppError::Forbidden
        } else {
            AppError::NotFound(PLAN)
        });
    }
    status.after(step).map_err(Conflict::Workflow)?;
    Ok((plan, county, status))
}

/// Takes `action` on the plan in one conditional statement whose expected prior states
/// are the workflow table's, bumping its version: of two concurrent steps (an approval and a return) exactly one changes the row,
/// the other is told `CONFLICT`. `set` adds the step's own columns.
pub async fn step(
    db: &impl ConnectionTrait,
    clock: &dyn Clock,
    plan: &county_plan::Model,
    action: PlanAction,
    set: impl FnOnce(
        sea_orm::UpdateMany<county_plan::Entity>,
    ) -> sea_orm::UpdateMany<county_plan::Entity>,
) -> AppResult<county_plan::Model> {
    let to = status_of(plan)?.after(action).map_err(Conflict::Workflow)?;
    let from = PlanStatus::before(action);
    let update = county_plan::Entity::update_many()
        .col_expr(county_plan::Column::Status, Expr::value(to.code()))
        .col_expr(
            county_plan::Column::Version,
            Expr::col(county_plan::Column::Version).add(1),
        )
        .col_expr(county_plan::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(county_plan::Column::Id.eq(plan.id))
        .filter(county_plan::Column::Status.is_in(from.iter().map(|s| s.code())));
    let result = set(update).exec(db).await?;
    let stored = county_plan::Entity::find_by_id(plan.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(PLAN))?;
    if result.rows_affected != 1 {
        let now = status_of(&stored)?;
        return Err(Conflict::PlanMoved { now }.into());
    }
    Ok(stored)
}

/// Takes `action` on `before`, stamping `column` with now, and audits it as `operation`:
/// a step that records when something happened to the revision (superseded, lists filed).
pub async fn stamp(
    tx: &sea_orm::DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    (county, before): (&county::Model, &county_plan::Model),
    (action, column, operation): (PlanAction, county_plan::Column, Operation),
) -> AppResult<county_plan::Model> {
    let after = step(tx, clock, before, action, |update| {
        update.col_expr(column, Expr::value(Some(clock.now())))
    })
    .await?;
    audit_plan(
        tx,
        clock,
        caller,
        county,
        (operation, after.id),
        (Some(before), Some(&after)),
    )
    .await?;
    Ok(after)
}

/// Records a plan mutation (`operation` on plan `plan_id`) in the audit trail, with the
/// images before and after.
pub async fn audit_plan<T: serde::Serialize>(
    db: &sea_orm::DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    county: &county::Model,
    (operation, plan_id): (Operation, i64),
    (before, after): (Option<&T>, Option<&T>),
) -> AppResult<()> {
    audit::record(
        db,
        clock,
        caller,
        Change::in_city(&county.city_code, operation, plan_id, (before, after)),
    )
    .await
}

/// The event of `kind` about the plan as `view` shows it.
pub fn event_of(state: &AppState, view: &PlanView, kind: PlanEventType) -> PlanEvent {
    PlanEvent::new(
        kind,
        state.clock.now(),
        view.plan.id,
        &view.plan.county_code,
        view.status.code(),
    )
}

/// Runs a plan mutation in one write transaction that also announces its event; the event
/// reaches subscribers only once the transaction has committed.
pub async fn announcing<T>(
    state: &AppState,
    core: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> AppResult<(T, PlanEvent)>,
) -> AppResult<T> {
    crate::infra::events::announcing(&state.db, &state.plan_events, async |tx| {
        let (value, event) = core(tx).await?;
        Ok((value, Some(event)))
    })
    .await
}
