//! The rest of a standards version: provincial minimums, rule parameters and integration
//! distances, each tied to a version so that an old assessment can be replayed exactly.
//! Also indexes mine coordinates for INTEGRATE-2's neighbour search.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;
use crate::m20261129_000003_minerals_and_standards::{Minerals, StandardsVersions};
use crate::m20261129_000004_mines::Mines;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn version_fk(
    table: impl IntoIden + Clone,
    column: impl IntoIden,
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(StandardsVersions::Table, StandardsVersions::Id)
        .to_owned()
}

fn mineral_fk(
    table: impl IntoIden + Clone,
    column: impl IntoIden,
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Minerals::Table, Minerals::Code)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProvincialMinimums::Table)
                    .col(pk_auto(ProvincialMinimums::Id))
                    .col(integer(ProvincialMinimums::VersionId))
                    .col(string_len(ProvincialMinimums::MineralCode, 40))
                    .col(double(ProvincialMinimums::MinScale))
                    .col(text(ProvincialMinimums::Source))
                    .col(string_len(ProvincialMinimums::Confidence, 1))
                    .foreign_key(&mut version_fk(
                        ProvincialMinimums::Table,
                        ProvincialMinimums::VersionId,
                        "fk_minimums_version",
                    ))
                    .foreign_key(&mut mineral_fk(
                        ProvincialMinimums::Table,
                        ProvincialMinimums::MineralCode,
                        "fk_minimums_mineral",
                    ))
                    .index(
                        Index::create()
                            .name("uq_minimums_row")
                            .col(ProvincialMinimums::VersionId)
                            .col(ProvincialMinimums::MineralCode)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RuleParameters::Table)
                    .col(integer(RuleParameters::VersionId).primary_key())
                    .col(integer(RuleParameters::LongSuspensionMonths))
                    .col(double(RuleParameters::MinServiceYears))
                    .col(boolean(RuleParameters::Exit3RequiresBoth))
                    .col(boolean(RuleParameters::SmallMineException))
                    .col(date(RuleParameters::RectificationDeadline))
                    .foreign_key(&mut version_fk(
                        RuleParameters::Table,
                        RuleParameters::VersionId,
                        "fk_parameters_version",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IntegrationDistances::Table)
                    .col(pk_auto(IntegrationDistances::Id))
                    .col(integer(IntegrationDistances::VersionId))
                    .col(string_len(IntegrationDistances::MineralCode, 40))
                    .col(string_len(IntegrationDistances::MiningMethod, 20))
                    .col(double(IntegrationDistances::DistanceM))
                    .col(text(IntegrationDistances::Source))
                    .foreign_key(&mut version_fk(
                        IntegrationDistances::Table,
                        IntegrationDistances::VersionId,
                        "fk_distances_version",
                    ))
                    .foreign_key(&mut mineral_fk(
                        IntegrationDistances::Table,
                        IntegrationDistances::MineralCode,
                        "fk_distances_mineral",
                    ))
                    .index(
                        Index::create()
                            .name("uq_distances_row")
                            .col(IntegrationDistances::VersionId)
                            .col(IntegrationDistances::MineralCode)
                            .col(IntegrationDistances::MiningMethod)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_mines_position",
            Mines::Table,
            [Mines::Latitude, Mines::Longitude],
        )
        .await?;
        create_index(
            manager,
            "idx_standards_versions_effective",
            StandardsVersions::Table,
            [StandardsVersions::EffectiveFrom],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_standards_versions_effective")
                    .table(StandardsVersions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_mines_position")
                    .table(Mines::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            IntegrationDistances::Table.into_iden(),
            RuleParameters::Table.into_iden(),
            ProvincialMinimums::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ProvincialMinimums {
    Table,
    Id,
    VersionId,
    MineralCode,
    MinScale,
    Source,
    Confidence,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum RuleParameters {
    Table,
    VersionId,
    LongSuspensionMonths,
    MinServiceYears,
    Exit3RequiresBoth,
    SmallMineException,
    RectificationDeadline,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum IntegrationDistances {
    Table,
    Id,
    VersionId,
    MineralCode,
    MiningMethod,
    DistanceM,
    Source,
}
