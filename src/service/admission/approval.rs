//! `approveTransferPlan`: the city approver freezes a year's transfer plan, or, once it is
//! approved, the supplementary batch that later admissions form. Every standing
//! entry is checked again first ([`super::standing`]); one that no longer passes blocks the
//! approval with `ADMISSION_REFUSED`, naming the entries and their failed checks, until it
//! is withdrawn or the approver lets it stand with a written reason, kept on the entry and
//! audited.

use std::collections::BTreeMap;

use entity::{transfer_entry, transfer_plan};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::admission::TABLE_ORDER;
use crate::domain::codes::TransferPlanStatus;
use crate::domain::operation::Operation;
use crate::domain::rule::Rule;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{TransferEvent, TransferEventType, announcing};
use crate::service::admission::standing::{Failing, lock_standing, recheck_year};
use crate::service::admission::transfer::{TransferPlanView, city_for, with_entries};
use crate::service::audit::Change;
use crate::service::{permitted, require};
use crate::state::AppState;

const REASON: TextField = TextField {
    field: "exceptions.reason",
    label: "例外理由",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// `approveTransferPlan`: the city approver freezes the year's plan, once every standing
/// entry passes again or carries the approver's written exception (`exceptions`: entry id
/// and reason).
pub async fn approve(
    state: &AppState,
    viewer: Option<&Caller>,
    (year, city_code): (i32, Option<&str>),
    exceptions: Vec<(i64, String)>,
) -> AppResult<TransferPlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    permitted(caller, Action::ApproveTransferPlans)?;
    let city = city_for(state, viewer, city_code)?;
    if caller.city.as_deref().is_some_and(|own| own != city) {
        return Err(AppError::Forbidden);
    }
    announcing(&state.db, &state.transfer_events, async |tx| {
        let before = transfer_plan::Entity::find()
            .filter(transfer_plan::Column::CityCode.eq(city.clone()))
            .filter(transfer_plan::Column::Year.eq(year))
            .one(tx)
            .await?
            .ok_or(AppError::NotFound("出让计划"))?;
        lock_standing(tx, &city).await?;
        let batch = open_batch(tx, &before).await?;
        let failing: Vec<Failing> = recheck_year(state, tx, &city, year)
            .await?
            .into_iter()
            .filter(|f| f.entry.batch == batch)
            .collect();
        excepted(tx, (clock, caller), &city, &failing, &exceptions).await?;
        publish(tx, (clock, caller), &before, batch).await?;
        let after = transfer_plan::Entity::find_by_id(before.id)
            .one(tx)
            .await?
            .ok_or(AppError::NotFound("出让计划"))?;
        Change::in_city(
            &city,
            Operation::ApproveTransferPlan,
            after.id,
            (Some(&before), Some(&after)),
        )
        .record(tx, clock, caller)
        .await?;
        let event = TransferEvent::new(
            TransferEventType::Approved,
            clock.now(),
            (&city, year),
            None,
        );
        Ok((with_entries(tx, after).await?, Some(event)))
    })
    .await
}

/// The batch an approval of `plan` publishes: the plan itself (0) while it is a draft, else
/// the supplementary batch its unpublished entries form; `CONFLICT` when there is none.
async fn open_batch(tx: &DatabaseTransaction, plan: &transfer_plan::Model) -> AppResult<i32> {
    if plan.status == TransferPlanStatus::Draft.code() {
        return Ok(0);
    }
    let waiting = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::TransferPlanId.eq(plan.id))
        .filter(transfer_entry::Column::Published.eq(false))
        .filter(transfer_entry::Column::WithdrawnAt.is_null())
        .count(tx)
        .await?;
    if waiting == 0 {
        return Err(AppError::Conflict(Conflict::TransferPlanApproved {
            year: plan.year,
            refused: None,
        }));
    }
    Ok(plan.batches + 1)
}

