//! The inputs of the mutations that add entries to a draft plan.

use async_graphql::{ID, InputObject};

use crate::domain::plan::entries;
use crate::error::AppError;
use crate::graphql::query::parse_id;
use crate::graphql::types::date::Date;
use crate::graphql::types::mines::Disposition;

/// `addClosureEntry`'s input.
#[derive(InputObject)]
pub struct ClosureEntryInput {
    /// Id of the county's mine to close or guide out.
    pub mine_id: ID,
    /// `CLOSE` or `EXIT`.
    pub method: Disposition,
    /// 关闭退出时间.
    pub close_by: Date,
    /// Restoration duties done by (the supervision commitment).
    pub restoration_due_by: Date,
}

impl ClosureEntryInput {
    /// The domain entry; a malformed id names `mineId`.
    pub fn parse(self) -> Result<entries::ClosureEntry, AppError> {
        Ok(entries::ClosureEntry {
            mine_id: parse_id(&self.mine_id, "mineId")?,
            method: self.method.into(),
            close_by: self.close_by.0,
            restoration_due_by: Some(self.restoration_due_by.0),
        })
    }
}

/// `addUpgradeEntry`'s input.
#[derive(InputObject)]
pub struct UpgradeEntryInput {
    /// Id of the county's mine to upgrade.
    pub mine_id: ID,
    /// 提升改造后生产规模, 万吨/年.
    pub target_scale: f64,
    /// Recoverable reserves after upgrading, 万吨 (default: the mine's remaining reserves).
    pub recoverable_reserves: Option<f64>,
    /// 完成时间.
    pub complete_by: Date,
    /// Upgrade measures (UPGRADE-2), at most 20.
    pub measures: Option<Vec<String>>,
    /// "三同时" milestone (default: completeBy).
    pub safety_facilities_by: Option<Date>,
    /// Licence scale change milestone (default: completeBy).
    pub licence_change_by: Option<Date>,
}

impl UpgradeEntryInput {
    /// The domain entry.
    pub fn parse(self) -> Result<entries::UpgradeEntry, AppError> {
        Ok(entries::UpgradeEntry {
            mine_id: parse_id(&self.mine_id, "mineId")?,
            target_scale: self.target_scale,
            recoverable_reserves: self.recoverable_reserves,
            complete_by: self.complete_by.0,
            measures: self.measures.unwrap_or_default(),
            safety_facilities_by: self.safety_facilities_by.map(|d| d.0),
            licence_change_by: self.licence_change_by.map(|d| d.0),
        })
    }
}

/// `addIntegrationGroup`'s input.
#[derive(InputObject)]
pub struct IntegrationGroupInput {
    /// Two or more mines of the plan's county.
    pub mine_ids: Vec<ID>,
    /// The unified mine's name.
    pub unified_name: String,
    /// The unified right's holder (default: the largest member's).
    pub unified_holder: Option<String>,
    /// The unified system's scale, 万吨/年 (default: the members' sum).
    pub target_scale: Option<f64>,
    /// 完成时间.
    pub complete_by: Date,
}

impl IntegrationGroupInput {
    /// The domain group.
    pub fn parse(self) -> Result<entries::IntegrationGroup, AppError> {
        if self.mine_ids.len() > entries::MAX_GROUP {
            return Err(AppError::invalid(
                "mineIds",
                format!("整合重组最多{}座矿山", entries::MAX_GROUP),
            ));
        }
        Ok(entries::IntegrationGroup {
            mine_ids: self
                .mine_ids
                .iter()
                .map(|id| parse_id(id, "mineIds"))
                .collect::<Result<_, _>>()?,
            unified_name: self.unified_name,
            unified_holder: self.unified_holder,
            target_scale: self.target_scale,
            complete_by: self.complete_by.0,
        })
    }
}

/// `addNewMineEntry`'s input.
#[derive(InputObject)]
pub struct NewMineEntryInput {
    /// Id of the county's planned block proposed as a new mine.
    pub block_id: ID,
    /// 拟出让年度.
    pub transfer_year: i32,
}

/// `addResponsibility`'s input.
#[derive(InputObject)]
pub struct ResponsibilityInput {
    /// The task to be done.
    pub task: String,
    /// The unit responsible for the task.
    pub unit: String,
    /// The day the task must be done by.
    pub due_by: Date,
}

/// `addDemandForecast`'s input.
#[derive(InputObject)]
pub struct DemandForecastInput {
    /// Code of the mineral the forecast is for (`IRON`, …).
    pub mineral_code: String,
    /// Expected yearly demand, 万吨/年.
    pub annual_demand: f64,
    /// Years the forecast covers (the plan says 5 to 10).
    pub horizon_years: i32,
    /// An optional note on the forecast.
    pub note: Option<String>,
}
