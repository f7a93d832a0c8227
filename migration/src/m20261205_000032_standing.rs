//! Admissions checked again (docs/rules.md, NEW-3): when a county revision comes into force
//! and when the city approves its transfer plan, every standing entry is re-evaluated and
//! the result kept on it (the failing rules, what they found, when), with the approver's
//! written exception where the approver let a failing entry stand.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261130_000022_admission::TransferEntries;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns; their names are the columns' own, hence the shared prefix.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden, Clone, Copy)]
enum Columns {
    StandingFailed,
    StandingDetail,
    StandingCheckedAt,
    StandingException,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Columns::StandingFailed,
            Columns::StandingDetail,
            Columns::StandingException,
        ] {
            add_column(manager, TransferEntries::Table, text_null(column)).await?;
        }
        add_column(
            manager,
            TransferEntries::Table,
            timestamp_with_time_zone_null(Columns::StandingCheckedAt),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Columns::StandingFailed,
            Columns::StandingDetail,
            Columns::StandingCheckedAt,
            Columns::StandingException,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(TransferEntries::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
