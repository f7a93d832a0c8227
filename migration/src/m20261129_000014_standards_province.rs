//! Standards versions belong to a province: the minimums and thresholds are provincial
//! figures, so a city may only add versions for its own province, and a mine is assessed
//! under its own province's versions. The seeded version is Shanxi's (140000), whose plan
//! and minimums it carries.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000003_minerals_and_standards::StandardsVersions;
use crate::{add_column, create_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StandardsProvince {
    ProvinceCode,
}

/// The province of the seeded standards (山西省).
const SEEDED_PROVINCE: &str = "140000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            StandardsVersions::Table,
            string_len(StandardsProvince::ProvinceCode, 6).default(SEEDED_PROVINCE),
        )
        .await?;
        let columns = [
            StandardsProvince::ProvinceCode.into_iden(),
            StandardsVersions::EffectiveFrom.into_iden(),
        ];
        create_index(
            manager,
            "idx_standards_province",
            StandardsVersions::Table,
            columns,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_standards_province")
                    .table(StandardsVersions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StandardsVersions::Table)
                    .drop_column(StandardsProvince::ProvinceCode)
                    .to_owned(),
            )
            .await
    }
}
