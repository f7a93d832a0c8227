//! A planned block (规划区块, attachment 4): a proposed new mine of a county plan.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One block row. Serialisable so the audit trail can record before/after images.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "blocks")]
pub struct Model {
    /// Surrogate key; the GraphQL `Block.id`.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 拟设矿业权名称（规划区块）, unique within its county.
    pub name: String,
    /// Six-digit division code of the block's county (`counties.code`).
    pub county_code: String,
    /// Code of the mineral to be mined (`minerals.code`).
    pub mineral_code: String,
    /// 矿区面积, km².
    pub area_km2: f64,
    /// 预测资源量, 万吨.
    pub predicted_resources: f64,
    /// 地理位置.
    pub location: String,
    /// Designed production scale, 万吨/年.
    pub designed_production_scale: f64,
    /// `OPEN_PIT` or `UNDERGROUND`.
    pub mining_method: String,
    /// `LEAN` or `RICH` where the deposit standard distinguishes grades; null otherwise.
    pub ore_grade: Option<String>,
    /// NEW-1 priority code (`MAJOR_PROJECT`, …, `NONE`).
    pub priority: String,
    /// Fits the mineral master plan and industrial policy (NEW-1's gate).
    pub in_master_plan: bool,
    /// Boundary corners as a JSON array of `[latitude, longitude]`; null without a boundary.
    pub corners: Option<String>,
    /// Optimistic-concurrency version: 1 on creation, +1 on every change.
    pub version: i32,
    /// When the row was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the row last changed (UTC).
    pub updated_at: DateTimeUtc,
    /// When the block was confirmed clean (NEW-5: 净矿); null until then.
    pub clean_confirmed_at: Option<DateTimeUtc>,
    /// Who confirmed it (the token's `sub`).
    pub clean_confirmed_by: Option<String>,
    /// The confirmation's note.
    pub clean_note: Option<String>,
    /// The obstacles the confirmation says were cleared, a JSON array of codes.
    pub obstacles_cleared: Option<String>,
    /// 采矿用地 as the survey settled it; null until recorded (NEW-4 needs it).
    pub mining_land: Option<String>,
    /// The province's reference delegating this block to the city (NEW-6), if it did.
    pub delegation_ref: Option<String>,
    /// When and by whom the delegation was recorded.
    pub delegated_at: Option<DateTimeUtc>,
    pub delegated_by: Option<String>,
    /// The facts the county has not stated yet, a JSON array of `BlockInput` field names
    /// (`designedProductionScale`, `miningMethod`, `inMasterPlan`); their columns then hold a
    /// neutral value nobody reads. Null when every fact is stated.
    pub unstated: Option<String>,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
