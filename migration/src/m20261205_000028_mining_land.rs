//! A block's mining land (采矿用地): the survey settles it with the transfer boundary, and
//! NEW-4 is not passed until both are recorded (docs/rules.md, NEW-4).

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261130_000020_blocks::Blocks;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MiningLand {
    MiningLand,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Blocks::Table, text_null(MiningLand::MiningLand)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Blocks::Table)
                    .drop_column(MiningLand::MiningLand)
                    .to_owned(),
            )
            .await
    }
}
