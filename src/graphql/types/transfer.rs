//! Admission into the city transfer plan: survey records, eligibility and its checks, the
//! transfer plan and its entries, the closure quota.

use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{survey, transfer_entry};

use crate::domain::admission::{Balance, Check as DomainCheck, failed_checks};
use crate::domain::codes;
use crate::graphql::types::block::Block;
use crate::graphql::types::enums::{
    BlockPriority, Obstacle, TradingPlatform, TransferMethod, TransferOutcome, TransferPlanStatus,
};
use crate::service::admission::transfer::TransferPlanView;
use crate::service::stored::stored_code;

/// One department's site-survey record (the latest per department holds).
pub struct SurveyRecord(pub survey::Model);

/// One department's site-survey record (the latest per department holds).
#[Object]
impl SurveyRecord {
    /// The record's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The department's code (`FORESTRY`, …).
    async fn department(&self) -> &str {
        &self.0.department_code
    }
    /// Whether the department found an overlap.
    async fn conflict(&self) -> bool {
        self.0.conflict
    }
    /// The obstacle behind a conflict, as the department names it.
    async fn obstacle(&self) -> async_graphql::Result<Option<Obstacle>> {
        Ok(self
            .0
            .obstacle
            .as_deref()
            .map(|o| stored_code(codes::Obstacle::parse, "surveys", "obstacle", self.0.id, o))
            .transpose()?
            .map(Into::into))
    }
    /// The reviewer's note, if any.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// `sub` of the reviewer who recorded it.
    async fn recorded_by(&self) -> &str {
        &self.0.recorded_by
    }
    /// When the record was made (UTC).
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// One admission check of a block (PLAN-1 or NEW-1 to NEW-5).
#[derive(SimpleObject)]
pub struct Check {
    /// The rule checked (`PLAN-1`, `NEW-1` … `NEW-5`).
    pub rule_id: String,
    /// What is checked (`IN_APPROVED_PLAN`, `MASTER_PLAN`, `DEPOSIT_CLASS`, …).
    pub code: String,
    /// Whether the block passes the check.
    pub passed: bool,
    /// Whether a failure refuses admission (a warning otherwise).
    pub blocking: bool,
    /// What the check found, in Chinese.
    pub detail: String,
}

impl From<DomainCheck> for Check {
    fn from(check: DomainCheck) -> Self {
        Check {
            rule_id: check.rule_id.into(),
            code: check.code.into(),
            passed: check.passed,
            blocking: check.blocking,
            detail: check.detail,
        }
    }
}

/// Whether a block may enter a year's transfer plan, and every check.
#[derive(SimpleObject)]
pub struct Eligibility {
    /// Every blocking check passes.
    pub eligible: bool,
    /// The rule IDs an admission would be refused with, in the table's order.
    pub failed_checks: Vec<String>,
    /// Every check, in the order of the rules (PLAN-1, NEW-1 … NEW-5).
    pub checks: Vec<Check>,
}

impl Eligibility {
    /// From the checks in their order.
    pub fn new(checks: Vec<DomainCheck>) -> Self {
        let failed: Vec<String> = failed_checks(&checks).into_iter().map(Into::into).collect();
        Eligibility {
            eligible: failed.is_empty(),
            failed_checks: failed,
            checks: checks.into_iter().map(Check::from).collect(),
        }
    }
}

/// Closed mines against new mines (NEW-3).
#[derive(SimpleObject)]
pub struct Quota {
    /// Closed mines, as the city's admission settings count them.
    pub closed_mines: i32,
    /// New mines admitted into transfer plans and holding a place (exceptions included).
    pub new_mines: i32,
    /// closed − new (negative after exceptions).
    pub remaining: i32,
}

impl From<Balance> for Quota {
    fn from(balance: Balance) -> Self {
        Quota {
            closed_mines: balance.closed as i32,
            new_mines: i32::try_from(balance.new_mines).unwrap_or(i32::MAX),
            remaining: balance.remaining() as i32,
        }
    }
}

/// A block admitted into a year's transfer plan.
pub struct TransferPlanEntry {
    pub entry: transfer_entry::Model,
    pub block: entity::block::Model,
    /// The year of the plan it belongs to.
    pub year: i32,
}

/// A block admitted into a year's transfer plan.
#[Object]
impl TransferPlanEntry {
    /// The entry's id.
    async fn id(&self) -> ID {
        ID(self.entry.id.to_string())
    }
    /// The block admitted.
    async fn block(&self) -> Block {
        Block(self.block.clone())
    }
    /// How the block is transferred: tender, auction or listing (招拍挂).
    async fn method(&self) -> async_graphql::Result<TransferMethod> {
        Ok(stored_code(
            codes::TransferMethod::parse,
            "transfer_entries",
            "method",
            self.entry.id,
            &self.entry.method,
        )?
        .into())
    }
    /// The trading platform the block is transferred on.
    async fn platform(&self) -> async_graphql::Result<TradingPlatform> {
        Ok(stored_code(
            codes::TradingPlatform::parse,
            "transfer_entries",
            "platform",
            self.entry.id,
            &self.entry.platform,
        )?
        .into())
    }
    /// The block's NEW-1 priority when admitted.
    async fn priority(&self) -> async_graphql::Result<BlockPriority> {
        Ok(stored_code(
            codes::BlockPriority::parse,
            "transfer_entries",
            "priority",
            self.entry.id,
            &self.entry.priority,
        )?
        .into())
    }
    /// When the block was admitted (UTC).
    async fn admitted_at(&self) -> DateTime<Utc> {
        self.entry.admitted_at
    }
    /// Whether the approver admitted it beyond the NEW-3 balance.
    async fn quota_exception(&self) -> bool {
        self.entry.quota_exception_reason.is_some()
    }
    /// The approver's written reason.
    async fn quota_exception_reason(&self) -> Option<&str> {
        self.entry.quota_exception_reason.as_deref()
    }
    /// Whether it was withdrawn (its place given back).
    async fn withdrawn(&self) -> bool {
        self.entry.withdrawn_at.is_some()
    }
    /// Why the entry was withdrawn; null unless withdrawn.
    async fn withdrawn_reason(&self) -> Option<&str> {
        self.entry.withdrawn_reason.as_deref()
    }
    /// The transfer plan's year.
    async fn year(&self) -> i32 {
        self.year
    }
    /// What the platform reported last, once it has.
    async fn outcome(&self) -> async_graphql::Result<Option<TransferOutcome>> {
        Ok(self
            .entry
            .outcome
            .as_deref()
            .map(|o| {
                stored_code(
                    codes::TransferOutcome::parse,
                    "transfer_entries",
                    "outcome",
                    self.entry.id,
                    o,
                )
            })
            .transpose()?
            .map(Into::into))
    }
    /// The day of the outcome the platform reported last.
    async fn outcome_date(&self) -> Option<crate::graphql::types::date::Date> {
        self.entry
            .outcome_date
            .map(crate::graphql::types::date::Date)
    }
    /// The winning bidder of a sold block (a company, as a transfer result is public).
    async fn winning_bidder(&self) -> Option<&str> {
        self.entry.winning_bidder.as_deref()
    }
    /// The price of a sold block, 万元, a decimal string.
    async fn price_wan_yuan(&self) -> Option<&str> {
        self.entry.price_wan_yuan.as_deref()
    }
    /// Who transfers and registers the right: `PROVINCE` or `CITY` (the mineral's data).
    async fn transfer_authority(
        &self,
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Option<String>> {
        Ok(crate::graphql::context::loaders(ctx)?
            .catalogue
            .mineral(&self.entry.mineral_code)
            .map(|m| m.transfer_authority.clone()))
    }
    /// Version: +1 on every change (the feed's `updatedAt` moves with it).
    async fn version(&self) -> i32 {
        self.entry.version
    }
    /// When the entry last changed (UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.entry.updated_at
    }
}

/// The city's transfer plan of one year.
pub struct TransferPlan(pub TransferPlanView);

/// The city's transfer plan of one year.
#[Object]
impl TransferPlan {
    /// The year the plan covers.
    async fn year(&self) -> i32 {
        self.0.plan.year
    }
    /// Six-digit division code of the city.
    async fn city_code(&self) -> &str {
        &self.0.plan.city_code
    }
    /// Draft while blocks are admitted, approved once frozen and published.
    async fn status(&self) -> async_graphql::Result<TransferPlanStatus> {
        Ok(stored_code(
            codes::TransferPlanStatus::parse,
            "transfer_plans",
            "status",
            self.0.plan.id,
            &self.0.plan.status,
        )?
        .into())
    }
    /// When the city approver approved the plan; null while a draft.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.approved_at
    }
    /// Standing entries in NEW-1 priority order, then admission time; withdrawn ones last.
    async fn entries(&self) -> Vec<TransferPlanEntry> {
        self.0
            .entries
            .iter()
            .map(|(entry, block)| TransferPlanEntry {
                entry: entry.clone(),
                block: block.clone(),
                year: self.0.plan.year,
            })
            .collect()
    }
}

