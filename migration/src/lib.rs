//! mineright's migrations: one schema change or one reference-data load per file.
//!
//! A landed migration never changes what it does (shared helpers may be factored out, the
//! statements they run stay); a correction is a new migration. Reference data
//! (divisions, survey departments, minerals and their scale standards) is loaded here so that
//! every database, SQLite or PostgreSQL, starts from the same rows.

use sea_orm::DatabaseBackend;
pub use sea_orm_migration::prelude::*;

mod m20261129_000001_divisions;
mod m20261129_000002_departments;
mod m20261129_000003_minerals_and_standards;
mod m20261129_000004_mines;
mod m20261129_000005_audit_log;
pub use m20261129_000005_audit_log::GENESIS_HASH;
mod m20261129_000006_revoked_tokens;
mod m20261129_000007_seed_divisions;
mod m20261129_000008_seed_departments;
mod m20261129_000009_seed_minerals;
mod m20261129_000010_seed_scale_standards;
mod m20261129_000011_standards_parameters;
mod m20261129_000012_seed_standards_parameters;
mod m20261129_000013_audit_city;
mod m20261129_000014_standards_province;
mod m20261129_000015_mineral_corrections;
mod m20261130_000016_count_index;
mod m20261130_000017_mine_counts;
mod m20261130_000018_grid_cell;
mod m20261130_000019_finer_grid;
mod m20261130_000020_blocks;
mod m20261130_000021_county_plans;
mod m20261130_000022_admission;
mod m20261130_000023_transfer_feed;
mod m20261130_000024_webhook_deliveries;
mod m20261130_000025_duties_by_mine;
mod m20261130_000026_scans;
mod m20261204_000027_places_recounted;
mod m20261205_000028_mining_land;
mod m20261205_000029_seed_corrections;
mod m20261205_000030_registered_mines;
mod m20261205_000031_transfer_authority;
mod m20261205_000032_standing;
mod m20261205_000033_supplementary_batches;
mod m20261206_000034_violations;
mod m20261206_000035_merged_members;
mod m20261206_000036_coordinated_groups;
mod m20261206_000037_plan_snapshots;
mod m20261207_000038_unstated_block_facts;
mod m20261207_000039_one_rectification_deadline;
mod m20261207_000040_lists_filed;
mod m20261207_000041_stored_assessments;
mod m20261208_000042_leases;
mod m20261209_000043_assessments_by_county;
mod m20261210_000044_dirty_by_transaction;
mod m20261211_000045_reference_layers;
mod m20261211_000046_survey_screen;
mod m20261211_000047_blocking_layers;
mod m20261212_000048_mine_boundaries;
mod m20261213_000049_persisted_queries;

/// The ordered list of migrations applied by `mineright migrate` and on every start.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_divisions::Migration),
            Box::new(m20261129_000002_departments::Migration),
            Box::new(m20261129_000003_minerals_and_standards::Migration),
            Box::new(m20261129_000004_mines::Migration),
            Box::new(m20261129_000005_audit_log::Migration),
            Box::new(m20261129_000006_revoked_tokens::Migration),
            Box::new(m20261129_000007_seed_divisions::Migration),
            Box::new(m20261129_000008_seed_departments::Migration),
            Box::new(m20261129_000009_seed_minerals::Migration),
            Box::new(m20261129_000010_seed_scale_standards::Migration),
            Box::new(m20261129_000011_standards_parameters::Migration),
            Box::new(m20261129_000012_seed_standards_parameters::Migration),
            Box::new(m20261129_000013_audit_city::Migration),
            Box::new(m20261129_000014_standards_province::Migration),
            Box::new(m20261129_000015_mineral_corrections::Migration),
            Box::new(m20261130_000016_count_index::Migration),
            Box::new(m20261130_000017_mine_counts::Migration),
            Box::new(m20261130_000018_grid_cell::Migration),
            Box::new(m20261130_000019_finer_grid::Migration),
            Box::new(m20261130_000020_blocks::Migration),
            Box::new(m20261130_000021_county_plans::Migration),
            Box::new(m20261130_000022_admission::Migration),
            Box::new(m20261130_000023_transfer_feed::Migration),
            Box::new(m20261130_000024_webhook_deliveries::Migration),
            Box::new(m20261130_000025_duties_by_mine::Migration),
            Box::new(m20261130_000026_scans::Migration),
            Box::new(m20261204_000027_places_recounted::Migration),
            Box::new(m20261205_000028_mining_land::Migration),
            Box::new(m20261205_000029_seed_corrections::Migration),
            Box::new(m20261205_000030_registered_mines::Migration),
            Box::new(m20261205_000031_transfer_authority::Migration),
            Box::new(m20261205_000032_standing::Migration),
            Box::new(m20261205_000033_supplementary_batches::Migration),
            Box::new(m20261206_000034_violations::Migration),
            Box::new(m20261206_000035_merged_members::Migration),
            Box::new(m20261206_000036_coordinated_groups::Migration),
            Box::new(m20261206_000037_plan_snapshots::Migration),
            Box::new(m20261207_000038_unstated_block_facts::Migration),
            Box::new(m20261207_000039_one_rectification_deadline::Migration),
            Box::new(m20261207_000040_lists_filed::Migration),
            Box::new(m20261207_000041_stored_assessments::Migration),
            Box::new(m20261208_000042_leases::Migration),
            Box::new(m20261209_000043_assessments_by_county::Migration),
            Box::new(m20261210_000044_dirty_by_transaction::Migration),
            Box::new(m20261211_000045_reference_layers::Migration),
            Box::new(m20261211_000046_survey_screen::Migration),
            Box::new(m20261211_000047_blocking_layers::Migration),
            Box::new(m20261212_000048_mine_boundaries::Migration),
            Box::new(m20261213_000049_persisted_queries::Migration),
        ]
    }
}

/// Creates the plain index `name` on `columns` of `table`; the schema migrations share it.
pub(crate) async fn create_index<C: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    manager.create_index(index).await
}

/// Adds `column` to `table` (the migrations that widen a table share it).
pub(crate) async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

/// Sets every positioned mine's `grid_cell` at `cells_per_degree`, as
/// `domain::assessment::neighbours::grid_cell` computes it (migrations 18 and 19 share it);
/// positions are positive (China), so truncation is the floor on SQLite.
pub(crate) async fn fill_grid_cells(
    manager: &SchemaManager<'_>,
    cells_per_degree: u32,
) -> Result<(), DbErr> {
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

/// Drops the index `name` of `table`; the down migrations share it.
pub(crate) async fn drop_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}

/// Undoes a migration that added an indexed column: drops the index `index`, then `column`
/// of `table`.
pub(crate) async fn drop_indexed_column(
    manager: &SchemaManager<'_>,
    index: &str,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    let table = table.into_iden();
    drop_index(manager, index, table.clone()).await?;
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

/// Inserts literal rows into `table` in one statement; reference-data migrations share it.
pub(crate) async fn insert_rows(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    columns: Vec<DynIden>,
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<(), DbErr> {
    let mut insert = Query::insert();
    insert.into_table(table).columns(columns);
    for row in rows {
        insert.values_panic(row);
    }
    manager.exec_stmt(insert).await
}
