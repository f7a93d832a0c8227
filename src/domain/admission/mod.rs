//! Whether a planned block may enter a year's city transfer plan (docs/rules.md, admission
//! table): every check in the table's order, each with its rule, code, result, whether it
//! blocks, and a detail an official can act on. Pure: the service gathers the facts inside
//! the admitting transaction and asks here.

use super::assessment::{below, figure};
use super::authority::{Authority, authority_name, platform_of};
pub use super::codes::Obstacle;
use super::codes::{BlockPriority, ScaleClass, TradingPlatform};
use super::mine::service_years;
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
}

/// Everything the checks read about one block in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct AdmissionFacts {
    /// The year asked for.
    pub year: i32,
    /// PLAN-1: the transfer year of the block's new-mine entry on its county's plan in
    /// force, if it has one.
    pub planned_year: Option<i32>,
    /// NEW-1's gate.
    pub in_master_plan: bool,
    /// NEW-2's classes; `None` where the standards have no figure.
    pub deposit_class: Option<ScaleClass>,
    pub production_class: Option<ScaleClass>,
    /// The provincial small sand/stone/soil exception applies to this block (the setting is
    /// on, the mineral is ordinary sand or stone, the priority a major or livelihood one).
    pub small_mine_exception: bool,
    /// The block's designed production, 万吨/年 (what a cap adds).
    pub designed_scale: f64,
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

fn class_name(class: Option<ScaleClass>) -> &'static str {
    match class {
        Some(ScaleClass::Large) => "大型",
        Some(ScaleClass::Medium) => "中型",
        Some(ScaleClass::Small) => "小型",
        None => "无标准",
    }
}

fn at_least_medium(class: Option<ScaleClass>) -> bool {
    matches!(class, Some(ScaleClass::Large | ScaleClass::Medium))
}

/// A NEW-2 class check: medium or above; no figure fails with `NO_STANDARD`; the small-mine
/// exception, when it applies, waives it and says so.
fn class_check(
    code: &'static str,
    what: &str,
    class: Option<ScaleClass>,
    exception: bool,
    missing_figure: &str,
) -> Check {
    let (code, passed, detail) = match (class, exception) {
        (_, true) if !at_least_medium(class) => (
            code,
            true,
            format!(
                "{what}为{}，按省级小型砂石土矿产例外（重大基础设施、民生工程）予以豁免",
                class_name(class)
            ),
        ),
        (None, _) => (
            "NO_STANDARD",
            false,
            format!(
                "现行标准没有该矿种的{missing_figure}，请市里通过 updateStandards 录入后再判定"
            ),
        ),
        (Some(_), _) => (
            code,
            at_least_medium(class),
            format!("{what}为{}，须达到中型及以上", class_name(class)),
        ),
    };
    Check {
        rule: Rule::New2,
        code,
        passed,
        blocking: true,
        detail,
    }
}

/// A NEW-3 balance check of `whose` balance, counted for the year asked: blocking when
/// `blocking`, waived by the approver's exception.
fn balance_check(
    code: &'static str,
    whose: &str,
    balance: Balance,
    facts: &AdmissionFacts,
    blocking: bool,
) -> Check {
    let passed = balance.allows_one_more();
    let counted = format!(
        "{whose}截至{}年底已关闭{}座、已新设{}座",
        facts.year, balance.closed, balance.new_mines
    );
    let detail = if passed {
        format!("{counted}，尚可新设{}座", balance.remaining())
    } else if facts.quota_exception {
        format!("{counted}；经市政府审批人书面说明例外配置")
    } else {
        let when = match facts.balance_opens_in {
            Some(year) => format!("按现行计划排定的关闭时间，{year}年起方有新设余额"),
            None => "现行计划排定的关闭不足以再新设".into(),
        };
        format!(
            "{counted}，新设不能超过关闭（关设并举）；再关闭{}座{whose}矿山方可新设；{when}",
            (balance.new_mines + 1 - i64::from(balance.closed)).max(0)
        )
    };
    Check {
        rule: Rule::New3,
        code,
        passed: passed || facts.quota_exception,
        blocking,
        detail,
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
        plan_1_in_approved_plan(facts),
        new_1_master_plan(facts),
        new_2_deposit_class(facts),
        new_2_production_class(facts),
        new_2_service_life(facts),
        new_2_planning_cap(facts),
        new_3_city_balance(facts),
        new_3_county_balance(facts),
        new_4_survey(facts),
        new_5_clean_mine(facts),
        new_6_authority(facts),
    ]
}

/// PLAN-1: the block is a new mine of its county's plan in force, for this year.
fn plan_1_in_approved_plan(facts: &AdmissionFacts) -> Check {
    Check {
        rule: Rule::Plan1,
        code: "IN_APPROVED_PLAN",
        passed: facts.planned_year == Some(facts.year),
        blocking: true,
        detail: match facts.planned_year {
            Some(year) if year == facts.year => {
                format!("已列入所在县现行批准计划的{year}年拟新设矿山")
            }
            Some(year) => format!("所在县现行批准计划拟于{year}年出让，而非{}年", facts.year),
            None => "未列入所在县现行批准计划的拟新设矿山".into(),
        },
    }
}

/// NEW-1: the block fits the master plan and the national industrial policy.
fn new_1_master_plan(facts: &AdmissionFacts) -> Check {
    Check {
        rule: Rule::New1,
        code: "MASTER_PLAN",
        passed: facts.in_master_plan,
        blocking: true,
        detail: if facts.in_master_plan {
            "符合矿产资源总体规划和国家产业政策".into()
        } else {
            "不符合（或未确认符合）矿产资源总体规划和国家产业政策".into()
        },
    }
}

