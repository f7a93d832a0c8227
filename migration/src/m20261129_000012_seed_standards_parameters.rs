//! Reference data for standards version 1: the provincial minimums already on the minerals
//! (seed §3.2.2(3)), the default rule parameters of docs/rules.md, and the 300 m open-pit quarry
//! distance (安监总局令第39号 art. 12).

use chrono::NaiveDate;
use sea_orm_migration::prelude::*;

use crate::insert_rows;
use crate::m20261129_000011_standards_parameters::{IntegrationDistances, RuleParameters};

#[derive(DeriveMigrationName)]
pub struct Migration;

const FIRST_VERSION: &str = "(SELECT MIN(id) FROM standards_versions)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO provincial_minimums (version_id, mineral_code, min_scale, source, confidence) \
                 SELECT {FIRST_VERSION}, code, provincial_min_scale, provincial_min_source, provincial_min_confidence \
                 FROM minerals WHERE provincial_min_scale IS NOT NULL"
            ))
            .await?;
        insert_rows(
            manager,
            RuleParameters::Table,
            vec![
                RuleParameters::VersionId.into_iden(),
                RuleParameters::LongSuspensionMonths.into_iden(),
                RuleParameters::MinServiceYears.into_iden(),
                RuleParameters::Exit3RequiresBoth.into_iden(),
                RuleParameters::SmallMineException.into_iden(),
                RuleParameters::RectificationDeadline.into_iden(),
            ],
            vec![vec![
                Expr::cust(FIRST_VERSION),
                12.into(),
                5.0.into(),
                false.into(),
                false.into(),
                NaiveDate::from_ymd_opt(2025, 12, 31).into(),
            ]],
        )
        .await?;
        insert_rows(
            manager,
            IntegrationDistances::Table,
            vec![
                IntegrationDistances::VersionId.into_iden(),
                IntegrationDistances::MineralCode.into_iden(),
                IntegrationDistances::MiningMethod.into_iden(),
                IntegrationDistances::DistanceM.into_iden(),
                IntegrationDistances::Source.into_iden(),
            ],
            vec![vec![
                Expr::cust(FIRST_VERSION),
                "BUILDING_STONE".into(),
                "OPEN_PIT".into(),
                300.0.into(),
                "安监总局令第39号第12条：相邻采石场开采范围之间最小距离应当大于300米".into(),
            ]],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "integration_distances",
            "rule_parameters",
            "provincial_minimums",
        ] {
            manager
                .get_connection()
                .execute_unprepared(&format!("DELETE FROM {table}"))
                .await?;
        }
        Ok(())
    }
}
