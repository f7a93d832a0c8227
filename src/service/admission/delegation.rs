//! `recordDelegation`: the province delegates one block of a delegable mineral to the city
//! (一事一议, NEW-6), with its reference. The block is then the city's to transfer, on the
//! city's platform. Recorded by the city admin before the block is admitted, since the
//! admission fixes who transfers it.

use entity::{block, mineral};
use sea_orm::{EntityTrait, Set};

use crate::domain::access::{Action, Caller};
use crate::domain::authority::Authority;
use crate::domain::operation::Operation;
use crate::domain::text::TextField;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::admission::facts::{city_of, mineral_authority};
use crate::service::blocks;
use crate::service::blocks::guard::not_admitted;
use crate::service::{permitted, require};
use crate::state::AppState;

const REFERENCE: TextField = TextField::single("reference", "省级委托文号", 200);

/// `recordDelegation`: the block as delegated.
pub async fn delegate(
    state: &AppState,
    viewer: Option<&Caller>,
    block_id: i64,
    reference: &str,
) -> AppResult<block::Model> {
    let caller = require(viewer)?;
    permitted(caller, Action::AdmitBlocks)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let before = blocks::get(tx, viewer, block_id)
            .await?
            .ok_or(AppError::NotFound("规划区块"))?;
        let city = city_of(state, &before)?;
        if caller.city.as_deref().is_some_and(|own| own != city) {
            return Err(AppError::NotFound("规划区块"));
        }
        not_admitted(tx, &before).await?;
        let row = mineral::Entity::find_by_id(before.mineral_code.clone())
            .one(tx)
            .await?
            .ok_or_else(|| AppError::internal("block of an unknown mineral"))?;
        let table = mineral_authority(&row)?;
        if table.authority != Authority::Province || !table.delegable {
            return Err(AppError::invalid(
                "blockId",
                format!("{}不属于省级可委托市级出让的矿种", row.name),
            ));
        }
        let reference = REFERENCE.required(reference)?;
        let mut change: block::ActiveModel = before.clone().into();
        change.delegation_ref = Set(Some(reference));
        change.delegated_at = Set(Some(clock.now()));
        change.delegated_by = Set(Some(caller.sub.clone()));
        let after = blocks::changed(
            tx,
            (clock, caller),
            (&city, Operation::RecordDelegation),
            &before,
            change,
        )
        .await?;
        Ok(after)
    })
    .await
}
