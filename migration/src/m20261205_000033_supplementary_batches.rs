//! Supplementary batches (docs/rules.md, NEW-3): a year's transfer plan, once approved, can
//! still take blocks that county revisions add later in the year. Each entry records the
//! batch it was admitted in (0: the plan itself) and whether it is published (its plan or
//! batch approved); a plan counts its approved supplementary batches. Entries of approved
//! plans are published.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261130_000022_admission::{TransferEntries, TransferPlans};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Columns {
    Batch,
    Published,
    Batches,
}

const PUBLISH: &str = "UPDATE transfer_entries SET published = TRUE WHERE transfer_plan_id IN \
    (SELECT id FROM transfer_plans WHERE status = 'APPROVED')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            TransferEntries::Table,
            integer(Columns::Batch).default(0),
        )
        .await?;
        add_column(
            manager,
            TransferEntries::Table,
            boolean(Columns::Published).default(false),
        )
        .await?;
        add_column(
            manager,
            TransferPlans::Table,
            integer(Columns::Batches).default(0),
        )
        .await?;
        manager.get_connection().execute_unprepared(PUBLISH).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (TransferEntries::Table.into_iden(), Columns::Batch),
            (TransferEntries::Table.into_iden(), Columns::Published),
            (TransferPlans::Table.into_iden(), Columns::Batches),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
