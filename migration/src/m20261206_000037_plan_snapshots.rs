//! What an approved plan revision printed (docs/rules.md): at approval the mines and blocks
//! its entries name are kept as they stood, so that the revision's attachments export the
//! same figures whatever the registry does later.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanSnapshots {
    Table,
    PlanId,
    Mines,
    Blocks,
    TakenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PlanSnapshots::Table)
                    .col(big_integer(PlanSnapshots::PlanId).primary_key())
                    .col(text(PlanSnapshots::Mines))
                    .col(text(PlanSnapshots::Blocks))
                    .col(timestamp_with_time_zone(PlanSnapshots::TakenAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanSnapshots::Table).to_owned())
            .await
    }
}
