//! The entries of a county plan as officials file them (docs/rules.md, attachments 2–4), each
//! checked for form here: plausible dates in order, finite figures, clean text. Whether an
//! entry agrees with the mine's assessment is [`super::consistency`]'s question.

use chrono::{Datelike, NaiveDate};

use crate::domain::assessment::Disposition;
use crate::domain::codes::MineralCode;
use crate::domain::mine::{bounds, mineral_code, plausible_date, within};
use crate::domain::rule::Rule;
use crate::domain::text::{Lines, TextField};
use crate::domain::{Problems, ValidationError};

/// Most mines one integration group may join.
pub const MAX_GROUP: usize = 50;
/// Most upgrade measures one entry lists.
pub const MAX_MEASURES: usize = 20;
/// Years a transfer year may lie in (attachment 4's 拟出让年度).
pub const TRANSFER_YEARS: (i32, i32) = (2000, 2100);
/// Years a demand forecast may look ahead (the plan says 5 to 10).
pub const FORECAST_YEARS: (u32, u32) = (1, 20);

const MEASURE: TextField = TextField::single("measures", "改造措施", 200);
const UNIFIED_NAME: TextField = TextField::single("unifiedName", "整合后矿山名称", 200);
const UNIFIED_HOLDER: TextField = TextField::single("unifiedHolder", "整合后采矿权人", 200);
const TASK: TextField = TextField {
    field: "task",
    label: "工作任务",
    max_chars: 500,
    lines: Lines::Multi,
};
const UNIT: TextField = TextField::single("unit", "责任单位", 200);
const NOTE: TextField = TextField {
    field: "note",
    label: "备注",
    max_chars: 1_000,
    lines: Lines::Multi,
};

/// A close/exit entry (attachment 2): the route, the timetable and the supervision
/// commitment that ecological restoration is finished by `restoration_due_by`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosureEntry {
    pub mine_id: i64,
    /// `Close` (关闭取缔) or `Exit` (引导退出).
    pub method: Disposition,
    /// 关闭退出时间.
    pub close_by: NaiveDate,
    /// The restoration duties' deadline (生态修复责任落实时限); `None` when a form left it
    /// out, which submit then asks for.
    pub restoration_due_by: Option<NaiveDate>,
}

impl ClosureEntry {
    /// Checks the method and the dates.
    pub fn check(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        if !matches!(self.method, Disposition::Close | Disposition::Exit) {
            problems.push(ValidationError::new(
                "method",
                "关闭退出方式须为关闭取缔（CLOSE）或引导退出（EXIT）",
            ));
        }
        problems.check(plausible_date(self.close_by, "closeBy"));
        if let Some(due) = self.restoration_due_by {
            problems.check(plausible_date(due, "restorationDueBy"));
            if due < self.close_by {
                problems.push(ValidationError::new(
                    "restorationDueBy",
                    "生态修复完成时限不能早于关闭退出时间",
                ));
            }
        }
        problems.finish(())
    }
}

/// An upgrade entry (attachment 3) with the supervision milestones of an upgrade.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeEntry {
    pub mine_id: i64,
    /// 提升改造后生产规模, 万吨/年.
    pub target_scale: f64,
    /// Recoverable reserves after upgrading, 万吨; `None`: the mine's remaining reserves.
    pub recoverable_reserves: Option<f64>,
    /// 完成时间.
    pub complete_by: NaiveDate,
    /// Upgrade measures (UPGRADE-2: green mine, mechanisation, automation, …).
    pub measures: Vec<String>,
    /// When the safety facilities are designed, built and in use together ("三同时");
    /// `None`: by `complete_by`.
    pub safety_facilities_by: Option<NaiveDate>,
    /// When the licence's scale is changed; `None`: by `complete_by`.
    pub licence_change_by: Option<NaiveDate>,
}

impl UpgradeEntry {
    /// Checks the figures, dates and measures, cleaning the measures' text.
    pub fn parse(mut self) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        problems.check(within(
            self.target_scale,
            bounds::PRODUCTION_SCALE,
            "targetScale",
            "提升改造后生产规模（万吨/年）",
        ));
        if let Some(reserves) = self.recoverable_reserves {
            problems.check(within(
                reserves,
                bounds::RESERVES,
                "recoverableReserves",
                "可采资源量（万吨）",
            ));
        }
        problems.check(plausible_date(self.complete_by, "completeBy"));
        for (date, field) in [
            (self.safety_facilities_by, "safetyFacilitiesBy"),
            (self.licence_change_by, "licenceChangeBy"),
        ] {
            if let Some(date) = date
                && problems.check(plausible_date(date, field)).is_some()
                && date > self.complete_by
            {
                problems.push(ValidationError::new(field, "里程碑不能晚于完成时间"));
            }
        }
        if self.measures.len() > MAX_MEASURES {
            problems.push(ValidationError::new(
                "measures",
                format!("改造措施最多{MAX_MEASURES}项"),
            ));
        } else {
            let mut cleaned = Vec::new();
            for measure in &self.measures {
                if let Some(Some(text)) = problems.check(MEASURE.clean(measure)) {
                    cleaned.push(text);
                }
            }
            self.measures = cleaned;
        }
        problems.finish(self)
    }
}

