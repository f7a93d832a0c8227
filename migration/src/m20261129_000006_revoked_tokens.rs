//! Revoked token ids (`jti`): a revoked token is refused with 401 from the moment the
//! revocation commits, on every instance that shares the database.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RevokedTokens::Table)
                    .col(string_len(RevokedTokens::Jti, 200).primary_key())
                    .col(text(RevokedTokens::Reason))
                    .col(string(RevokedTokens::RevokedBy))
                    .col(timestamp_with_time_zone(RevokedTokens::RevokedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RevokedTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum RevokedTokens {
    Table,
    Jti,
    Reason,
    RevokedBy,
    RevokedAt,
}
