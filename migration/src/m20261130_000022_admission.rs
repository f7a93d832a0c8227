//! Admission into the city transfer plan (docs/rules.md): site-survey records (NEW-4),
//! clean-mine confirmation on the block (NEW-5), the city's admission settings and planning
//! caps (NEW-2, NEW-3), the transfer plans and their entries, and the counters that make an
//! admission's quota and caps hold against concurrent admissions (one conditional update
//! each, in the admitting transaction).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000001_divisions::Cities;
use crate::m20261129_000002_departments::Departments;
use crate::m20261129_000003_minerals_and_standards::Minerals;
use crate::m20261130_000020_blocks::Blocks;
use crate::{add_column, create_index, insert_rows};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Surveys::Table)
                    .col(big_pk_auto(Surveys::Id))
                    .col(big_integer(Surveys::BlockId))
                    .col(string_len(Surveys::DepartmentCode, 40))
                    .col(boolean(Surveys::Conflict))
                    .col(string_len_null(Surveys::Obstacle, 40))
                    .col(text_null(Surveys::Note))
                    .col(string(Surveys::RecordedBy))
                    .col(timestamp_with_time_zone(Surveys::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_surveys_block")
                            .from(Surveys::Table, Surveys::BlockId)
                            .to(Blocks::Table, Blocks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_surveys_department")
                            .from(Surveys::Table, Surveys::DepartmentCode)
                            .to(Departments::Table, Departments::Code),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_surveys_block",
            Surveys::Table,
            [Surveys::BlockId, Surveys::DepartmentCode, Surveys::Id],
        )
        .await?;
        for column in [
            timestamp_with_time_zone_null(Blocks::CleanConfirmedAt),
            string_null(Blocks::CleanConfirmedBy),
            text_null(Blocks::CleanNote),
            text_null(Blocks::ObstaclesCleared),
        ] {
            add_column(manager, Blocks::Table, column).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AdmissionSettings::Table)
                    .col(string_len(AdmissionSettings::CityCode, 6).primary_key())
                    .col(boolean(AdmissionSettings::CountyBalanceBlocks))
                    .col(boolean(AdmissionSettings::CompletedClosuresOnly))
                    .col(boolean(AdmissionSettings::CountIntegrationMembers))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_admission_settings_city")
                            .from(AdmissionSettings::Table, AdmissionSettings::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        insert_rows(
            manager,
            AdmissionSettings::Table,
            vec![
                AdmissionSettings::CityCode.into_iden(),
                AdmissionSettings::CountyBalanceBlocks.into_iden(),
                AdmissionSettings::CompletedClosuresOnly.into_iden(),
                AdmissionSettings::CountIntegrationMembers.into_iden(),
            ],
            vec![vec![
                "140500".into(),
                false.into(),
                false.into(),
                false.into(),
            ]],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanningCaps::Table)
                    .col(big_pk_auto(PlanningCaps::Id))
                    .col(string_len(PlanningCaps::MineralCode, 40))
                    // The city's code for a city-wide cap, a county's for a county's.
                    .col(string_len(PlanningCaps::PlaceCode, 6))
                    .col(double(PlanningCaps::CapScale))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_planning_caps_mineral")
                            .from(PlanningCaps::Table, PlanningCaps::MineralCode)
                            .to(Minerals::Table, Minerals::Code),
                    )
                    .index(
                        Index::create()
                            .name("uq_planning_caps")
                            .col(PlanningCaps::MineralCode)
                            .col(PlanningCaps::PlaceCode)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TransferPlans::Table)
                    .col(big_pk_auto(TransferPlans::Id))
                    .col(string_len(TransferPlans::CityCode, 6))
                    .col(integer(TransferPlans::Year))
                    .col(string_len(TransferPlans::Status, 20))
                    .col(timestamp_with_time_zone_null(TransferPlans::ApprovedAt))
                    .col(string_null(TransferPlans::ApprovedBy))
                    .col(integer(TransferPlans::Version))
                    .col(timestamp_with_time_zone(TransferPlans::CreatedAt))
                    .col(timestamp_with_time_zone(TransferPlans::UpdatedAt))
                    .index(
                        Index::create()
                            .name("uq_transfer_plans_city_year")
                            .col(TransferPlans::CityCode)
                            .col(TransferPlans::Year)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TransferEntries::Table)
                    .col(big_pk_auto(TransferEntries::Id))
                    .col(big_integer(TransferEntries::TransferPlanId))
                    .col(big_integer(TransferEntries::BlockId))
                    // The block while the entry stands (not withdrawn): unique, so a block is
                    // admitted once, even by two admissions at the same moment.
                    .col(big_integer_null(TransferEntries::ActiveBlock))
                    .col(string_len(TransferEntries::CountyCode, 6))
                    .col(string_len(TransferEntries::MineralCode, 40))
                    .col(double(TransferEntries::DesignedScale))
                    .col(string_len(TransferEntries::Method, 20))
                    .col(string_len(TransferEntries::Platform, 30))
                    .col(string_len(TransferEntries::Priority, 30))
                    .col(timestamp_with_time_zone(TransferEntries::AdmittedAt))
                    .col(string(TransferEntries::AdmittedBy))
                    .col(text_null(TransferEntries::QuotaExceptionReason))
                    // Whether the entry holds a place in the NEW-3 balance and the caps.
                    .col(boolean(TransferEntries::HoldsPlace))
                    .col(timestamp_with_time_zone_null(TransferEntries::WithdrawnAt))
                    .col(text_null(TransferEntries::WithdrawnReason))
                    .col(string_len_null(TransferEntries::Outcome, 20))
                    .col(date_null(TransferEntries::OutcomeDate))
                    .col(string_null(TransferEntries::WinningBidder))
                    .col(string_len_null(TransferEntries::PriceWanYuan, 40))
                    .col(integer(TransferEntries::Version))
                    .col(timestamp_with_time_zone(TransferEntries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_transfer_entries_plan")
                            .from(TransferEntries::Table, TransferEntries::TransferPlanId)
                            .to(TransferPlans::Table, TransferPlans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_transfer_entries_block")
                            .from(TransferEntries::Table, TransferEntries::BlockId)
                            .to(Blocks::Table, Blocks::Id),
                    )
                    .index(
                        Index::create()
                            .name("uq_transfer_entries_active_block")
                            .col(TransferEntries::ActiveBlock)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_transfer_entries_plan",
            TransferEntries::Table,
            [TransferEntries::TransferPlanId, TransferEntries::Id],
        )
        .await?;
        create_index(
            manager,
            "idx_transfer_entries_updated",
            TransferEntries::Table,
            [TransferEntries::UpdatedAt, TransferEntries::Id],
        )
        .await?;
        // Places held, by the city's or a county's code (NEW-3) and by mineral and place
        // (the caps): the rows the admitting transaction bumps conditionally.
        manager
            .create_table(
                Table::create()
                    .table(PlacesHeld::Table)
                    .col(string_len(PlacesHeld::Scope, 60).primary_key())
                    .col(integer(PlacesHeld::NewMines))
                    .col(double(PlacesHeld::Scale))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PlacesHeld::Table.into_iden(),
            TransferEntries::Table.into_iden(),
            TransferPlans::Table.into_iden(),
            PlanningCaps::Table.into_iden(),
            AdmissionSettings::Table.into_iden(),
            Surveys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [
            Blocks::CleanConfirmedAt,
            Blocks::CleanConfirmedBy,
            Blocks::CleanNote,
            Blocks::ObstaclesCleared,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Blocks::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Surveys {
    Table,
    Id,
    BlockId,
    DepartmentCode,
    Conflict,
    Obstacle,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AdmissionSettings {
    Table,
    CityCode,
    CountyBalanceBlocks,
    CompletedClosuresOnly,
    CountIntegrationMembers,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PlanningCaps {
    Table,
    Id,
    MineralCode,
    PlaceCode,
    CapScale,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum TransferPlans {
    Table,
    Id,
    CityCode,
    Year,
    Status,
    ApprovedAt,
    ApprovedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum TransferEntries {
    Table,
    Id,
    TransferPlanId,
    BlockId,
    ActiveBlock,
    CountyCode,
    MineralCode,
    DesignedScale,
    Method,
    Platform,
    Priority,
    AdmittedAt,
    AdmittedBy,
    QuotaExceptionReason,
    HoldsPlace,
    WithdrawnAt,
    WithdrawnReason,
    Outcome,
    OutcomeDate,
    WinningBidder,
    PriceWanYuan,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PlacesHeld {
    Table,
    Scope,
    NewMines,
    Scale,
}
