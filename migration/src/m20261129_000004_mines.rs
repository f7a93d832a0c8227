//! The mine registry: every fact the rectification rules (docs/rules.md) read, stored from the
//! first day. Rows are archived, never deleted; `version` carries optimistic concurrency.

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
                    .table(Mines::Table)
                    .col(big_pk_auto(Mines::Id))
                    .col(string(Mines::Name))
                    .col(string(Mines::Holder))
                    .col(string_len(Mines::HolderType, 20))
                    .col(string_null(Mines::LicenceNo))
                    .col(string_len_null(Mines::LicenceLevel, 20))
                    .col(date_null(Mines::LicenceValidFrom))
                    .col(date_null(Mines::LicenceValidUntil))
                    .col(string_len(Mines::CountyCode, 6))
                    .col(string_len(Mines::MineralCode, 40))
                    .col(string_len(Mines::MiningMethod, 20))
                    .col(double(Mines::ProductionScale))
                    .col(double(Mines::RemainingReserves))
                    .col(double_null(Mines::SurveyedServiceYears))
                    .col(string_len(Mines::Status, 20))
                    .col(date_null(Mines::SuspendedSince))
                    .col(boolean(Mines::SuspensionOrdered))
                    .col(date_null(Mines::ConstructionDeadline))
                    .col(boolean(Mines::HasMiningLicence))
                    .col(boolean(Mines::HasSafetyLicence))
                    .col(boolean(Mines::CrossBoundaryMining))
                    .col(boolean(Mines::MiningUnderConstructionGuise))
                    .col(boolean(Mines::MiningWithExplorationLicence))
                    .col(boolean(Mines::RefusesRectification))
                    .col(boolean(Mines::ObsoleteEquipment))
                    .col(boolean(Mines::UnsafeAfterSuspension))
                    .col(boolean(Mines::ResourcesExhausted))
                    .col(string_null(Mines::OreBodyId))
                    .col(double_null(Mines::Latitude))
                    .col(double_null(Mines::Longitude))
                    .col(boolean(Mines::RidgeBoundary))
                    .col(integer(Mines::Version))
                    .col(boolean(Mines::Archived))
                    .col(text_null(Mines::ArchivedReason))
                    .col(timestamp_with_time_zone(Mines::CreatedAt))
                    .col(timestamp_with_time_zone(Mines::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mines_county")
                            .from(Mines::Table, Mines::CountyCode)
                            .to(Counties::Table, Counties::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mines_mineral")
                            .from(Mines::Table, Mines::MineralCode)
                            .to(Minerals::Table, Minerals::Code),
                    )
                    .to_owned(),
            )
            .await?;
        // A licence number is unique when present; unlicensed sites (NULL) may be many.
        manager
            .create_index(
                Index::create()
                    .name("uq_mines_licence_no")
                    .table(Mines::Table)
                    .col(Mines::LicenceNo)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Keyset pages filter by county (scoping) and walk by id.
        let indexes = [
            ("idx_mines_county_id", vec![Mines::CountyCode, Mines::Id]),
            ("idx_mines_mineral", vec![Mines::MineralCode]),
            ("idx_mines_status", vec![Mines::Status]),
            ("idx_mines_ore_body", vec![Mines::OreBodyId]),
        ];
        for (name, columns) in indexes {
            create_index(manager, name, Mines::Table, columns).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Mines::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Mines {
    Table,
    Id,
    Name,
    Holder,
    HolderType,
    LicenceNo,
    LicenceLevel,
    LicenceValidFrom,
    LicenceValidUntil,
    CountyCode,
    MineralCode,
    MiningMethod,
    ProductionScale,
    RemainingReserves,
    SurveyedServiceYears,
    Status,
    SuspendedSince,
    SuspensionOrdered,
    ConstructionDeadline,
    HasMiningLicence,
    HasSafetyLicence,
    CrossBoundaryMining,
    MiningUnderConstructionGuise,
    MiningWithExplorationLicence,
    RefusesRectification,
    ObsoleteEquipment,
    UnsafeAfterSuspension,
    ResourcesExhausted,
    OreBodyId,
    Latitude,
    Longitude,
    RidgeBoundary,
    Version,
    Archived,
    ArchivedReason,
    CreatedAt,
    UpdatedAt,
}
