//! What an assessment says: findings with the facts they read, the default disposition, the
//! county's options and, for a proposed upgrade, whether it meets UPGRADE-1.

use crate::domain::spatial::separation::Measure;
use chrono::NaiveDate;

use super::RuleId;
use crate::domain::codes::{CountyCode, ScaleClass};

/// 整治方式, ordered by precedence: the smallest applicable one is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Disposition {
    /// 关闭取缔.
    Close,
    /// 引导退出.
    Exit,
    /// 整合重组.
    Integrate,
    /// 升级改造.
    Upgrade,
    /// 单独保留.
    Retain,
    /// 已关闭: the mine is closed, so no rule applies to it any more (a closure done, not a
    /// mine that may stay). Never a finding's disposition, only a closed mine's.
    Closed,
}

impl Disposition {
    /// Every disposition a finding can call for, in precedence order (a closed mine's
    /// [`Disposition::Closed`] is not one: no rule calls for it).
    pub const ALL: [Disposition; 5] = [
        Disposition::Close,
        Disposition::Exit,
        Disposition::Integrate,
        Disposition::Upgrade,
        Disposition::Retain,
    ];

    /// The stored and schema code (`CLOSE`, …, `CLOSED`).
    pub fn code(self) -> &'static str {
        match self {
            Disposition::Close => "CLOSE",
            Disposition::Exit => "EXIT",
            Disposition::Integrate => "INTEGRATE",
            Disposition::Upgrade => "UPGRADE",
            Disposition::Retain => "RETAIN",
            Disposition::Closed => "CLOSED",
        }
    }

    /// The disposition a stored code names.
    pub fn parse(code: &str) -> Option<Self> {
        [Disposition::ALL.as_slice(), &[Disposition::Closed]]
            .concat()
            .into_iter()
            .find(|d| d.code() == code)
    }
}

/// One fact a rule read, as shown to officials.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The fact's field name as in the schema (`productionScale`, `asOf`, …).
    pub name: &'static str,
    /// Its value as text (a figure, a date, a code, or true/false).
    pub value: String,
}

impl Fact {
    /// A fact from anything printable.
    pub fn new(name: &'static str, value: impl ToString) -> Self {
        Self {
            name,
            value: value.to_string(),
        }
    }
}

/// A rule that applies to the mine.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule ID of docs/rules.md (`CLOSE-1`, `EXIT-3`, …).
    pub rule_id: RuleId,
    /// The disposition this rule calls for.
    pub disposition: Disposition,
    /// Chinese text citing the plan's clause and the figures.
    pub message: String,
    /// The facts the rule read, with their values.
    pub facts: Vec<Fact>,
    /// A recommended measure (UPGRADE-2) that does not decide the disposition.
    pub advisory: bool,
    /// The other mines an integration finding names (INTEGRATE-1 and -2), kept apart from
    /// the text so that the finding can be re-worded for a reader who may not see them.
    pub neighbours: Option<NeighbourFinding>,
}

/// A mine a finding names, with the county it lies in.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighbourRef {
    /// The neighbour's id.
    pub id: i64,
    /// The neighbour's county (six-digit division code).
    pub county_code: CountyCode,
}

/// What an integration finding says about other mines.
#[derive(Debug, Clone, PartialEq)]
pub enum NeighbourFinding {
    /// INTEGRATE-1: the other operators of the same ore body.
    OreBody {
        /// The ore body's identifier.
        ore_body: String,
        /// The other mines working it, held by someone else.
        partners: Vec<NeighbourRef>,
    },
    /// INTEGRATE-1's hint: other holders' licensed boundaries overlapping this one.
    OverlappingBoundaries {
        /// The mines whose boundaries overlap, held by someone else.
        partners: Vec<NeighbourRef>,
    },
    /// INTEGRATE-2: the nearest mine of the same type within the required distance.
    TooClose {
        /// The nearest such mine.
        neighbour: NeighbourRef,
        /// Its distance in metres.
        distance_m: f64,
        /// The distance the rule requires to be exceeded, in metres.
        required_m: f64,
        /// Between boundaries, or from a position where a mine has none.
        measure: Measure,
    },
}

/// A route the county may choose instead of the default disposition.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteOption {
    /// The alternative disposition (`Upgrade` or `Integrate`).
    pub disposition: Disposition,
    /// The rule the route follows (`UPGRADE-1` or `INTEGRATE-3`).
    pub rule_id: RuleId,
    /// Chinese text describing the route and its figures.
    pub message: String,
    /// Least target scale (万吨/年) the route needs, where it needs one.
    pub minimum_target_scale: Option<f64>,
    /// Greatest target scale that still leaves the minimum service life.
    pub maximum_target_scale: Option<f64>,
    /// Whether the target must exceed `minimum_target_scale` rather than reach it (a medium
    /// class whose lower bound is exclusive, as for open-pit quarries above 50 万吨/年).
    pub minimum_exclusive: bool,
}

/// UPGRADE-1 applied to a proposed target scale.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeEvaluation {
    /// The proposed production scale after upgrading, 万吨/年.
    pub target_scale: f64,
    /// Production-scale class of the target; `None` where the mineral has no threshold.
    pub target_class: Option<ScaleClass>,
    /// max(medium threshold, provincial minimum), where known.
    pub required_scale: Option<f64>,
    /// Recoverable reserves ÷ target scale.
    pub service_years_after: f64,
    /// Whether the target meets UPGRADE-1 (scale and service life).
    pub met: bool,
    /// Why the target fails, in Chinese (empty when met).
    pub reasons: Vec<String>,
}

/// A mine's assessment on one day under one standards version.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The default disposition (CLOSE > EXIT > INTEGRATE > UPGRADE > RETAIN).
    pub disposition: Disposition,
    /// Every rule that applies, including advisory measures.
    pub findings: Vec<Finding>,
    /// Routes the county may choose instead; empty unless EXIT-3 is the only exit finding
    /// and there is no CLOSE finding.
    pub options: Vec<RouteOption>,
    /// The standards version the rules read (replay with the same `as_of`).
    pub standards_version: i32,
    /// The day the assessment applies to ("today" is the date in Asia/Shanghai).
    pub as_of: NaiveDate,
    /// Present when an upgrade target was evaluated.
    pub upgrade: Option<UpgradeEvaluation>,
}

impl Assessment {
    /// The rules of its decisive findings (advisory measures left out), in rule order, each
    /// once: what a filter or a count by rule reads.
    pub fn decisive_rules(&self) -> Vec<RuleId> {
        let mut rules: Vec<RuleId> = self
            .findings
            .iter()
            .filter(|f| !f.advisory)
            .map(|f| f.rule_id)
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    /// Whether any finding carries the rule whose ID is `code` (`EXIT-3`).
    pub fn has_rule(&self, code: &str) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.rule_id.code() == code)
    }
}

/// Whether `value` is below `limit` ("小于"/"少于": equal passes). A relative tolerance of
/// one part in 10⁹ keeps a quotient such as 50.3 ÷ 10.06 (4.999999999999999 in binary
/// floating point) equal to 5, as an official computing by hand would find it.
pub fn below(value: f64, limit: f64) -> bool {
    value < limit - limit.abs().max(1.0) * 1e-9
}

/// Formats a figure without trailing zeros (30, 7.5, 4.8).
pub fn figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}")
}
