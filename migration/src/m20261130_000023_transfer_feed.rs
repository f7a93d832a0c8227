//! The integrator feed: who transfers each mineral (strategic minerals at
//! province level, sand, stone and clay by the city or county; data the city corrects), and
//! the outcome reports of the trading platforms, keyed by their idempotency key so that a
//! repeated report is answered with its first result and applied once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261129_000003_minerals_and_standards::Minerals;
use crate::m20261130_000022_admission::TransferEntries;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Minerals::Table,
            string_len(Minerals::TransferAuthority, 20).default("CITY"),
        )
        .await?;
        // [assumption] the strategic minerals among the seeded ones (国家战略性矿产目录:
        // iron, bauxite; pyrite as a sulphur source) are transferred and registered by the
        // province; the rest by the city or county.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE minerals SET transfer_authority = 'PROVINCE' \
                 WHERE code IN ('IRON', 'BAUXITE', 'PYRITE')",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutcomeReports::Table)
                    .col(string_len(OutcomeReports::IdempotencyKey, 200).primary_key())
                    .col(big_integer(OutcomeReports::EntryId))
                    .col(text(OutcomeReports::Request))
                    .col(text(OutcomeReports::Result))
                    .col(string(OutcomeReports::ReportedBy))
                    .col(timestamp_with_time_zone(OutcomeReports::ReportedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outcome_reports_entry")
                            .from(OutcomeReports::Table, OutcomeReports::EntryId)
                            .to(TransferEntries::Table, TransferEntries::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OutcomeReports::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Minerals::Table)
                    .drop_column(Minerals::TransferAuthority)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum OutcomeReports {
    Table,
    IdempotencyKey,
    EntryId,
    Request,
    Result,
    ReportedBy,
    ReportedAt,
}
