//! Reference data: the minerals of docs/api.md plus those docs/rules.md classifies, with the
//! provincial minimum production scales that seed §3.2.2(3) fixes (confidence C).

use sea_orm_migration::prelude::*;

use crate::insert_rows;
use crate::m20261129_000003_minerals_and_standards::Minerals;

const MINIMUM_SOURCE: &str = "晋市政办〔2024〕41号 §3.2.2(3)（省定最低开采规模）";

/// (code, name, national code, provincial minimum 万吨/年, sand/stone/soil)
const MINERALS: [(&str, &str, &str, Option<f64>, bool); 12] = [
    ("BAUXITE", "铝土矿", "32009", Some(30.0), false),
    ("IRON", "铁矿", "22001", Some(30.0), false),
    ("CEMENT_LIMESTONE", "水泥用灰岩", "83906", Some(30.0), false),
    (
        "BUILDING_STONE",
        "建筑石料用灰岩（露天采石场）",
        "83907",
        Some(50.0),
        true,
    ),
    ("CONSTRUCTION_SAND", "建筑用砂", "83993", None, true),
    ("FLUX_LIMESTONE", "熔剂用灰岩", "63904", None, false),
    ("DOLOMITE", "冶金用白云岩", "63941", None, false),
    ("REFRACTORY_CLAY", "耐火粘土", "64190", None, false),
    ("PYRITE", "硫铁矿", "73070", None, false),
    ("GYPSUM", "石膏", "83520", None, false),
    ("KAOLIN", "高岭土", "84150", None, false),
    ("BRICK_CLAY", "砖瓦用粘土", "84412", None, true),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let rows = MINERALS
            .iter()
            .zip(1..)
            .map(
                |(&(code, name, national, minimum, sand_stone_soil), order): (_, i32)| {
                    vec![
                        code.into(),
                        name.into(),
                        national.into(),
                        "万吨/年".into(),
                        "万吨".into(),
                        minimum.into(),
                        minimum.map(|_| MINIMUM_SOURCE).into(),
                        minimum.map(|_| "C").into(),
                        sand_stone_soil.into(),
                        order.into(),
                    ]
                },
            )
            .collect();
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
            rows,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table(Minerals::Table).to_owned())
            .await
    }
}