/// A city's admission settings (NEW-3's open questions).
#[derive(SimpleObject)]
pub struct AdmissionSettings {
    /// Six-digit division code of the city the settings apply to.
    pub city_code: String,
    /// Whether a county's own balance refuses admission (default: a warning).
    pub county_balance_blocks: bool,
    /// Whether only completed closures (licence cancelled) count as closed.
    pub completed_closures_only: bool,
    /// Whether integration members count as closed mines.
    pub count_integration_members: bool,
}

impl From<entity::admission_setting::Model> for AdmissionSettings {
    fn from(row: entity::admission_setting::Model) -> Self {
        AdmissionSettings {
            city_code: row.city_code,
            county_balance_blocks: row.county_balance_blocks,
            completed_closures_only: row.completed_closures_only,
            count_integration_members: row.count_integration_members,
        }
    }
}

/// A change of the admission settings; omitted fields are kept.
#[derive(async_graphql::InputObject)]
pub struct AdmissionSettingsInput {
    /// Whether a county's own balance refuses admission (false: a warning); omitted: kept.
    pub county_balance_blocks: Option<bool>,
    /// Whether only completed closures (licence cancelled) count as closed; omitted: kept.
    pub completed_closures_only: Option<bool>,
    /// Whether integration members count as closed mines; omitted: kept.
    pub count_integration_members: Option<bool>,
}

