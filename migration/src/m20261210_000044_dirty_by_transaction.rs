//! Each writer reads only the mines its own transaction listed in `assessment_dirty`
//! (PostgreSQL). The list is written and emptied by every write, so its heap is mostly dead
//! rows until a vacuum comes round; reading "every row" scanned them all, and so did each
//! writer, inside the refreshers' lock. Tagging a row with the transaction that listed it
//! and indexing the tag makes a writer's read and delete an index lookup at the newest end.
//! SQLite keeps no dead rows in its tables and has one writer: it reads the whole list.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "ALTER TABLE assessment_dirty ADD COLUMN tx BIGINT NOT NULL DEFAULT txid_current();
             CREATE INDEX assessment_dirty_tx ON assessment_dirty (tx)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "DROP INDEX assessment_dirty_tx;
             ALTER TABLE assessment_dirty DROP COLUMN tx",
        )
        .await?;
        Ok(())
    }
}
