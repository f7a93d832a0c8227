//! Recorded violations (docs/rules.md, CLOSE-1): what an authority found a mine mining
//! without (its kind), the day and the authority. A violation is history: CLOSE-1 rests on
//! it after the mine is ordered to stop. Null for a mine with none recorded.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261129_000004_mines::Mines;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The column names are the table's own (`violation_kind`, …), so they share a prefix.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden, Clone, Copy)]
enum Columns {
    ViolationKind,
    ViolationFoundOn,
    ViolationFoundBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Mines::Table, string_null(Columns::ViolationKind)).await?;
        add_column(manager, Mines::Table, date_null(Columns::ViolationFoundOn)).await?;
        add_column(
            manager,
            Mines::Table,
            string_null(Columns::ViolationFoundBy),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Columns::ViolationKind,
            Columns::ViolationFoundOn,
            Columns::ViolationFoundBy,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Mines::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
