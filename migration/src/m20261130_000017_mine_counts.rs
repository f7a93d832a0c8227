//! `mine_counts`: the mines of each county (archived or not), kept by triggers in the same
//! transaction as every insert, delete, archive or county change of a mine, whatever writes
//! it (the services, an import, a bulk load). A page's `totalCount` over the reader's scope
//! becomes a sum of a few rows instead of a count of every mine of a city.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CREATE: &str = "CREATE TABLE mine_counts (
    county_code VARCHAR NOT NULL,
    archived BOOLEAN NOT NULL,
    mines BIGINT NOT NULL,
    PRIMARY KEY (county_code, archived)
)";

const FILL: &str = "INSERT INTO mine_counts (county_code, archived, mines)
    SELECT county_code, archived, COUNT(*) FROM mines GROUP BY county_code, archived";

const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER mine_counts_insert AFTER INSERT ON mines BEGIN
        INSERT INTO mine_counts (county_code, archived, mines) VALUES (NEW.county_code, NEW.archived, 1)
        ON CONFLICT (county_code, archived) DO UPDATE SET mines = mine_counts.mines + 1;
    END",
    "CREATE TRIGGER mine_counts_delete AFTER DELETE ON mines BEGIN
        UPDATE mine_counts SET mines = mines - 1
        WHERE county_code = OLD.county_code AND archived = OLD.archived;
    END",
    "CREATE TRIGGER mine_counts_move AFTER UPDATE OF county_code, archived ON mines
    WHEN OLD.county_code IS NOT NEW.county_code OR OLD.archived IS NOT NEW.archived BEGIN
        UPDATE mine_counts SET mines = mines - 1
        WHERE county_code = OLD.county_code AND archived = OLD.archived;
        INSERT INTO mine_counts (county_code, archived, mines) VALUES (NEW.county_code, NEW.archived, 1)
        ON CONFLICT (county_code, archived) DO UPDATE SET mines = mine_counts.mines + 1;
    END",
];

const POSTGRES_TRIGGERS: [&str; 3] = [
    "CREATE FUNCTION mine_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE mine_counts SET mines = mines - 1
            WHERE county_code = OLD.county_code AND archived = OLD.archived;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            INSERT INTO mine_counts (county_code, archived, mines)
            VALUES (NEW.county_code, NEW.archived, 1)
            ON CONFLICT (county_code, archived) DO UPDATE SET mines = mine_counts.mines + 1;
        END IF;
        RETURN NULL;
    END $$",
    "CREATE TRIGGER mine_counts_insert_delete AFTER INSERT OR DELETE ON mines
    FOR EACH ROW EXECUTE FUNCTION mine_counts_track()",
    "CREATE TRIGGER mine_counts_move AFTER UPDATE OF county_code, archived ON mines
    FOR EACH ROW WHEN (OLD.county_code IS DISTINCT FROM NEW.county_code
        OR OLD.archived IS DISTINCT FROM NEW.archived)
    EXECUTE FUNCTION mine_counts_track()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let triggers = match db.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_TRIGGERS,
            _ => SQLITE_TRIGGERS,
        };
        for statement in [CREATE, FILL].into_iter().chain(triggers) {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP TRIGGER mine_counts_insert_delete ON mines",
                "DROP TRIGGER mine_counts_move ON mines",
                "DROP FUNCTION mine_counts_track()",
                "DROP TABLE mine_counts",
            ],
            _ => &[
                "DROP TRIGGER mine_counts_insert",
                "DROP TRIGGER mine_counts_delete",
                "DROP TRIGGER mine_counts_move",
                "DROP TABLE mine_counts",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
