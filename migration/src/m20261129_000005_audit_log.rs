//! The hash-chained audit trail. `audit_head` holds the last sequence number and hash: every
//! mutation updates it inside its own transaction, which serialises writers on PostgreSQL (row
//! lock) and SQLite (IMMEDIATE transactions) so the chain never forks.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

/// The hash the first audit row chains from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_integer(AuditLog::Seq).primary_key())
                    .col(timestamp_with_time_zone(AuditLog::OccurredAt))
                    .col(string(AuditLog::ActorSub))
                    .col(string_len(AuditLog::ActorRole, 40))
                    .col(string_null(AuditLog::ActorJti))
                    .col(string_len(AuditLog::Operation, 60))
                    .col(string_len(AuditLog::Entity, 60))
                    .col(string(AuditLog::EntityId))
                    .col(text_null(AuditLog::BeforeJson))
                    .col(text_null(AuditLog::AfterJson))
                    .col(string_len(AuditLog::PrevHash, 64))
                    .col(string_len(AuditLog::Hash, 64))
                    .to_owned(),
            )
            .await?;
        let indexes = [
            (
                "idx_audit_entity",
                vec![AuditLog::Entity, AuditLog::EntityId, AuditLog::Seq],
            ),
            ("idx_audit_actor", vec![AuditLog::ActorSub, AuditLog::Seq]),
            ("idx_audit_time", vec![AuditLog::OccurredAt]),
        ];
        for (name, columns) in indexes {
            create_index(manager, name, AuditLog::Table, columns).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::Seq))
                    .col(string_len(AuditHead::LastHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::Seq, AuditHead::LastHash])
                    .values_panic([1.into(), 0i64.into(), GENESIS_HASH.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditHead::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AuditLog {
    Table,
    Seq,
    OccurredAt,
    ActorSub,
    ActorRole,
    ActorJti,
    Operation,
    Entity,
    EntityId,
    BeforeJson,
    AfterJson,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
pub enum AuditHead {
    Table,
    Id,
    Seq,
    LastHash,
}
