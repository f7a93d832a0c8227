//! An event waiting for, or given to, the webhook receiver (the outbox).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The event's id, which the receiver uses to drop a repeat.
    #[sea_orm(unique)]
    pub event_id: String,
    pub event_type: String,
    /// The JSON body exactly as it is signed and sent.
    pub body: String,
    pub created_at: DateTimeUtc,
    /// Attempts so far (a claim counts as one).
    pub attempts: i32,
    /// When the row is next due (a claim pushes it out by the sender's lease).
    pub next_attempt_at: DateTimeUtc,
    /// When the receiver answered 2xx.
    pub delivered_at: Option<DateTimeUtc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
