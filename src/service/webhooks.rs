//! What the outbox holds, for the operators who watch a receiver that is down: the newest
//! deliveries (or only those still pending), with their attempts and last failure.

use entity::webhook_delivery::{self, Column};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::access::{Action, Caller};
use crate::error::{AppError, AppResult};
use crate::service::require;
use crate::state::AppState;

/// The newest `limit` deliveries (only undelivered ones when `pending`), for the auditors
/// and the city admin (the events are published data; the outbox is their trail).
pub async fn deliveries(
    state: &AppState,
    viewer: Option<&Caller>,
    pending: bool,
    limit: u64,
) -> AppResult<Vec<webhook_delivery::Model>> {
    let caller = require(viewer)?;
    if !caller.may_ever(Action::ReadAudit) {
        return Err(AppError::Forbidden);
    }
    let mut query = webhook_delivery::Entity::find();
    if pending {
        query = query.filter(Column::DeliveredAt.is_null());
    }
    Ok(query
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(&state.db)
        .await?)
}
