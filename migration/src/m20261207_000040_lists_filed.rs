//! When a county filed its three lists (三个一批) with the city: the seed's first step has
//! them by 2024-12-31, a month before the whole plan, so the `LISTS_FILED` milestone is
//! met by a filing whose lists were complete, not by opening an empty plan
//! (docs/rules.md, milestones).

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;
use crate::m20261130_000021_county_plans::CountyPlans;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ListsFiled {
    ListsFiledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            CountyPlans::Table,
            timestamp_with_time_zone_null(ListsFiled::ListsFiledAt),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CountyPlans::Table)
                    .drop_column(ListsFiled::ListsFiledAt)
                    .to_owned(),
            )
            .await
    }
}
