//! The webhook's outbox: one row per event a receiver is to be sent, written in
//! the transaction that makes the event true, so an event is never sent that did not
//! happen and none is lost while the receiver is down. A row is due while undelivered and
//! its `next_attempt_at` has passed; claiming it pushes that time out by a lease, so two
//! instances never send it at once and a crashed sender's claim lapses by itself.

use sea_orm_migration::{prelude::*, schema::*};

use crate::drop_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(big_pk_auto(WebhookDeliveries::Id))
                    .col(string_len_uniq(WebhookDeliveries::EventId, 64))
                    .col(string_len(WebhookDeliveries::EventType, 40))
                    .col(text(WebhookDeliveries::Body))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::DeliveredAt,
                    ))
                    .col(text_null(WebhookDeliveries::LastError))
                    .to_owned(),
            )
            .await?;
        // The sender's one question, "what is due?", reads the undelivered rows only.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries \
                 (next_attempt_at) WHERE delivered_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(
            manager,
            "idx_webhook_deliveries_due",
            WebhookDeliveries::Table,
        )
        .await?;
        manager
            .drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum WebhookDeliveries {
    Table,
    Id,
    EventId,
    EventType,
    Body,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    DeliveredAt,
    LastError,
}
