//! NEW-3 with "completed closures only" asks, for each mine on a close list, whether its
//! licence cancellation is done: an index on a duty's mine answers that with one probe
//! instead of a scan of every duty of every plan.

use sea_orm_migration::prelude::*;

use crate::m20261130_000021_county_plans::Duties;
use crate::{create_index, drop_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_index(
            manager,
            "idx_duties_mine",
            Duties::Table,
            [Duties::MineId, Duties::Kind],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "idx_duties_mine", Duties::Table).await
    }
}