/// Approves `batch` of `plan`: the plan itself (DRAFT → APPROVED) or its next supplementary
/// batch, by one conditional update of the plan (a concurrent approval or admission that
/// moved it first leaves this one `CONFLICT`); publishes the batch's standing entries.
async fn publish(
    tx: &DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    before: &transfer_plan::Model,
    batch: i32,
) -> AppResult<()> {
    let mut update = transfer_plan::Entity::update_many()
        .col_expr(
            transfer_plan::Column::Version,
            Expr::value(before.version + 1),
        )
        .col_expr(transfer_plan::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(transfer_plan::Column::Id.eq(before.id));
    update = if batch == 0 {
        update
            .col_expr(
                transfer_plan::Column::Status,
                Expr::value(TransferPlanStatus::Approved.code()),
            )
            .col_expr(
                transfer_plan::Column::ApprovedAt,
                Expr::value(Some(clock.now())),
            )
            .col_expr(
                transfer_plan::Column::ApprovedBy,
                Expr::value(Some(caller.sub.clone())),
            )
            .filter(transfer_plan::Column::Status.eq(TransferPlanStatus::Draft.code()))
    } else {
        update
            .col_expr(transfer_plan::Column::Batches, Expr::value(batch))
            .filter(transfer_plan::Column::Batches.eq(batch - 1))
    };
    if update.exec(tx).await?.rows_affected != 1 {
        return Err(AppError::Conflict(Conflict::TransferPlanApproved {
            year: before.year,
            refused: None,
        }));
    }
    transfer_entry::Entity::update_many()
        .col_expr(transfer_entry::Column::Published, Expr::value(true))
        .col_expr(
            transfer_entry::Column::Version,
            Expr::col(transfer_entry::Column::Version).add(1),
        )
        .col_expr(transfer_entry::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(transfer_entry::Column::TransferPlanId.eq(before.id))
        .filter(transfer_entry::Column::Batch.eq(batch))
        .filter(transfer_entry::Column::WithdrawnAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}

/// Keeps the approver's exceptions on the failing entries they name (audited), or refuses:
/// `BAD_USER_INPUT` for an exception naming no failing entry of the plan, `ADMISSION_REFUSED`
/// while a failing entry has none.
async fn excepted(
    tx: &DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    city: &str,
    failing: &[Failing],
    exceptions: &[(i64, String)],
) -> AppResult<()> {
    let mut reasons: BTreeMap<i64, String> = BTreeMap::new();
    for (i, (entry_id, reason)) in exceptions.iter().enumerate() {
        if !failing.iter().any(|f| f.entry.id == *entry_id) {
            return Err(AppError::invalid(
                &format!("exceptions[{i}].entryId"),
                "该条目复核未发现不符合项，无需例外",
            ));
        }
        reasons.insert(*entry_id, REASON.required(reason)?);
    }
    let unresolved: Vec<&Failing> = failing
        .iter()
        .filter(|f| f.entry.standing_exception.is_none() && !reasons.contains_key(&f.entry.id))
        .collect();
    if !unresolved.is_empty() {
        return Err(refused(&unresolved));
    }
    for (entry_id, reason) in reasons {
        let Some(before) = failing.iter().find(|f| f.entry.id == entry_id) else {
            continue;
        };
        transfer_entry::Entity::update_many()
            .col_expr(
                transfer_entry::Column::StandingException,
                Expr::value(Some(reason)),
            )
            .filter(transfer_entry::Column::Id.eq(entry_id))
            .exec(tx)
            .await?;
        let after = transfer_entry::Entity::find_by_id(entry_id)
            .one(tx)
            .await?
            .ok_or(AppError::NotFound("出让计划条目"))?;
        Change {
            entity: "TransferPlanEntry",
            ..Change::in_city(
                city,
                Operation::ApproveTransferPlan,
                entry_id,
                (Some(&before.entry), Some(&after)),
            )
        }
        .record(tx, clock, caller)
        .await?;
    }
    Ok(())
}

/// `ADMISSION_REFUSED` naming each failing entry with its rules and what they found.
fn refused(unresolved: &[&Failing]) -> AppError {
    let failed: Vec<Rule> = TABLE_ORDER
        .into_iter()
        .filter(|rule| unresolved.iter().any(|f| f.failed.contains(rule)))
        .collect();
    let lines: Vec<String> = unresolved
        .iter()
        .map(|f| {
            let rules: Vec<&str> = f.failed.iter().map(|rule| rule.code()).collect();
            format!("条目{}（{}）：{}", f.entry.id, rules.join("、"), f.detail)
        })
        .collect();
    AppError::AdmissionRefused {
        message: format!(
            "出让计划复核未通过，须撤回或由审批人书面说明例外：{}",
            lines.join("；")
        ),
        failed,
        entries: unresolved
            .iter()
            .map(|f| (f.entry.id, f.failed.clone()))
            .collect(),
    }
}
