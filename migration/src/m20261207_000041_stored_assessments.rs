//! Stored assessments (docs/architecture.md, "Stored assessments"): each mine's disposition,
//! its decisive rule IDs and a digest of its findings, with the standards version and the
//! day they were computed for, so that filters and summaries need not reassess every mine.
//! `assessment_dirty` is filled by triggers on `mines` in the writing transaction, whatever
//! writes the row, with where the mine was before (its neighbours there may change too);
//! the service recomputes those mines and their neighbours before it commits.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 5] = [
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
    "CREATE TABLE assessment_dirty (
        mine_id BIGINT NOT NULL,
        ore_body_id VARCHAR,
        latitude DOUBLE PRECISION,
        longitude DOUBLE PRECISION
    )",
];

const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER assessment_dirty_insert AFTER INSERT ON mines BEGIN
        INSERT INTO assessment_dirty (mine_id) VALUES (NEW.id);
    END",
    "CREATE TRIGGER assessment_dirty_update AFTER UPDATE ON mines BEGIN
        INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude)
        VALUES (NEW.id, OLD.ore_body_id, OLD.latitude, OLD.longitude);
    END",
    "CREATE TRIGGER assessment_dirty_delete AFTER DELETE ON mines BEGIN
        INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude)
        VALUES (OLD.id, OLD.ore_body_id, OLD.latitude, OLD.longitude);
    END",
];

const POSTGRES_TRIGGERS: [&str; 2] = [
    "CREATE FUNCTION assessment_dirty_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO assessment_dirty (mine_id) VALUES (NEW.id);
        ELSE
            INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude)
            VALUES (OLD.id, OLD.ore_body_id, OLD.latitude, OLD.longitude);
        END IF;
        RETURN NULL;
    END $$",
    "CREATE TRIGGER assessment_dirty_track AFTER INSERT OR UPDATE OR DELETE ON mines
    FOR EACH ROW EXECUTE FUNCTION assessment_dirty_track()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let triggers: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Postgres => &POSTGRES_TRIGGERS,
            _ => &SQLITE_TRIGGERS,
        };
        for statement in TABLES.iter().chain(triggers) {
            db.execute_unprepared(statement).await?;
        }
        // Every mine written before stands to be assessed once the server starts.
        db.execute_unprepared("INSERT INTO assessment_dirty (mine_id) SELECT id FROM mines")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP TRIGGER assessment_dirty_track ON mines",
                "DROP FUNCTION assessment_dirty_track()",
            ],
            _ => &[
                "DROP TRIGGER assessment_dirty_insert",
                "DROP TRIGGER assessment_dirty_update",
                "DROP TRIGGER assessment_dirty_delete",
            ],
        };
        for statement in statements.iter().chain(&[
            "DROP TABLE assessment_dirty",
            "DROP INDEX idx_mine_assessment_rules_rule",
            "DROP TABLE mine_assessment_rules",
            "DROP INDEX idx_mine_assessments_disposition",
            "DROP TABLE mine_assessments",
        ]) {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