/// NEW-2: a deposit of medium size or above.
fn new_2_deposit_class(facts: &AdmissionFacts) -> Check {
    class_check(
        "DEPOSIT_CLASS",
        "矿床规模（按预测资源量）",
        facts.deposit_class,
        facts.small_mine_exception,
        "矿床规模中型下限（万吨）",
    )
}

/// NEW-2: a designed production of medium scale or above.
fn new_2_production_class(facts: &AdmissionFacts) -> Check {
    class_check(
        "PRODUCTION_CLASS",
        "设计生产规模",
        facts.production_class,
        facts.small_mine_exception,
        "生产建设规模中型下限（万吨/年）",
    )
}

/// NEW-2: a new mine that would exhaust its predicted resources in under EXIT-3's minimum
/// service life would be an EXIT-3 mine on its first assessment, so it is not admitted.
fn new_2_service_life(facts: &AdmissionFacts) -> Check {
    // A block's designed scale is validated positive when it is recorded.
    let years = service_years(facts.predicted_resources, facts.designed_scale, None);
    let passed = !below(years, facts.min_service_years);
    Check {
        rule: Rule::New2,
        code: "SERVICE_LIFE",
        passed,
        blocking: true,
        detail: format!(
            "预测资源量{}万吨按设计规模{}万吨/年可开采{}年，{}{}年（EXIT-3 最低服务年限）",
            figure(facts.predicted_resources),
            figure(facts.designed_scale),
            figure(years),
            if passed { "不少于" } else { "不足" },
            figure(facts.min_service_years)
        ),
    }
}

/// NEW-2: the block's designed production keeps every cap that applies; the detail names
/// the first cap it would exceed.
fn new_2_planning_cap(facts: &AdmissionFacts) -> Check {
    let over: Vec<&Cap> = facts
        .caps
        .iter()
        .filter(|cap| cap.used() + facts.designed_scale > cap.cap)
        .collect();
    Check {
        rule: Rule::New2,
        code: "PLANNING_CAP",
        passed: over.is_empty(),
        blocking: true,
        detail: match (facts.caps.is_empty(), over.first()) {
            (true, _) => "矿产资源规划未设该矿种的总量上限".into(),
            (false, None) => format!("新增{}万吨/年后仍在规划总量之内", facts.designed_scale),
            (false, Some(cap)) => format!(
                "{}规划总量上限{}万吨/年，已有{}万吨/年，新增{}万吨/年将超出",
                if cap.county { "本县" } else { "全市" },
                cap.cap,
                cap.used(),
                facts.designed_scale
            ),
        },
    }
}

/// NEW-3 for the city: always blocking.
fn new_3_city_balance(facts: &AdmissionFacts) -> Check {
    balance_check("CITY_BALANCE", "全市", facts.city, facts, true)
}

/// NEW-3 for the county: blocking only when the setting says so.
fn new_3_county_balance(facts: &AdmissionFacts) -> Check {
    balance_check(
        "COUNTY_BALANCE",
        "本县",
        facts.county,
        facts,
        facts.county_balance_blocks,
    )
}

/// NEW-4: every expected department surveyed the block and left no conflict open, and the
/// survey settled the transfer boundary and the mining land.
fn new_4_survey(facts: &AdmissionFacts) -> Check {
    let survey = &facts.survey;
    let mut parts = Vec::new();
    if !survey.missing.is_empty() {
        parts.push(format!("尚未踏勘：{}", survey.missing.join("、")));
    }
    if !survey.open_conflicts.is_empty() {
        parts.push(format!("存在冲突：{}", survey.open_conflicts.join("、")));
    }
    if !survey.boundary {
        parts.push("尚未确定出让范围（拐点坐标）".into());
    }
    if !survey.mining_land {
        parts.push("尚未落实采矿用地".into());
    }
    Check {
        rule: Rule::New4,
        code: "SURVEY",
        passed: parts.is_empty(),
        blocking: true,
        detail: if parts.is_empty() {
            "各参加部门均已踏勘，无未解决的冲突，出让范围和采矿用地已确定".into()
        } else {
            parts.join("；")
        },
    }
}

/// NEW-5: the block is confirmed clean (净矿).
fn new_5_clean_mine(facts: &AdmissionFacts) -> Check {
    Check {
        rule: Rule::New5,
        code: "CLEAN_MINE",
        passed: facts.clean_mine,
        blocking: true,
        detail: if facts.clean_mine {
            "已确认净矿".into()
        } else {
            "尚未确认净矿（confirmCleanMine）".into()
        },
    }
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

/// NEW-6: the platform follows who transfers the block.
fn new_6_authority(facts: &AdmissionFacts) -> Check {
    let required = platform_of(facts.authority);
    let passed = facts.platform.is_none_or(|platform| platform == required);
    let by = match &facts.delegation {
        Some(reference) => format!("经省级委托（{reference}）由市级"),
        None => format!("由{}", authority_name(facts.authority)),
    };
    Check {
        rule: Rule::New6,
        code: "AUTHORITY",
        passed,
        blocking: true,
        detail: format!(
            "{by}出让，{}在{}公开出让",
            if passed { "" } else { "须" },
            platform_name(required)
        ),
    }
}

fn platform_name(platform: TradingPlatform) -> &'static str {
    match platform {
        TradingPlatform::ProvincialOnline => "省自然资源网上交易平台",
        TradingPlatform::CityPublicResource => "市级公共资源交易平台",
    }
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

#[cfg(test)]
mod tests;
