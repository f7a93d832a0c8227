//! Who transfers a new right, as the province's notice of May 2024 says (docs/rules.md,
//! NEW-6): pyrite is the city's, not the province's; the province may delegate iron and
//! bauxite to the city block by block (一事一议); small deposits of construction (river)
//! sand and brick clay are the county's. A block records the province's delegation with
//! its reference; an entry, who transferred it when it was admitted (existing entries take
//! their mineral's authority).

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261129_000003_minerals_and_standards::Minerals;
use crate::m20261130_000020_blocks::Blocks;
use crate::m20261130_000022_admission::TransferEntries;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Columns {
    Delegable,
    CountyWhenSmall,
    DelegationRef,
    DelegatedAt,
    DelegatedBy,
    Authority,
}

const SEED: [&str; 4] = [
    "UPDATE minerals SET transfer_authority = 'CITY' WHERE code = 'PYRITE'",
    "UPDATE transfer_entries SET authority = (SELECT m.transfer_authority FROM minerals m \
     WHERE m.code = transfer_entries.mineral_code)",
    "UPDATE minerals SET delegable = TRUE WHERE code IN ('IRON', 'BAUXITE')",
    "UPDATE minerals SET county_when_small = TRUE WHERE code IN ('CONSTRUCTION_SAND', 'BRICK_CLAY')",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Columns::Delegable, Columns::CountyWhenSmall] {
            add_column(manager, Minerals::Table, boolean(column).default(false)).await?;
        }
        add_column(manager, Blocks::Table, text_null(Columns::DelegationRef)).await?;
        add_column(
            manager,
            Blocks::Table,
            timestamp_with_time_zone_null(Columns::DelegatedAt),
        )
        .await?;
        add_column(manager, Blocks::Table, text_null(Columns::DelegatedBy)).await?;
        add_column(
            manager,
            TransferEntries::Table,
            string_len(Columns::Authority, 20).default("CITY"),
        )
        .await?;
        let db = manager.get_connection();
        for statement in SEED {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE minerals SET transfer_authority = 'PROVINCE' WHERE code = 'PYRITE'",
            )
            .await?;
        for (table, column) in [
            (Minerals::Table.into_iden(), Columns::Delegable),
            (Minerals::Table.into_iden(), Columns::CountyWhenSmall),
            (Blocks::Table.into_iden(), Columns::DelegationRef),
            (Blocks::Table.into_iden(), Columns::DelegatedAt),
            (Blocks::Table.into_iden(), Columns::DelegatedBy),
            (TransferEntries::Table.into_iden(), Columns::Authority),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
