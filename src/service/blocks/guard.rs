//! What every change of a stored block checks first: that the caller may write it, and,
//! for a change of the facts an admission stands on, that it is not admitted yet.

use entity::{block, county, transfer_entry};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::access::{Action, Caller};
use crate::error::{AppError, AppResult, Conflict};
use crate::service::blocks::get;
use crate::service::reference;
use crate::service::scope::authorise;

/// The block `id` and its county, for a write by `caller`: `NOT_FOUND` beyond what the
/// caller reads, `FORBIDDEN` beyond the county it writes.
pub async fn for_write(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> AppResult<(block::Model, county::Model)> {
    let block = get(db, Some(caller), id)
        .await?
        .ok_or(AppError::NotFound("规划区块"))?;
    let county = reference::county(db, &block.county_code)
        .await?
        .ok_or_else(|| AppError::internal("block of an unknown county"))?;
    authorise(caller, Action::WriteBlocks, &county)?;
    Ok((block, county))
}

/// `CONFLICT` once `block` stands in a transfer plan: its admission fixed what it stands on.
pub async fn not_admitted(db: &impl ConnectionTrait, block: &block::Model) -> AppResult<()> {
    let admitted = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::ActiveBlock.eq(block.id))
        .one(db)
        .await?;
    match admitted {
        Some(_) => Err(AppError::Conflict(Conflict::BlockListed)),
        None => Ok(()),
    }
}
