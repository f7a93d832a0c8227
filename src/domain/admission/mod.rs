//! Whether a planned block may enter a year's city transfer plan (docs/rules.md, admission
//! table): every check in the table's order, each with its rule, code, result, whether it
//! blocks, and a detail an official can act on. Pure: the service gathers the facts inside
//! the admitting transaction and asks here.

use super::authority::Authority;
use super::block::BlockFact;
pub use super::codes::Obstacle;
use super::codes::{BlockPriority, ScaleClass, TradingPlatform};
use super::rule::Rule;

/// One check of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// PLAN-1, NEW-1 … NEW-6.
    pub rule: Rule,
    /// `IN_APPROVED_PLAN`, `MASTER_PLAN`, `DEPOSIT_CLASS`, …
    pub code: &'static str,
    pub passed: bool,
    /// Whether a failure refuses admission (a warning otherwise).
    pub blocking: bool,
    /// What the check found, in Chinese.
    pub detail: String,
}

/// A balance of closed and new mines (NEW-3), for the city or a county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    /// Closed mines as the setting counts them.
    pub closed: u32,
    /// New mines admitted and not given back (exceptions included), as the counter holds
    /// them: never clamped, so a counter that went wrong shows.
    pub new_mines: i64,
}

impl Balance {
    /// closed − new (negative after exceptions).
    pub fn remaining(self) -> i64 {
        i64::from(self.closed) - self.new_mines
    }

    /// Whether one more new mine keeps new ≤ closed.
    pub fn allows_one_more(self) -> bool {
        self.new_mines < i64::from(self.closed)
    }
}

/// A planning cap on a mineral's total production (NEW-2), city-wide or for a county.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    /// The cap, 万吨/年.
    pub cap: f64,
    /// Production of the mines not on a close/exit list of a plan in force.
    pub base: f64,
    /// Designed production of the admitted blocks holding a place.
    pub held: f64,
    /// Whether the cap is the county's (else the city's).
    pub county: bool,
}

impl Cap {
    /// Production already counted against the cap.
    pub fn used(&self) -> f64 {
        self.base + self.held
    }
}

/// The survey state of a block (NEW-4).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Survey {
    /// The transfer boundary (corner coordinates) is set.
    pub boundary: bool,
    /// The mining land (采矿用地) is noted.
    pub mining_land: bool,
    /// Expected participants with no record, by name.
    pub missing: Vec<String>,
    /// Participants whose latest record leaves a conflict open, with the obstacle.
    pub open_conflicts: Vec<String>,
    /// Overlaps the spatial screen found with a red line or protected area, described
    /// (docs/spatial.md): no survey record clears them.
    pub forbidden_overlaps: Vec<String>,
}

/// Everything the checks read about one block in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct AdmissionFacts {
    /// The year asked for.
    pub year: i32,
    /// PLAN-1: the transfer year of the block's new-mine entry on its county's plan in
    /// force, if it has one.
    pub planned_year: Option<i32>,
    /// NEW-1's gate; `None` while the block has not stated it.
    pub in_master_plan: Option<bool>,
    /// With a master-plan zone layer in force, the forbidden zones the block overlaps,
    /// described: NEW-1 reads them in place of `in_master_plan`.
    pub master_plan_zones: Option<Vec<String>>,
    /// NEW-2's classes; `None` where the standards have no figure. The production class
    /// is the facts it waits for while the block has not stated them.
    pub deposit_class: Option<ScaleClass>,
    pub production_class: Result<Option<ScaleClass>, Vec<BlockFact>>,
    /// The provincial small sand/stone/soil exception applies to this block (the setting is
    /// on, the mineral is ordinary sand or stone, the priority a major or livelihood one).
    pub small_mine_exception: bool,
    /// The block's designed production, 万吨/年 (what a cap adds); `None` while unstated.
    pub designed_scale: Option<f64>,
    /// The block's predicted resources, 万吨 (what its service life is reckoned from).
    pub predicted_resources: f64,
    /// The shortest service life the standards in force allow (EXIT-3's minimum), years.
    pub min_service_years: f64,
    /// The caps that apply, city-wide and the county's.
    pub caps: Vec<Cap>,
    pub city: Balance,
    pub county: Balance,
    /// Whether the county balance blocks (a setting; a warning by default).
    pub county_balance_blocks: bool,
    /// The first year from `year` on in which the binding balances leave room for one more
    /// new mine, as the plans in force schedule their closures; `None` when none does.
    pub balance_opens_in: Option<i32>,
    /// An approver's written exception: waives NEW-3 (both balances) alone.
    pub quota_exception: bool,
    pub survey: Survey,
    /// NEW-5 confirmed.
    pub clean_mine: bool,
    /// NEW-6: who transfers the block, and the province's delegation reference when it
    /// delegated the block to the city.
    pub authority: Authority,
    pub delegation: Option<String>,
    /// NEW-6: the platform an admission names (none when only eligibility is asked).
    pub platform: Option<TradingPlatform>,
}

impl AdmissionFacts {
    /// What the block's places are taken against.
    pub fn places(&self) -> crate::domain::quota::PlaceFacts {
        crate::domain::quota::PlaceFacts {
            city: self.city,
            county: self.county,
            caps: self.caps.clone(),
            county_balance_blocks: self.county_balance_blocks,
            balance_opens_in: self.balance_opens_in,
            quota_exception: self.quota_exception,
        }
    }
}

/// The rules of the admission table, in its order (`failedChecks` lists them so).
pub const TABLE_ORDER: [Rule; 7] = [
    Rule::Plan1,
    Rule::New1,
    Rule::New2,
    Rule::New3,
    Rule::New4,
    Rule::New5,
    Rule::New6,
];

/// Every admission check of docs/rules.md, in its order.
pub fn checks(facts: &AdmissionFacts) -> Vec<Check> {
    vec![
        table::plan_1_in_approved_plan(facts),
        table::new_1_master_plan(facts),
        table::new_2_deposit_class(facts),
        table::new_2_production_class(facts),
        table::new_2_service_life(facts),
        table::new_2_planning_cap(facts),
        table::new_3_city_balance(facts),
        table::new_3_county_balance(facts),
        table::new_4_survey(facts),
        table::new_5_clean_mine(facts),
        table::new_6_authority(facts),
    ]
}

/// Whether admitting needs an approver's exception: without one, a binding NEW-3 balance
/// would refuse. An approver's reason given where the balance already has room is not an
/// exception, and is not recorded as one.
pub fn needs_exception(facts: &AdmissionFacts) -> bool {
    let plain = AdmissionFacts {
        quota_exception: false,
        ..facts.clone()
    };
    failed_checks(&checks(&plain)).contains(&Rule::New3)
}

/// The rule IDs of the failing blocking checks, deduplicated, in the table's order.
pub fn failed_checks(checks: &[Check]) -> Vec<Rule> {
    let mut failed: Vec<Rule> = Vec::new();
    for check in checks.iter().filter(|c| c.blocking && !c.passed) {
        if !failed.contains(&check.rule) {
            failed.push(check.rule);
        }
    }
    failed
}

/// NEW-1's order of configuration: a block's place among the priority categories (major
/// projects first, none last); the transfer plan lists its entries in it.
pub fn new_1_rank(priority: BlockPriority) -> usize {
    BlockPriority::ALL
        .iter()
        .position(|p| *p == priority)
        .unwrap_or(BlockPriority::ALL.len())
}

pub mod standing;
mod table;

#[cfg(test)]
mod tests;
