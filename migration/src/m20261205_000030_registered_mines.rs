//! A sold block becomes a mine of the registry exactly once (docs/rules.md, NEW-3 across a
//! block's life): the entry names the mine it became (unique, so a second registration
//! cannot land), and the mine names the block and the entry it came from. From then on the
//! cap counts the mine's own production, not the entry's designed scale.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261129_000004_mines::Mines;
use crate::m20261130_000022_admission::TransferEntries;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns; their names are the columns' own, hence the shared `Id`.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Registered {
    MineId,
    BlockId,
    TransferEntryId,
}

const UNIQUE: &str = "uq_transfer_entries_mine";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            TransferEntries::Table,
            big_integer_null(Registered::MineId),
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name(UNIQUE)
                    .table(TransferEntries::Table)
                    .col(Registered::MineId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        add_column(manager, Mines::Table, big_integer_null(Registered::BlockId)).await?;
        add_column(
            manager,
            Mines::Table,
            big_integer_null(Registered::TransferEntryId),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(UNIQUE)
                    .table(TransferEntries::Table)
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            (TransferEntries::Table.into_iden(), Registered::MineId),
            (Mines::Table.into_iden(), Registered::BlockId),
            (Mines::Table.into_iden(), Registered::TransferEntryId),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
