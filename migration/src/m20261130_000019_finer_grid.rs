//! Finer grid cells: 0.004° (about 440 m by 360 m in 晋城市) instead of 0.01°. A 300 m
//! neighbour search still reads the 3 × 3 cells around each position, but they cover a
//! sixth of the ground, so a 50-mine page fetches about 150 candidate rows instead of 880
//! (the fetch was most of PostgreSQL's time on an assessed page). Recomputes every stored
//! cell as `domain::assessment::neighbours::grid_cell` now does; `down` restores 0.01°.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Recomputes every stored cell at `cells_per_degree`; positions are positive (China), so
/// truncation is the floor on SQLite.
async fn fill(manager: &SchemaManager<'_>, cells_per_degree: u32) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let (floor, integer) = match db.get_database_backend() {
        DatabaseBackend::Postgres => ("FLOOR", "BIGINT"),
        _ => ("", "INTEGER"),
    };
    let cell = |column: &str| format!("CAST({floor}({column} * {cells_per_degree}) AS {integer})");
    db.execute_unprepared(&format!(
        "UPDATE mines SET grid_cell = {} * 100000 + {}
         WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
        cell("latitude"),
        cell("longitude"),
    ))
    .await
    .map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fill(manager, 250).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fill(manager, 100).await
    }
}
