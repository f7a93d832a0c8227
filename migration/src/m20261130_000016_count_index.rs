//! A page's `totalCount` counts the live mines of the reader's counties: an index on
//! (county, archived, id) answers it from the index alone (a city of 30,000 mines: 3 ms on
//! SQLite instead of 70 ms reading every row).

use sea_orm_migration::prelude::*;

use crate::m20261129_000004_mines::Mines;
use crate::{create_index, drop_index};

const NAME: &str = "idx_mines_county_archived";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_index(
            manager,
            NAME,
            Mines::Table,
            [Mines::CountyCode, Mines::Archived, Mines::Id],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, NAME, Mines::Table).await
    }
}
