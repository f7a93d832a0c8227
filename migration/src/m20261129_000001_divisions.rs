//! The province → city → county hierarchy. Cities and counties are rows, never constants, so
//! another city joins by data alone.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Provinces::Table)
                    .col(string_len(Provinces::Code, 6).primary_key())
                    .col(string(Provinces::Name))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Cities::Table)
                    .col(string_len(Cities::Code, 6).primary_key())
                    .col(string(Cities::Name))
                    .col(string_len(Cities::ProvinceCode, 6))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_cities_province")
                            .from(Cities::Table, Cities::ProvinceCode)
                            .to(Provinces::Table, Provinces::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Counties::Table)
                    .col(string_len(Counties::Code, 6).primary_key())
                    .col(string(Counties::Name))
                    .col(string_len(Counties::CityCode, 6))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_counties_city")
                            .from(Counties::Table, Counties::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_counties_city",
            Counties::Table,
            [Counties::CityCode],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Counties::Table.into_iden(),
            Cities::Table.into_iden(),
            Provinces::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Provinces {
    Table,
    Code,
    Name,
}

#[derive(DeriveIden)]
pub enum Cities {
    Table,
    Code,
    Name,
    ProvinceCode,
}

#[derive(DeriveIden)]
pub enum Counties {
    Table,
    Code,
    Name,
    CityCode,
}
