//! A webhook delivery as the operators see it.

use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};

/// One event queued for the webhook receiver.
#[derive(SimpleObject)]
pub struct WebhookDelivery {
    /// The event's id (the receiver drops repeats by it).
    pub event_id: String,
    /// The event's type (`APPROVED`, `OUTCOME_REPORTED`).
    #[graphql(name = "type")]
    pub kind: String,
    /// When the event was queued (UTC).
    pub created_at: DateTime<Utc>,
    /// Attempts so far.
    pub attempts: i32,
    /// When it is next tried (while undelivered).
    pub next_attempt_at: DateTime<Utc>,
    /// When the receiver answered 2xx; null while pending.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Where this delivery sits in the list: pass it as `after` for the older ones.
    pub cursor: String,
}

impl From<entity::webhook_delivery::Model> for WebhookDelivery {
    fn from(row: entity::webhook_delivery::Model) -> Self {
        Self {
            event_id: row.event_id,
            kind: row.event_type,
            created_at: row.created_at,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            delivered_at: row.delivered_at,
            last_error: row.last_error,
            cursor: crate::domain::page::encode_cursor(row.id),
        }
    }
}
