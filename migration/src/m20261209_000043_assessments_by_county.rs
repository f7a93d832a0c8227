//! Stored assessments answerable in constant time: each stored row carries its mine's
//! county and whether the mine is live (not archived, not closed), indexed, so that a
//! summary counts index entries instead of joining every mine; and `assessment_marks` says
//! per province for which day and standards version every mine is stored, so that a reader
//! asks one row whether storage can answer instead of counting the stale mines. The stored
//! rows are derived data: the tables are made anew, and a server stores every mine again
//! before it serves.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: [&str; 9] = [
    "DROP TABLE mine_assessment_rules",
    "DROP TABLE mine_assessments",
    "CREATE TABLE mine_assessments (
        mine_id BIGINT PRIMARY KEY,
        county_code VARCHAR NOT NULL,
        live BOOLEAN NOT NULL,
        version_id INTEGER NOT NULL,
        assessed_on DATE NOT NULL,
        disposition VARCHAR NOT NULL,
        digest VARCHAR NOT NULL
    )",
    "CREATE INDEX idx_mine_assessments_disposition ON mine_assessments (disposition, mine_id)",
    "CREATE INDEX idx_mine_assessments_county ON mine_assessments (county_code, live, disposition)",
    "CREATE TABLE mine_assessment_rules (
        mine_id BIGINT NOT NULL,
        rule_id VARCHAR NOT NULL,
        county_code VARCHAR NOT NULL,
        live BOOLEAN NOT NULL,
        PRIMARY KEY (mine_id, rule_id)
    )",
    "CREATE INDEX idx_mine_assessment_rules_rule ON mine_assessment_rules (rule_id, mine_id)",
    "CREATE INDEX idx_mine_assessment_rules_county ON mine_assessment_rules (county_code, live, rule_id)",
    "CREATE TABLE assessment_marks (
        province_code VARCHAR PRIMARY KEY,
        version_id INTEGER NOT NULL,
        assessed_on DATE NOT NULL
    )",
];

const DOWN: [&str; 7] = [
    "DROP TABLE assessment_marks",
    "DROP TABLE mine_assessment_rules",
    "DROP TABLE mine_assessments",
    "CREATE TABLE mine_assessments (
        mine_id BIGINT PRIMARY KEY,
        version_id INTEGER NOT NULL,
        assessed_on DATE NOT NULL,
        disposition VARCHAR NOT NULL,
        digest VARCHAR NOT NULL
    )",
    "CREATE INDEX idx_mine_assessments_disposition ON mine_assessments (disposition, mine_id)",
    "CREATE TABLE mine_assessment_rules (
        mine_id BIGINT NOT NULL,
        rule_id VARCHAR NOT NULL,
        PRIMARY KEY (mine_id, rule_id)
    )",
    "CREATE INDEX idx_mine_assessment_rules_rule ON mine_assessment_rules (rule_id, mine_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_together(manager, &UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_together(manager, &DOWN).await
    }
}

/// Runs `statements` as one script, so on one connection: on SQLite another pooled
/// connection keeps the schema it last read, and creating an index named like one just
/// dropped there fails with "already exists".
async fn run_together(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    manager
        .get_connection()
        .execute_unprepared(&statements.join(";\n"))
        .await?;
    Ok(())
}
