//! Which reference layers, besides the red line and protected areas, a city makes an
//! overlap block admission with (docs/spatial.md): the provincial notice asks conflicts
//! with farmland and town boundaries to be settled, and a city may decide that settled
//! means avoided. Kept as a JSON list of layer kinds; none by default.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            AdmissionSettings::Table,
            text_null(AdmissionSettings::BlockingLayers),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AdmissionSettings::Table)
                    .drop_column(AdmissionSettings::BlockingLayers)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AdmissionSettings {
    Table,
    BlockingLayers,
}
