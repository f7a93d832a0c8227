//! Automatic persisted queries (docs/operations.md, "Persisted queries"): documents
//! registered by their SHA-256, shared by every instance on the database so that a client
//! registers a document once for the deployment, not once per instance. `stored_at` (unix
//! seconds) orders them for eviction past the table's bound.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersistedQueries::Table)
                    .col(string_len(PersistedQueries::Hash, 64).primary_key())
                    .col(text(PersistedQueries::Query))
                    .col(big_integer(PersistedQueries::StoredAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_persisted_queries_stored_at",
            PersistedQueries::Table,
            [PersistedQueries::StoredAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersistedQueries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PersistedQueries {
    Table,
    Hash,
    Query,
    StoredAt,
}
