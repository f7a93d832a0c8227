//! A group member whose right merges into another holder has duties of its own (docs/rules.md,
//! 整合重组): the settlement of its interests, the cancellation of its licence and the
//! restoration of its pit. Those duty kinds now follow the `MERGE` route too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const KINDS: &str =
    "('SETTLEMENT', 'LICENCE_CANCELLATION', 'LAND_RECLAMATION', 'ENVIRONMENT_RESTORATION')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE duty_kinds SET routes = routes || ',MERGE' \
                 WHERE code IN {KINDS} AND routes NOT LIKE '%MERGE%'"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE duty_kinds SET routes = REPLACE(routes, ',MERGE', '') WHERE code IN {KINDS}"
            ))
            .await?;
        Ok(())
    }
}
