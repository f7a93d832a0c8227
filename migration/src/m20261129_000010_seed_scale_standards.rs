//! Reference data: standards version 1, the production- and deposit-scale class thresholds of
//! docs/rules.md, each with its source and confidence (C read in the official table, M from a
//! secondary copy, L no national figure: a provisional local default the city must confirm).

use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm_migration::prelude::*;

use crate::insert_rows;
use crate::m20261129_000003_minerals_and_standards::{ScaleThresholds, StandardsVersions};

const PRODUCTION_SOURCE: &str = "矿山生产建设规模分类一览表（国土资发〔2004〕208号）";
const DEPOSIT_SOURCE: &str =
    "矿产资源储量规模划分标准（国土资发〔2000〕133号；已由 DZ/T 0400-2022 替代，待核）";
const STONE_SOURCE: &str = "安监总局令第39号第2条：不超过50万吨/年的露天采石场为小型，本省中型自50万吨/年以上起算（国家标准 10/5 万立方米/年）";
const LOCAL_SOURCE: &str = "无国家标准，由市里确定（暂缺）";

/// (mineral, kind, variant, large ≥, medium ≥, medium bound inclusive, unit, source, confidence)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<f64>,
    Option<f64>,
    bool,
    &'static str,
    &'static str,
    &'static str,
);

const THRESHOLDS: [Row; 26] = [
    (
        "IRON",
        "PRODUCTION",
        "UNDERGROUND",
        Some(100.0),
        Some(30.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "M",
    ),
    (
        "IRON",
        "PRODUCTION",
        "OPEN_PIT",
        Some(200.0),
        Some(60.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "M",
    ),
    (
        "BAUXITE",
        "PRODUCTION",
        "ANY",
        Some(100.0),
        Some(30.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "M",
    ),
    (
        "CEMENT_LIMESTONE",
        "PRODUCTION",
        "ANY",
        Some(100.0),
        Some(50.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "FLUX_LIMESTONE",
        "PRODUCTION",
        "ANY",
        Some(100.0),
        Some(50.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "DOLOMITE",
        "PRODUCTION",
        "ANY",
        Some(50.0),
        Some(30.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "REFRACTORY_CLAY",
        "PRODUCTION",
        "ANY",
        Some(20.0),
        Some(10.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "PYRITE",
        "PRODUCTION",
        "ANY",
        Some(50.0),
        Some(20.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "GYPSUM",
        "PRODUCTION",
        "ANY",
        Some(30.0),
        Some(10.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "M",
    ),
    (
        "KAOLIN",
        "PRODUCTION",
        "ANY",
        Some(10.0),
        Some(5.0),
        true,
        "万吨/年",
        PRODUCTION_SOURCE,
        "C",
    ),
    (
        "BUILDING_STONE",
        "PRODUCTION",
        "ANY",
        None,
        Some(50.0),
        false,
        "万吨/年",
        STONE_SOURCE,
        "C",
    ),
    (
        "CONSTRUCTION_SAND",
        "PRODUCTION",
        "ANY",
        None,
        None,
        true,
        "万吨/年",
        LOCAL_SOURCE,
        "L",
    ),
    (
        "BRICK_CLAY",
        "PRODUCTION",
        "ANY",
        None,
        None,
        true,
        "万吨/年",
        LOCAL_SOURCE,
        "L",
    ),
    (
        "IRON",
        "DEPOSIT",
        "LEAN",
        Some(10000.0),
        Some(1000.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "C",
    ),
    (
        "IRON",
        "DEPOSIT",
        "RICH",
        Some(5000.0),
        Some(500.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "C",
    ),
    (
        "BAUXITE",
        "DEPOSIT",
        "ANY",
        Some(2000.0),
        Some(500.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "C",
    ),
    (
        "PYRITE",
        "DEPOSIT",
        "ANY",
        Some(3000.0),
        Some(200.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "C",
    ),
    (
        "CEMENT_LIMESTONE",
        "DEPOSIT",
        "ANY",
        Some(8000.0),
        Some(1500.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "FLUX_LIMESTONE",
        "DEPOSIT",
        "ANY",
        Some(10000.0),
        Some(1000.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "DOLOMITE",
        "DEPOSIT",
        "ANY",
        Some(5000.0),
        Some(1000.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "REFRACTORY_CLAY",
        "DEPOSIT",
        "ANY",
        Some(1000.0),
        Some(200.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "GYPSUM",
        "DEPOSIT",
        "ANY",
        Some(3000.0),
        Some(1000.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "KAOLIN",
        "DEPOSIT",
        "ANY",
        Some(500.0),
        Some(100.0),
        true,
        "万吨",
        DEPOSIT_SOURCE,
        "M",
    ),
    (
        "BUILDING_STONE",
        "DEPOSIT",
        "ANY",
        None,
        None,
        true,
        "万吨",
        LOCAL_SOURCE,
        "L",
    ),
    (
        "CONSTRUCTION_SAND",
        "DEPOSIT",
        "ANY",
        None,
        None,
        true,
        "万吨",
        LOCAL_SOURCE,
        "L",
    ),
    (
        "BRICK_CLAY",
        "DEPOSIT",
        "ANY",
        None,
        None,
        true,
        "万吨",
        LOCAL_SOURCE,
        "L",
    ),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        insert_rows(
            manager,
            StandardsVersions::Table,
            vec![
                StandardsVersions::EffectiveFrom.into_iden(),
                StandardsVersions::Reason.into_iden(),
                StandardsVersions::CreatedBy.into_iden(),
                StandardsVersions::CreatedAt.into_iden(),
            ],
            vec![vec![
                NaiveDate::from_ymd_opt(2024, 1, 1).into(),
                "初始版本：standards.md 所列国家分类标准与省定最低规模".into(),
                "migration".into(),
                Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().into(),
            ]],
        )
        .await?;
        let first_version = || Expr::cust("(SELECT MIN(id) FROM standards_versions)");
        let rows = THRESHOLDS
            .iter()
            .map(
                |&(mineral, kind, variant, large, medium, inclusive, unit, source, confidence)| {
                    vec![
                        first_version(),
                        mineral.into(),
                        kind.into(),
                        variant.into(),
                        large.into(),
                        medium.into(),
                        inclusive.into(),
                        unit.into(),
                        source.into(),
                        confidence.into(),
                    ]
                },
            )
            .collect();
        insert_rows(
            manager,
            ScaleThresholds::Table,
            vec![
                ScaleThresholds::VersionId.into_iden(),
                ScaleThresholds::MineralCode.into_iden(),
                ScaleThresholds::Kind.into_iden(),
                ScaleThresholds::Variant.into_iden(),
                ScaleThresholds::LargeMin.into_iden(),
                ScaleThresholds::MediumMin.into_iden(),
                ScaleThresholds::MediumMinInclusive.into_iden(),
                ScaleThresholds::Unit.into_iden(),
                ScaleThresholds::Source.into_iden(),
                ScaleThresholds::Confidence.into_iden(),
            ],
            rows,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(ScaleThresholds::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(StandardsVersions::Table)
                    .to_owned(),
            )
            .await
    }
}
