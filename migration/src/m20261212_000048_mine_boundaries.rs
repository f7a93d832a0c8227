//! Licensed boundaries (矿界) on mines (docs/spatial.md, docs/rules.md "Distance between
//! mines"): INTEGRATE-2 measures between boundaries. `corners` keeps them as blocks do (a
//! JSON array of `[latitude, longitude]`); `reach_m` is how far the boundary reaches from
//! the mine's position, so that a neighbour search around positions can widen by the
//! largest reach (an indexed MAX). `assessment_dirty` records the reach a written mine had,
//! as it records where it stood: its old neighbours are found by both.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::{add_column, create_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_TRIGGERS: [&str; 4] = [
    "DROP TRIGGER assessment_dirty_update",
    "DROP TRIGGER assessment_dirty_delete",
    "CREATE TRIGGER assessment_dirty_update AFTER UPDATE ON mines BEGIN
        INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude, reach_m)
        VALUES (NEW.id, OLD.ore_body_id, OLD.latitude, OLD.longitude, OLD.reach_m);
    END",
    "CREATE TRIGGER assessment_dirty_delete AFTER DELETE ON mines BEGIN
        INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude, reach_m)
        VALUES (OLD.id, OLD.ore_body_id, OLD.latitude, OLD.longitude, OLD.reach_m);
    END",
];

const POSTGRES_TRIGGER: &str =
    "CREATE OR REPLACE FUNCTION assessment_dirty_track() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO assessment_dirty (mine_id) VALUES (NEW.id);
        ELSE
            INSERT INTO assessment_dirty (mine_id, ore_body_id, latitude, longitude, reach_m)
            VALUES (OLD.id, OLD.ore_body_id, OLD.latitude, OLD.longitude, OLD.reach_m);
        END IF;
        RETURN NULL;
    END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Mines::Table, text_null(Mines::Corners)).await?;
        add_column(manager, Mines::Table, double_null(Mines::ReachM)).await?;
        create_index(manager, "idx_mines_reach", Mines::Table, [Mines::ReachM]).await?;
        add_column(
            manager,
            AssessmentDirty::Table,
            double_null(AssessmentDirty::ReachM),
        )
        .await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(POSTGRES_TRIGGER).await?;
            }
            // One call, so that one connection drops and creates each trigger.
            _ => {
                db.execute_unprepared(&SQLITE_TRIGGERS.join(";\n")).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&without_reach(POSTGRES_TRIGGER))
                    .await?;
            }
            _ => {
                db.execute_unprepared(&without_reach(&SQLITE_TRIGGERS.join(";\n")))
                    .await?;
            }
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_mines_reach")
                    .table(Mines::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Mines::ReachM, Mines::Corners] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Mines::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AssessmentDirty::Table)
                    .drop_column(AssessmentDirty::ReachM)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

/// The trigger text of migration 41: the same statements without the reach.
fn without_reach(statement: &str) -> String {
    statement
        .replace(", reach_m)", ")")
        .replace(", OLD.reach_m)", ")")
}

#[derive(DeriveIden, Clone, Copy)]
enum Mines {
    Table,
    Corners,
    ReachM,
}

#[derive(DeriveIden, Clone, Copy)]
enum AssessmentDirty {
    Table,
    ReachM,
}
