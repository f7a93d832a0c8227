//! The city's decision on a submitted plan: approval (superseding the revision it replaces
//! and creating the duties of its entries), or return with a comment.

use crate::service::admission::standing::{lock_standing, recheck_city};
use entity::county_plan;
use sea_orm::sea_query::Expr;
use serde::{Deserialize, Serialize};

use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::workflow::revision::supersede;
use crate::service::plans::workflow::run;
use crate::service::plans::{duties, snapshots, step};
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

/// `approveCountyPlan`: SUBMITTED → APPROVED; the revision it replaces is superseded, the
/// duties of its entries are created (keeping what was already done under the old one), and
/// the city's standing admissions are checked again on the new ground.
pub async fn approve(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::DecidePlans,
        PlanAction::Approve,
        (Operation::ApproveCountyPlan, PlanEventType::Approved),
        async |tx, caller, plan, county| {
            // First, before this transaction holds any row another re-check needs (the
            // audit chain's head above all), or the two would wait on each other.
            lock_standing(tx, &county.city_code).await?;
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
            snapshots::freeze(tx, clock, &view).await?;
            // The revision in force is the ground admissions stand on: check them again.
            recheck_city(state, tx, &county.city_code).await?;
            Ok(approved)
        },
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
        (Operation::ReturnCountyPlan, PlanEventType::Returned),
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
