//! Minerals, their provincial minimum production scale (seed §3.2.2(3)), and the versioned
//! scale-class thresholds of docs/rules.md. Every figure carries its source and confidence so
//! that an official can see where a number comes from and the city can correct it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Minerals::Table)
                    .col(string_len(Minerals::Code, 40).primary_key())
                    .col(string(Minerals::Name))
                    .col(string_null(Minerals::NationalCode))
                    .col(string(Minerals::ProductionUnit))
                    .col(string(Minerals::ReservesUnit))
                    .col(double_null(Minerals::ProvincialMinScale))
                    .col(string_null(Minerals::ProvincialMinSource))
                    .col(string_len_null(Minerals::ProvincialMinConfidence, 1))
                    .col(boolean(Minerals::SandStoneSoil).default(false))
                    .col(integer(Minerals::SortOrder))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StandardsVersions::Table)
                    .col(pk_auto(StandardsVersions::Id))
                    .col(date(StandardsVersions::EffectiveFrom))
                    .col(text(StandardsVersions::Reason))
                    .col(string(StandardsVersions::CreatedBy))
                    .col(timestamp_with_time_zone(StandardsVersions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScaleThresholds::Table)
                    .col(pk_auto(ScaleThresholds::Id))
                    .col(integer(ScaleThresholds::VersionId))
                    .col(string_len(ScaleThresholds::MineralCode, 40))
                    .col(string_len(ScaleThresholds::Kind, 20))
                    .col(string_len(ScaleThresholds::Variant, 20))
                    .col(double_null(ScaleThresholds::LargeMin))
                    .col(double_null(ScaleThresholds::MediumMin))
                    .col(boolean(ScaleThresholds::MediumMinInclusive).default(true))
                    .col(string(ScaleThresholds::Unit))
                    .col(text(ScaleThresholds::Source))
                    .col(string_len(ScaleThresholds::Confidence, 1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_scale_thresholds_version")
                            .from(ScaleThresholds::Table, ScaleThresholds::VersionId)
                            .to(StandardsVersions::Table, StandardsVersions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_scale_thresholds_mineral")
                            .from(ScaleThresholds::Table, ScaleThresholds::MineralCode)
                            .to(Minerals::Table, Minerals::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_scale_thresholds_row")
                    .table(ScaleThresholds::Table)
                    .col(ScaleThresholds::VersionId)
                    .col(ScaleThresholds::MineralCode)
                    .col(ScaleThresholds::Kind)
                    .col(ScaleThresholds::Variant)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ScaleThresholds::Table.into_iden(),
            StandardsVersions::Table.into_iden(),
            Minerals::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Minerals {
    Table,
    Code,
    Name,
    NationalCode,
    ProductionUnit,
    ReservesUnit,
    ProvincialMinScale,
    ProvincialMinSource,
    ProvincialMinConfidence,
    SandStoneSoil,
    SortOrder,
    // Added by migration 23 (the integrator feed).
    TransferAuthority,
}

#[derive(DeriveIden)]
pub enum StandardsVersions {
    Table,
    Id,
    EffectiveFrom,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum ScaleThresholds {
    Table,
    Id,
    VersionId,
    MineralCode,
    Kind,
    Variant,
    LargeMin,
    MediumMin,
    MediumMinInclusive,
    Unit,
    Source,
    Confidence,
}
