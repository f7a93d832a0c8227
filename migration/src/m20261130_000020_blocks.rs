//! Planned blocks (规划区块, attachment 4): the proposed new mines of the county plans. Their
//! deposit and production classes are computed, never stored, so a standards change is seen
//! at once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;
use crate::m20261129_000001_divisions::Counties;
use crate::m20261129_000003_minerals_and_standards::Minerals;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Blocks::Table)
                    .col(big_pk_auto(Blocks::Id))
                    .col(string(Blocks::Name))
                    .col(string_len(Blocks::CountyCode, 6))
                    .col(string_len(Blocks::MineralCode, 40))
                    .col(double(Blocks::AreaKm2))
                    .col(double(Blocks::PredictedResources))
                    .col(string(Blocks::Location))
                    .col(double(Blocks::DesignedProductionScale))
                    .col(string_len(Blocks::MiningMethod, 20))
                    .col(string_len_null(Blocks::OreGrade, 10))
                    .col(string_len(Blocks::Priority, 30))
                    .col(boolean(Blocks::InMasterPlan))
                    .col(text_null(Blocks::Corners))
                    .col(integer(Blocks::Version))
                    .col(timestamp_with_time_zone(Blocks::CreatedAt))
                    .col(timestamp_with_time_zone(Blocks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_blocks_county")
                            .from(Blocks::Table, Blocks::CountyCode)
                            .to(Counties::Table, Counties::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_blocks_mineral")
                            .from(Blocks::Table, Blocks::MineralCode)
                            .to(Minerals::Table, Minerals::Code),
                    )
                    .to_owned(),
            )
            .await?;
        // One name per county: attachment 4 and the transfer announcement name a block by it.
        manager
            .create_index(
                Index::create()
                    .name("uq_blocks_county_name")
                    .table(Blocks::Table)
                    .col(Blocks::CountyCode)
                    .col(Blocks::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let indexes = [
            ("idx_blocks_county_id", vec![Blocks::CountyCode, Blocks::Id]),
            ("idx_blocks_mineral", vec![Blocks::MineralCode]),
        ];
        for (name, columns) in indexes {
            create_index(manager, name, Blocks::Table, columns).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Blocks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Blocks {
    Table,
    Id,
    Name,
    CountyCode,
    MineralCode,
    AreaKm2,
    PredictedResources,
    Location,
    DesignedProductionScale,
    MiningMethod,
    OreGrade,
    Priority,
    InMasterPlan,
    Corners,
    Version,
    CreatedAt,
    UpdatedAt,
    // Added by migration 22 (clean-mine confirmation).
    CleanConfirmedAt,
    CleanConfirmedBy,
    CleanNote,
    ObstaclesCleared,
}