/// An integration group: member mines that become one unified right (五统一).
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrationGroup {
    pub mine_ids: Vec<i64>,
    /// The unified mine's name.
    pub unified_name: String,
    /// The unified right's holder; `None`: the holder of the largest member.
    pub unified_holder: Option<String>,
    /// The unified system's production scale, 万吨/年; `None`: the members' sum.
    pub target_scale: Option<f64>,
    /// 完成时间.
    pub complete_by: NaiveDate,
}

impl IntegrationGroup {
    /// Checks the members (two or more, distinct), the names, the scale and the date.
    pub fn parse(mut self) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        let mut ids = self.mine_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.mine_ids.len() {
            problems.push(ValidationError::new("mineIds", "整合矿山不能重复"));
        } else if !(2..=MAX_GROUP).contains(&ids.len()) {
            problems.push(ValidationError::breaking(
                Rule::IntegrateGroup,
                "mineIds",
                format!("整合重组须有2至{MAX_GROUP}座矿山"),
            ));
        }
        if let Some(name) = problems.check(UNIFIED_NAME.required(&self.unified_name)) {
            self.unified_name = name;
        }
        if let Some(holder) = &self.unified_holder
            && let Some(cleaned) = problems.check(UNIFIED_HOLDER.clean(holder))
        {
            self.unified_holder = cleaned;
        }
        if let Some(scale) = self.target_scale {
            problems.check(within(
                scale,
                bounds::PRODUCTION_SCALE,
                "targetScale",
                "整合后生产规模（万吨/年）",
            ));
        }
        problems.check(plausible_date(self.complete_by, "completeBy"));
        problems.finish(self)
    }
}

/// A proposed new mine (attachment 4): a block of the county and its transfer year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewMineEntry {
    pub block_id: i64,
    /// 拟出让年度.
    pub transfer_year: i32,
}

impl NewMineEntry {
    /// Checks the year.
    pub fn check(&self) -> Result<(), ValidationError> {
        let (first, last) = TRANSFER_YEARS;
        if (first..=last).contains(&self.transfer_year) {
            Ok(())
        } else {
            Err(ValidationError::new(
                "transferYear",
                format!("拟出让年度须在{first}至{last}年之间"),
            ))
        }
    }
}

/// A division of responsibilities (分工): a task, the unit that does it, its deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Responsibility {
    pub task: String,
    pub unit: String,
    pub due_by: NaiveDate,
}

impl Responsibility {
    /// Cleans the text and checks the date.
    pub fn parse(mut self) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        if let Some(task) = problems.check(TASK.required(&self.task)) {
            self.task = task;
        }
        if let Some(unit) = problems.check(UNIT.required(&self.unit)) {
            self.unit = unit;
        }
        problems.check(plausible_date(self.due_by, "dueBy"));
        problems.finish(self)
    }
}

/// The county's demand forecast for one mineral (科学研判未来5-10年的矿产资源需求):
/// informative, it gates nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandForecast {
    pub mineral_code: String,
    /// Expected yearly demand, 万吨/年.
    pub annual_demand: f64,
    /// Years the forecast covers.
    pub horizon_years: u32,
    pub note: Option<String>,
}

impl DemandForecast {
    /// Checks the mineral code, the figure and the horizon; cleans the note.
    pub fn parse(mut self) -> Result<(Self, MineralCode), Problems> {
        let mut problems = Problems::new();
        let mineral = problems.check(mineral_code(&self.mineral_code, "mineralCode"));
        problems.check(within(
            self.annual_demand,
            bounds::RESERVES,
            "annualDemand",
            "预测年需求量（万吨/年）",
        ));
        let (least, most) = FORECAST_YEARS;
        if !(least..=most).contains(&self.horizon_years) {
            problems.push(ValidationError::new(
                "horizonYears",
                format!("预测年限须为{least}至{most}年"),
            ));
        }
        if let Some(note) = &self.note
            && let Some(cleaned) = problems.check(NOTE.clean(note))
        {
            self.note = cleaned;
        }
        match mineral {
            Some(mineral) => {
                self.mineral_code = mineral.to_string();
                problems.finish((self, mineral))
            }
            None => Err(problems),
        }
    }
}

/// The year of a date, for grouping closures by the year they are due.
pub fn year_of(date: NaiveDate) -> i32 {
    date.year()
}

#[cfg(test)]
mod tests;
