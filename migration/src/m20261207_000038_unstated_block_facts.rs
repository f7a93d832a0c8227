//! The facts of a block the seed's seven-column attachment 4 does not carry (designed
//! production scale, mining method, fit with the master plan) may be left unstated when a
//! county files that form; eligibility names them until `updateBlock` states them
//! (docs/rules.md, "Attachment 4 as the seed prints it"). The existing columns keep a
//! neutral value while this list names them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261130_000020_blocks::Blocks;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Unstated {
    Unstated,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Blocks::Table, text_null(Unstated::Unstated)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Blocks::Table)
                    .drop_column(Unstated::Unstated)
                    .to_owned(),
            )
            .await
    }
}
