//! `withdrawBlock`: an entry leaves its plan. Until its plan or batch is approved any entry
//! may go, giving its places back; once it is published only an unsold one may
//! ([`crate::domain::outcome::may_withdraw`]), and it holds no place to give back. The
//! entry moves by a conditional update ([`super::entries`]) before anything is given back,
//! so simultaneous withdrawals of one entry give its places back once.

use entity::{transfer_entry, transfer_plan};
use sea_orm::Set;

use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::outcome::may_withdraw;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{TransferEventType, announcing};
use crate::service::admission::entries::{audited, entry_in_city, hold_open, moved, outcome_of};
use crate::service::admission::places;
use crate::service::{permitted, require};
use crate::state::AppState;

const REASON: TextField = TextField {
    field: "reason",
    label: "撤回理由",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// `withdrawBlock`: the entry leaves its plan for `reason`; the plan it left.
pub async fn withdraw(
    state: &AppState,
    viewer: Option<&Caller>,
    entry_id: i64,
    reason: &str,
) -> AppResult<transfer_plan::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    permitted(caller, Action::WithdrawBlocks)?;
    announcing(&state.db, &state.transfer_events, async |tx| {
        let (before, plan) = entry_in_city(tx, caller, entry_id).await?;
        if before.withdrawn_at.is_some() {
            return Err(AppError::Conflict(Conflict::EntryWithdrawn));
        }
        if !may_withdraw(before.published, outcome_of(&before)?) {
            return Err(AppError::Conflict(Conflict::TransferPlanApproved {
                year: plan.year,
                refused: Some("只能撤回流拍的区块"),
            }));
        }
        let reason = REASON.required(reason)?;
        if !before.published {
            // Serialised with the approval that would publish it.
            hold_open(tx, clock, &plan).await?;
        }
        let mut row: transfer_entry::ActiveModel = before.clone().into();
        row.active_block = Set(None);
        row.holds_place = Set(false);
        row.withdrawn_at = Set(Some(clock.now()));
        row.withdrawn_reason = Set(Some(reason));
        row.version = Set(before.version + 1);
        row.updated_at = Set(clock.now());
        let after = moved(tx, &before, row).await?;
        if before.holds_place {
            places::give_back(tx, &before, &plan.city_code).await?;
        }
        let event = audited(
            tx,
            (clock, caller),
            &plan,
            (Operation::WithdrawBlock, TransferEventType::Withdrawn),
            (&before, &after),
        )
        .await?;
        Ok((plan, Some(event)))
    })
    .await
}
