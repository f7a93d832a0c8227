//! NEW-5: confirming a block clean (净矿), by the city admin or the block's county official,
//! optionally naming the obstacles that were cleared.

use entity::block;
use sea_orm::Set;

use crate::domain::access::{Action, Caller};
use crate::domain::admission::Obstacle;
use crate::domain::operation::Operation;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::writes::in_write;
use crate::service::blocks;
use crate::service::blocks::guard::for_write;
use crate::service::{permitted, require};
use crate::state::AppState;

const NOTE: TextField = TextField {
    field: "note",
    label: "净矿确认说明",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// `confirmCleanMine`: alone satisfies NEW-5; a second confirmation is a `CONFLICT`.
pub async fn confirm(
    state: &AppState,
    viewer: Option<&Caller>,
    block_id: i64,
    note: Option<&str>,
    cleared: &[Obstacle],
) -> AppResult<block::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        permitted(caller, Action::WriteBlocks)?;
        let (before, county) = for_write(tx, caller, block_id).await?;
        if before.clean_confirmed_at.is_some() {
            return Err(AppError::Conflict(Conflict::CleanConfirmed));
        }
        let note = match note {
            Some(text) => NOTE.clean(text)?,
            None => None,
        };
        let codes: Vec<&str> = cleared.iter().map(|o| o.code()).collect();
        let mut row: block::ActiveModel = before.clone().into();
        row.clean_confirmed_at = Set(Some(clock.now()));
        row.clean_confirmed_by = Set(Some(caller.sub.clone()));
        row.clean_note = Set(note);
        row.obstacles_cleared = Set(Some(
            serde_json::to_string(&codes).map_err(AppError::internal)?,
        ));
        let after = blocks::changed(
            tx,
            (clock, caller),
            (&county.city_code, Operation::ConfirmCleanMine),
            &before,
            row,
        )
        .await?;
        Ok(after)
    })
    .await
}
