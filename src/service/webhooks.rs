//! What the outbox holds, for the operators who watch a receiver that is down: the newest
//! deliveries (or only those still pending), with their attempts and last failure.

use entity::webhook_delivery::{self, Column};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::access::{Action, Caller};
use crate::domain::page::PageRequest;
use crate::error::AppResult;
use crate::service::{permitted, require};
use crate::state::AppState;

/// The newest deliveries of `page` (older than its cursor; only undelivered ones when
/// `pending`), for the auditors and the city admin (the events are published data; the
/// outbox is their trail).
pub async fn deliveries(
    state: &AppState,
    viewer: Option<&Caller>,
    pending: bool,
    page: PageRequest,
) -> AppResult<Vec<webhook_delivery::Model>> {
    let caller = require(viewer)?;
    permitted(caller, Action::ReadAudit)?;
    let mut query = webhook_delivery::Entity::find();
    if pending {
        query = query.filter(Column::DeliveredAt.is_null());
    }
    if let Some(after) = page.after {
        query = query.filter(Column::Id.lt(after));
    }
    let limit = u64::try_from(page.limit).unwrap_or(u64::MAX);
    Ok(query
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(&state.db)
        .await?)
}
