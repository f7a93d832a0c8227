//! A mineral with its units and provincial minimum production scale.
use sea_orm::entity::prelude::*;

/// One mineral row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "minerals")]
pub struct Model {
    /// Stable code (`IRON`, `BUILDING_STONE`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Chinese name (e.g. 铁矿, 建筑石料用灰岩).
    pub name: String,
    /// Code used in official lists (e.g. `22001` for iron); null when unknown.
    pub national_code: Option<String>,
    /// Unit of production scale (万吨/年).
    pub production_unit: String,
    /// Unit of reserves (万吨).
    pub reserves_unit: String,
    /// Seeded provincial minimum, 万吨/年 (seed §3.2.2(3)); null where the province sets
    /// none. The rules read `provincial_minimums` of the version in force instead.
    pub provincial_min_scale: Option<f64>,
    /// Where the minimum comes from; null when there is none.
    pub provincial_min_source: Option<String>,
    /// C confirmed, M to verify, L local default; null when there is no minimum.
    pub provincial_min_confidence: Option<String>,
    /// Sand, stone or soil (砂石土): NEW-2's small-mine exception applies to these.
    pub sand_stone_soil: bool,
    /// Ordinary building sand, gravel or stone (普通建筑用砂石), which INTEGRATE-4 covers.
    pub ordinary_sand_stone: bool,
    /// Display order in lists (ascending).
    pub sort_order: i32,
    /// Who transfers and registers new rights of this mineral by default: `PROVINCE`
    /// (strategic minerals), `CITY` or `COUNTY`; the city corrects it (NEW-6).
    pub transfer_authority: String,
    /// The province may delegate a block of it to the city (一事一议).
    pub delegable: bool,
    /// A small deposit of it is the county's to transfer (river sand, brick clay).
    pub county_when_small: bool,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
