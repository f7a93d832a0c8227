//! Corrections from the domain review of the plan (晋市政办〔2024〕41号 §3.2):
//! - a quarry at exactly the provincial minimum (50 万吨/年) is not small: the medium bound
//!   of building stone is inclusive (corrected in the seeded version only; versions the
//!   city made stay as the city made them);
//! - 建筑用白云岩 (83944, an open-pit quarry mineral: 50 万吨/年 minimum, 300 m rule) and
//!   砖瓦用页岩 (84132), common around Jincheng, join the minerals, in every version;
//! - INTEGRATE-4 reads "普通建筑用砂石": sand and stone, not brick clay or shale, so minerals
//!   carry that flag apart from 砂石土.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000003_minerals_and_standards::Minerals;
use crate::{add_column, insert_rows};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SandStone {
    OrdinarySandStone,
}

const STONE_SOURCE: &str = "安监总局令第39号第2条：不超过50万吨/年的露天采石场为小型；本省中型自50万吨/年起算（等于最低开采规模者不为小型）";
const MINIMUM_SOURCE: &str = "晋市政办〔2024〕41号 §3.2.2(3)（省定最低开采规模：露天采石场）";
const DISTANCE_SOURCE: &str = "安监总局令第39号第12条：相邻采石场开采范围之间最小距离应当大于300米";
const LOCAL_SOURCE: &str = "无国家标准，由市里确定（暂缺）";

/// Statements run in order; each `{versions}` row set is every standards version.
fn statements() -> Vec<String> {
    vec![
        "UPDATE minerals SET ordinary_sand_stone = TRUE \
         WHERE code IN ('BUILDING_STONE', 'CONSTRUCTION_SAND', 'BUILDING_DOLOMITE')"
            .to_owned(),
        format!(
            "UPDATE scale_thresholds SET medium_min_inclusive = TRUE, source = '{STONE_SOURCE}' \
             WHERE mineral_code = 'BUILDING_STONE' AND kind = 'PRODUCTION' \
             AND version_id IN (SELECT id FROM standards_versions WHERE created_by = 'migration')"
        ),
        format!(
            "INSERT INTO scale_thresholds (version_id, mineral_code, kind, variant, large_min, \
             medium_min, medium_min_inclusive, unit, source, confidence) \
             SELECT id, 'BUILDING_DOLOMITE', 'PRODUCTION', 'ANY', NULL, 50, TRUE, '万吨/年', \
             '{STONE_SOURCE}', 'C' FROM standards_versions"
        ),
        format!(
            "INSERT INTO scale_thresholds (version_id, mineral_code, kind, variant, large_min, \
             medium_min, medium_min_inclusive, unit, source, confidence) \
             SELECT v.id, m.code, k.kind, 'ANY', NULL, NULL, TRUE, \
             CASE k.kind WHEN 'PRODUCTION' THEN '万吨/年' ELSE '万吨' END, '{LOCAL_SOURCE}', 'L' \
             FROM standards_versions v \
             CROSS JOIN (SELECT 'BUILDING_DOLOMITE' AS code UNION ALL SELECT 'BRICK_SHALE') m \
             CROSS JOIN (SELECT 'PRODUCTION' AS kind UNION ALL SELECT 'DEPOSIT') k \
             WHERE NOT (m.code = 'BUILDING_DOLOMITE' AND k.kind = 'PRODUCTION')"
        ),
        format!(
            "INSERT INTO provincial_minimums (version_id, mineral_code, min_scale, source, confidence) \
             SELECT id, 'BUILDING_DOLOMITE', 50, '{MINIMUM_SOURCE}', 'C' FROM standards_versions"
        ),
        format!(
            "INSERT INTO integration_distances (version_id, mineral_code, mining_method, distance_m, source) \
             SELECT id, 'BUILDING_DOLOMITE', 'OPEN_PIT', 300, '{DISTANCE_SOURCE}' FROM standards_versions"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Minerals::Table,
            boolean(SandStone::OrdinarySandStone).default(false),
        )
        .await?;
        insert_rows(
            manager,
            Minerals::Table,
            vec![
                Minerals::Code.into_iden(),
                Minerals::Name.into_iden(),
                Minerals::NationalCode.into_iden(),
                Minerals::ProductionUnit.into_iden(),
                Minerals::ReservesUnit.into_iden(),
                Minerals::ProvincialMinScale.into_iden(),
                Minerals::ProvincialMinSource.into_iden(),
                Minerals::ProvincialMinConfidence.into_iden(),
                Minerals::SandStoneSoil.into_iden(),
                Minerals::SortOrder.into_iden(),
            ],
            vec![
                vec![
                    "BUILDING_DOLOMITE".into(),
                    "建筑用白云岩（露天采石场）".into(),
                    "83944".into(),
                    "万吨/年".into(),
                    "万吨".into(),
                    50.0.into(),
                    MINIMUM_SOURCE.into(),
                    "C".into(),
                    true.into(),
                    13.into(),
                ],
                vec![
                    "BRICK_SHALE".into(),
                    "砖瓦用页岩".into(),
                    "84132".into(),
                    "万吨/年".into(),
                    "万吨".into(),
                    Option::<f64>::None.into(),
                    Option::<String>::None.into(),
                    Option::<String>::None.into(),
                    true.into(),
                    14.into(),
                ],
            ],
        )
        .await?;
        let db = manager.get_connection();
        for statement in statements() {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            "integration_distances",
            "provincial_minimums",
            "scale_thresholds",
            "minerals",
        ] {
            let column = if table == "minerals" {
                "code"
            } else {
                "mineral_code"
            };
            db.execute_unprepared(&format!(
                "DELETE FROM {table} WHERE {column} IN ('BUILDING_DOLOMITE', 'BRICK_SHALE')"
            ))
            .await?;
        }
        db.execute_unprepared(
            "UPDATE scale_thresholds SET medium_min_inclusive = FALSE \
             WHERE mineral_code = 'BUILDING_STONE' AND kind = 'PRODUCTION' \
             AND version_id IN (SELECT id FROM standards_versions WHERE created_by = 'migration')",
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Minerals::Table)
                    .drop_column(SandStone::OrdinarySandStone)
                    .to_owned(),
            )
            .await
    }
}
