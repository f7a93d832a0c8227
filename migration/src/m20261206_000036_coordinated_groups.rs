//! City-coordinated integration groups (docs/rules.md, 整合重组 across a county line): the
//! city task force forms a group of mines of several counties (市工作专班的统一部署); each
//! county's plan carries its own members in an entry joined to the group, and the group is
//! formed when every county's plan in force carries it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000004_mines::Mines;
use crate::m20261130_000021_county_plans::PlanEntries;
use crate::{add_column, create_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CoordinatedGroups {
    Table,
    Id,
    CityCode,
    UnifiedName,
    UnifiedHolder,
    TargetScale,
    CompleteBy,
    UnifiedMineId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CoordinatedGroupMines {
    Table,
    GroupId,
    MineId,
    CountyCode,
}

#[derive(DeriveIden, Clone, Copy)]
enum Columns {
    CoordinatedGroupId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CoordinatedGroups::Table)
                    .col(big_pk_auto(CoordinatedGroups::Id))
                    .col(string_len(CoordinatedGroups::CityCode, 6))
                    .col(string(CoordinatedGroups::UnifiedName))
                    .col(string_null(CoordinatedGroups::UnifiedHolder))
                    .col(double_null(CoordinatedGroups::TargetScale))
                    .col(date(CoordinatedGroups::CompleteBy))
                    .col(big_integer_null(CoordinatedGroups::UnifiedMineId))
                    .col(timestamp_with_time_zone(CoordinatedGroups::CreatedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_coordinated_groups_city",
            CoordinatedGroups::Table,
            [CoordinatedGroups::CityCode],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(CoordinatedGroupMines::Table)
                    .col(big_integer(CoordinatedGroupMines::GroupId))
                    .col(big_integer(CoordinatedGroupMines::MineId))
                    .col(string_len(CoordinatedGroupMines::CountyCode, 6))
                    .primary_key(
                        Index::create()
                            .col(CoordinatedGroupMines::GroupId)
                            .col(CoordinatedGroupMines::MineId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_coordinated_group_mines_group")
                            .from(CoordinatedGroupMines::Table, CoordinatedGroupMines::GroupId)
                            .to(CoordinatedGroups::Table, CoordinatedGroups::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_coordinated_group_mines_mine")
                            .from(CoordinatedGroupMines::Table, CoordinatedGroupMines::MineId)
                            .to(Mines::Table, Mines::Id),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_coordinated_group_mines_mine",
            CoordinatedGroupMines::Table,
            [CoordinatedGroupMines::MineId],
        )
        .await?;
        add_column(
            manager,
            PlanEntries::Table,
            big_integer_null(Columns::CoordinatedGroupId),
        )
        .await?;
        create_index(
            manager,
            "idx_plan_entries_coordinated_group",
            PlanEntries::Table,
            [Columns::CoordinatedGroupId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_plan_entries_coordinated_group")
                    .table(PlanEntries::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PlanEntries::Table)
                    .drop_column(Columns::CoordinatedGroupId)
                    .to_owned(),
            )
            .await?;
        for table in [
            CoordinatedGroupMines::Table.into_iden(),
            CoordinatedGroups::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
