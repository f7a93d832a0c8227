//! Every change of a transfer-plan entry, and of the plan it lands in, is one conditional
//! transition: a statement that names the state it expects (the entry's version, the plan
//! still a draft) and whose affected rows decide. Of concurrent callers acting on one
//! read of an entry, exactly one moves it, on SQLite and on PostgreSQL (where the losers'
//! updates wait on the winner's row lock, then find the state gone); the rest are told
//! `CONFLICT`. So a place is given back or taken again once per change of the entry, and
//! an admission lands in a plan only while the plan is a draft.

use entity::{transfer_entry, transfer_plan};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::clock::Clock;
use crate::domain::access::Caller;
use crate::domain::codes::{TransferOutcome, TransferPlanStatus};
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{TransferEvent, TransferEventType};
use crate::infra::writes::Versioned;
use crate::service::audit::Change;
use crate::service::stored::stored_code;

/// Where an entry's version lives.
const ENTRY: Versioned<transfer_entry::Entity> = Versioned {
    id: transfer_entry::Column::Id,
    version: transfer_entry::Column::Version,
    version_of: |entry| entry.version,
    what: "出让计划条目",
};

/// Writes `row` over `before` only while the stored entry still has `before`'s version;
/// the entry as written, or `CONFLICT` when another change came first.
pub async fn moved(
    tx: &DatabaseTransaction,
    before: &transfer_entry::Model,
    row: transfer_entry::ActiveModel,
) -> AppResult<transfer_entry::Model> {
    ENTRY
        .save(tx, row, before.id, before.version, || {
            AppError::Conflict(Conflict::BlockListed)
        })
        .await
}

/// Holds `plan` as a draft for the rest of the transaction (touching its row, only while
/// it is a draft), so an approval waits for this change or this change finds the plan
/// approved: an entry never lands in, or leaves, a plan that is already approved.
pub async fn hold_draft(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    plan: &transfer_plan::Model,
) -> AppResult<()> {
    let held = transfer_plan::Entity::update_many()
        .col_expr(transfer_plan::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(transfer_plan::Column::Id.eq(plan.id))
        .filter(transfer_plan::Column::Status.eq(TransferPlanStatus::Draft.code()))
        .exec(tx)
        .await?;
    if held.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(Conflict::TransferPlanApproved {
            year: plan.year,
            refused: Some("不能再调整"),
        }))
    }
}

/// The outcome a platform last reported for `entry`, if any.
pub fn outcome_of(entry: &transfer_entry::Model) -> AppResult<Option<TransferOutcome>> {
    entry
        .outcome
        .as_deref()
        .map(|o| {
            stored_code(
                TransferOutcome::parse,
                "transfer_entries",
                "outcome",
                entry.id,
                o,
            )
        })
        .transpose()
}

/// Audits the change of an entry of `plan` by `operation` and says what to announce: every
/// step of an entry's life is both (docs/rules.md, NEW-3 across a block's life).
pub async fn audited(
    tx: &DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    plan: &transfer_plan::Model,
    (operation, kind): (Operation, TransferEventType),
    (before, after): (&transfer_entry::Model, &transfer_entry::Model),
) -> AppResult<TransferEvent> {
    Change::in_city(
        &plan.city_code,
        operation,
        after.id,
        (Some(before), Some(after)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(TransferEvent::new(
        kind,
        clock.now(),
        (&plan.city_code, plan.year),
        Some(after.id),
    )
    .of_published_entry(before.published))
}

/// Holds `plan` open for an admission or a withdrawal for the rest of the transaction, and
/// says which batch is open: the plan itself (0) while it is compiled; once it is approved,
/// the next supplementary batch, held against that batch's approval (the plan's row is
/// touched only while no further batch was approved since it was read).
pub async fn hold_open(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    plan: &transfer_plan::Model,
) -> AppResult<i32> {
    if plan.status == TransferPlanStatus::Draft.code() {
        hold_draft(tx, clock, plan).await?;
        return Ok(0);
    }
    let held = transfer_plan::Entity::update_many()
        .col_expr(transfer_plan::Column::UpdatedAt, Expr::value(clock.now()))
        .filter(transfer_plan::Column::Id.eq(plan.id))
        .filter(transfer_plan::Column::Batches.eq(plan.batches))
        .exec(tx)
        .await?;
    if held.rows_affected == 1 {
        Ok(plan.batches + 1)
    } else {
        Err(AppError::Conflict(Conflict::TransferPlanApproved {
            year: plan.year,
            refused: Some("补充批次刚获批准，请重试"),
        }))
    }
}

/// The entry `entry_id` with its plan, as `caller` may act on it: `NOT_FOUND` when there
/// is none, or when it lies in another city than the caller's (which must not leak).
pub async fn entry_in_city(
    tx: &DatabaseTransaction,
    caller: &Caller,
    entry_id: i64,
) -> AppResult<(transfer_entry::Model, transfer_plan::Model)> {
    let entry = transfer_entry::Entity::find_by_id(entry_id)
        .one(tx)
        .await?
        .ok_or(AppError::NotFound("出让计划条目"))?;
    let plan = transfer_plan::Entity::find_by_id(entry.transfer_plan_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal("entry without a plan"))?;
    if caller
        .city
        .as_deref()
        .is_some_and(|own| own != plan.city_code)
    {
        return Err(AppError::NotFound("出让计划条目"));
    }
    Ok((entry, plan))
}
