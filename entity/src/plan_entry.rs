//! An entry of a county plan: one row per entry, the columns its kind uses filled.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "plan_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    /// `CLOSURE`, `UPGRADE`, `INTEGRATION`, `NEW_MINE`, `RESPONSIBILITY`, `DEMAND_FORECAST`.
    pub kind: String,
    /// The mine of a closure or upgrade.
    pub mine_id: Option<i64>,
    /// The block of a new-mine entry.
    pub block_id: Option<i64>,
    /// `CLOSE` or `EXIT` for a closure.
    pub method: Option<String>,
    pub close_by: Option<Date>,
    pub restoration_due_by: Option<Date>,
    /// Upgrade or integration target scale, 万吨/年.
    pub target_scale: Option<f64>,
    /// Upgrade: recoverable reserves after upgrading, 万吨.
    pub recoverable_reserves: Option<f64>,
    pub complete_by: Option<Date>,
    /// Upgrade measures, a JSON array of strings.
    pub measures: Option<String>,
    pub safety_facilities_by: Option<Date>,
    pub licence_change_by: Option<Date>,
    /// Integration: the unified mine's name and holder.
    pub unified_name: Option<String>,
    pub unified_holder: Option<String>,
    /// Integration: the unified mine, once the integration is completed.
    pub unified_mine_id: Option<i64>,
    /// Integration: the city-coordinated group whose members of this county it carries.
    pub coordinated_group_id: Option<i64>,
    /// New mine: 拟出让年度.
    pub transfer_year: Option<i32>,
    /// Responsibility: the task, the unit and the deadline.
    pub task: Option<String>,
    pub unit: Option<String>,
    pub due_by: Option<Date>,
    /// Demand forecast: the mineral, yearly demand (万吨/年) and horizon.
    pub mineral_code: Option<String>,
    pub annual_demand: Option<f64>,
    pub horizon_years: Option<i32>,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