/// A planning cap on a mineral's total production (NEW-2).
#[derive(SimpleObject)]
pub struct PlanningCap {
    /// Code of the mineral whose total production is capped.
    pub mineral_code: String,
    /// The city's code (city-wide) or a county's.
    pub place_code: String,
    /// 万吨/年.
    pub cap_scale: f64,
}

impl From<entity::planning_cap::Model> for PlanningCap {
    fn from(row: entity::planning_cap::Model) -> Self {
        PlanningCap {
            mineral_code: row.mineral_code,
            place_code: row.place_code,
            cap_scale: row.cap_scale,
        }
    }
}

/// One year of the balance outlook.
#[derive(SimpleObject)]
pub struct OutlookYear {
    /// The calendar year the figures are for.
    pub year: i32,
    /// Licensed mines whose closure the approved plans schedule that year.
    pub closures_scheduled: i32,
    /// Of those, the ones whose licence cancellation is done.
    pub closures_completed: i32,
    /// New mines the approved plans propose for that year.
    pub new_mines_proposed: i32,
    /// Of those, the ones admitted into the transfer plan.
    pub new_mines_admitted: i32,
    /// Closures up to this year, as NEW-3 counts them (scheduled, or completed only).
    pub closed_to_date: i32,
    /// New mines proposed up to this year.
    pub new_mines_to_date: i32,
    /// Whether new mines outnumber closures by this year (关设并举 would break).
    pub breaks: bool,
}

impl From<crate::domain::outlook::OutlookYear> for OutlookYear {
    fn from(y: crate::domain::outlook::OutlookYear) -> Self {
        OutlookYear {
            year: y.year,
            closures_scheduled: y.figures.closures_scheduled as i32,
            closures_completed: y.figures.closures_completed as i32,
            new_mines_proposed: y.figures.new_proposed as i32,
            new_mines_admitted: y.figures.new_admitted as i32,
            closed_to_date: y.closed_to_date as i32,
            new_mines_to_date: y.new_to_date as i32,
            breaks: y.breaks,
        }
    }
}

/// One county's outlook.
#[derive(SimpleObject)]
pub struct CountyOutlook {
    /// Six-digit division code of the county.
    pub county_code: String,
    /// The county's figures, one row per year.
    pub years: Vec<OutlookYear>,
}

/// The balance outlook of a city and its counties.
#[derive(SimpleObject)]
pub struct BalanceOutlook {
    /// Six-digit division code of the city.
    pub city_code: String,
    /// Whether closures count only once completed (the NEW-3 setting).
    pub completed_closures_only: bool,
    /// The city-wide figures, one row per year the approved plans cover.
    pub years: Vec<OutlookYear>,
    /// The same figures for each county of the city.
    pub counties: Vec<CountyOutlook>,
}

impl From<crate::service::admission::outlook::BalanceOutlook> for BalanceOutlook {
    fn from(o: crate::service::admission::outlook::BalanceOutlook) -> Self {
        BalanceOutlook {
            city_code: o.city_code,
            completed_closures_only: o.completed_closures_only,
            years: o.city.into_iter().map(Into::into).collect(),
            counties: o
                .counties
                .into_iter()
                .map(|(county_code, years)| CountyOutlook {
                    county_code,
                    years: years.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}
