//! Whether a planned block may enter a year's city transfer plan (docs/rules.md, admission
//! table): every check in the table's order, each with its rule, code, result, whether it
//! blocks, and a detail an official can act on. Pure: the service gathers the facts inside
//! the admitting transaction and asks here.

pub use super::codes::Obstacle;
use super::codes::{BlockPriority, ScaleClass};

/// One check of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// `PLAN-1`, `NEW-1` … `NEW-5`.
    pub rule_id: &'static str,
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
    /// The caps that apply, city-wide and the county's.
    pub caps: Vec<Cap>,
    pub city: Balance,
    pub county: Balance,
    /// Whether the county balance blocks (a setting; a warning by default).
    pub county_balance_blocks: bool,
    /// An approver's written exception: waives NEW-3 (both balances) alone.
    pub quota_exception: bool,
    pub survey: Survey,
    /// NEW-5 confirmed.
    pub clean_mine: bool,
}

impl AdmissionFacts {
    /// What the block's places are taken against.
    pub fn places(&self) -> crate::domain::quota::PlaceFacts {
        crate::domain::quota::PlaceFacts {
            city: self.city,
            county: self.county,
            caps: self.caps.clone(),
            county_balance_blocks: self.county_balance_blocks,
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
        rule_id: "NEW-2",
        code,
        passed,
        blocking: true,
        detail,
    }
}

fn balance_check(
    code: &'static str,
    whose: &str,
    balance: Balance,
    blocking: bool,
    exception: bool,
) -> Check {
    let passed = balance.allows_one_more();
    let detail = if passed {
        format!(
            "{whose}已关闭{}座、已新设{}座，尚可新设{}座",
            balance.closed,
            balance.new_mines,
            balance.remaining()
        )
    } else if exception {
        format!(
            "{whose}已关闭{}座、已新设{}座；经市政府审批人书面说明例外配置",
            balance.closed, balance.new_mines
        )
    } else {
        format!(
            "{whose}已关闭{}座、已新设{}座，新设不能超过关闭（关设并举）；再关闭{}座{whose}矿山方可新设",
            balance.closed,
            balance.new_mines,
            (balance.new_mines + 1 - i64::from(balance.closed)).max(0)
        )
    };
    Check {
        rule_id: "NEW-3",
        code,
        passed: passed || exception,
        blocking,
        detail,
    }
}

/// Every admission check of docs/rules.md, in its order.
pub fn checks(facts: &AdmissionFacts) -> Vec<Check> {
    let mut checks = Vec::with_capacity(9);
    checks.push(Check {
        rule_id: "PLAN-1",
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
    });
    checks.push(Check {
        rule_id: "NEW-1",
        code: "MASTER_PLAN",
        passed: facts.in_master_plan,
        blocking: true,
        detail: if facts.in_master_plan {
            "符合矿产资源总体规划和国家产业政策".into()
        } else {
            "不符合（或未确认符合）矿产资源总体规划和国家产业政策".into()
        },
    });
    checks.push(class_check(
        "DEPOSIT_CLASS",
        "矿床规模（按预测资源量）",
        facts.deposit_class,
        facts.small_mine_exception,
        "矿床规模中型下限（万吨）",
    ));
    checks.push(class_check(
        "PRODUCTION_CLASS",
        "设计生产规模",
        facts.production_class,
        facts.small_mine_exception,
        "生产建设规模中型下限（万吨/年）",
    ));
    let over: Vec<&Cap> = facts
        .caps
        .iter()
        .filter(|cap| cap.used() + facts.designed_scale > cap.cap)
        .collect();
    checks.push(Check {
        rule_id: "NEW-2",
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
    });
    checks.push(balance_check(
        "CITY_BALANCE",
        "全市",
        facts.city,
        true,
        facts.quota_exception,
    ));
    checks.push(balance_check(
        "COUNTY_BALANCE",
        "本县",
        facts.county,
        facts.county_balance_blocks,
        facts.quota_exception,
    ));
    let surveyed = facts.survey.missing.is_empty() && facts.survey.open_conflicts.is_empty();
    checks.push(Check {
        rule_id: "NEW-4",
        code: "SURVEY",
        passed: surveyed,
        blocking: true,
        detail: if surveyed {
            "各参加部门均已踏勘，无未解决的冲突".into()
        } else {
            let mut parts = Vec::new();
            if !facts.survey.missing.is_empty() {
                parts.push(format!("尚未踏勘：{}", facts.survey.missing.join("、")));
            }
            if !facts.survey.open_conflicts.is_empty() {
                parts.push(format!(
                    "存在冲突：{}",
                    facts.survey.open_conflicts.join("、")
                ));
            }
            parts.join("；")
        },
    });
    checks.push(Check {
        rule_id: "NEW-5",
        code: "CLEAN_MINE",
        passed: facts.clean_mine,
        blocking: true,
        detail: if facts.clean_mine {
            "已确认净矿".into()
        } else {
            "尚未确认净矿（confirmCleanMine）".into()
        },
    });
    checks
}

/// The rule IDs of the failing blocking checks, deduplicated, in the table's order.
pub fn failed_checks(checks: &[Check]) -> Vec<&'static str> {
    let mut failed: Vec<&'static str> = Vec::new();
    for check in checks.iter().filter(|c| c.blocking && !c.passed) {
        if !failed.contains(&check.rule_id) {
            failed.push(check.rule_id);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_1_orders_major_projects_first_and_blocks_without_priority_last() {
        use BlockPriority::*;
        let mut ranked = [
            None,
            IndustryChain,
            MajorProject,
            Livelihood,
            PovertyAlleviation,
        ];
        ranked.sort_by_key(|p| new_1_rank(*p));
        assert_eq!(
            ranked,
            [
                MajorProject,
                PovertyAlleviation,
                Livelihood,
                IndustryChain,
                None
            ]
        );
    }

    /// A block that passes every check in 2026.
    fn eligible() -> AdmissionFacts {
        AdmissionFacts {
            year: 2026,
            planned_year: Some(2026),
            in_master_plan: true,
            deposit_class: Some(ScaleClass::Medium),
            production_class: Some(ScaleClass::Large),
            small_mine_exception: false,
            designed_scale: 60.0,
            caps: vec![Cap {
                cap: 500.0,
                base: 300.0,
                held: 100.0,
                county: false,
            }],
            city: Balance {
                closed: 5,
                new_mines: 4,
            },
            county: Balance {
                closed: 1,
                new_mines: 0,
            },
            county_balance_blocks: false,
            quota_exception: false,
            survey: Survey::default(),
            clean_mine: true,
        }
    }

    #[test]
    fn an_eligible_block_passes_every_check_in_the_tables_order() {
        let all = checks(&eligible());
        let codes: Vec<&str> = all.iter().map(|c| c.code).collect();
        assert_eq!(
            codes,
            [
                "IN_APPROVED_PLAN",
                "MASTER_PLAN",
                "DEPOSIT_CLASS",
                "PRODUCTION_CLASS",
                "PLANNING_CAP",
                "CITY_BALANCE",
                "COUNTY_BALANCE",
                "SURVEY",
                "CLEAN_MINE"
            ]
        );
        assert!(all.iter().all(|c| c.passed), "{all:?}");
        assert!(failed_checks(&all).is_empty());
    }

    /// One case per check, each failing that check alone, with `failedChecks` exactly.
    #[test]
    fn each_check_fails_alone_with_its_rule() {
        type Case = (
            &'static str,
            &'static [&'static str],
            fn(&mut AdmissionFacts),
        );
        let cases: [Case; 10] = [
            ("IN_APPROVED_PLAN", &["PLAN-1"], |f| f.planned_year = None),
            ("IN_APPROVED_PLAN", &["PLAN-1"], |f| {
                f.planned_year = Some(2027)
            }),
            ("MASTER_PLAN", &["NEW-1"], |f| f.in_master_plan = false),
            ("DEPOSIT_CLASS", &["NEW-2"], |f| {
                f.deposit_class = Some(ScaleClass::Small)
            }),
            ("PRODUCTION_CLASS", &["NEW-2"], |f| {
                f.production_class = Some(ScaleClass::Small)
            }),
            ("NO_STANDARD", &["NEW-2"], |f| f.production_class = None),
            ("PLANNING_CAP", &["NEW-2"], |f| f.designed_scale = 100.5),
            ("CITY_BALANCE", &["NEW-3"], |f| f.city.new_mines = 5),
            ("SURVEY", &["NEW-4"], |f| {
                f.survey.open_conflicts = vec!["林业（生态保护红线）".into()]
            }),
            ("CLEAN_MINE", &["NEW-5"], |f| f.clean_mine = false),
        ];
        for (code, failed, break_it) in cases {
            let mut facts = eligible();
            break_it(&mut facts);
            let all = checks(&facts);
            let failing: Vec<&str> = all.iter().filter(|c| !c.passed).map(|c| c.code).collect();
            assert_eq!(failing, vec![code], "{code}");
            assert_eq!(failed_checks(&all), failed.to_vec(), "{code}");
        }
    }

    /// NEW-3: the county balance warns by default and blocks by its setting; an approver's
    /// exception waives both balances and nothing else.
    #[test]
    fn new_3_county_balance_is_a_warning_unless_set_and_an_exception_waives_the_balances() {
        let mut facts = eligible();
        facts.county = Balance {
            closed: 0,
            new_mines: 0,
        };
        let all = checks(&facts);
        let county = all.iter().find(|c| c.code == "COUNTY_BALANCE").cloned();
        assert_eq!(
            county.as_ref().map(|c| (c.passed, c.blocking)),
            Some((false, false))
        );
        assert!(failed_checks(&all).is_empty(), "a warning does not refuse");
        facts.county_balance_blocks = true;
        assert_eq!(failed_checks(&checks(&facts)), vec!["NEW-3"]);
        facts.city.new_mines = 5;
        facts.clean_mine = false;
        facts.quota_exception = true;
        assert_eq!(
            failed_checks(&checks(&facts)),
            vec!["NEW-5"],
            "the exception waives NEW-3 alone"
        );
    }

    #[test]
    fn new_3_says_how_many_more_closures_would_let_one_more_mine_in() {
        let mut facts = eligible();
        facts.city = Balance {
            closed: 5,
            new_mines: 7,
        };
        let city = checks(&facts)
            .into_iter()
            .find(|c| c.code == "CITY_BALANCE")
            .map(|c| c.detail)
            .unwrap_or_default();
        assert!(city.contains("再关闭3座"), "{city}");
        assert_eq!(facts.city.remaining(), -2);
    }

    /// NEW-2: no standard is not a pass; the provincial exception waives the class checks
    /// and says so.
    #[test]
    fn new_2_without_a_standard_fails_and_the_small_mine_exception_is_shown_when_it_waives() {
        let mut facts = eligible();
        facts.deposit_class = None;
        facts.production_class = None;
        let all = checks(&facts);
        let no_standard: Vec<&Check> = all.iter().filter(|c| c.code == "NO_STANDARD").collect();
        assert_eq!(no_standard.len(), 2);
        assert!(no_standard[0].detail.contains("updateStandards"));
        facts.small_mine_exception = true;
        let all = checks(&facts);
        assert!(failed_checks(&all).is_empty());
        let waived = all
            .iter()
            .find(|c| c.code == "DEPOSIT_CLASS")
            .map(|c| c.detail.clone());
        assert!(waived.is_some_and(|d| d.contains("例外")));
    }

    #[test]
    fn several_failures_are_listed_once_each_in_the_tables_order() {
        let mut facts = eligible();
        facts.clean_mine = false;
        facts.deposit_class = Some(ScaleClass::Small);
        facts.designed_scale = 200.0;
        facts.planned_year = None;
        assert_eq!(
            failed_checks(&checks(&facts)),
            vec!["PLAN-1", "NEW-2", "NEW-5"]
        );
    }
}
