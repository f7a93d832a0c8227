//! Finer grid cells: 0.004° (about 440 m by 360 m in 晋城市) instead of 0.01°. A 300 m
//! neighbour search still reads the 3 × 3 cells around each position, but they cover a
//! sixth of the ground, so a 50-mine page fetches about 150 candidate rows instead of 880
//! (the fetch was most of PostgreSQL's time on an assessed page). Recomputes every stored
//! cell as `domain::assessment::neighbours::grid_cell` now does; `down` restores 0.01°.

use sea_orm_migration::prelude::*;

use crate::fill_grid_cells;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fill_grid_cells(manager, 250).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fill_grid_cells(manager, 100).await
    }
}
