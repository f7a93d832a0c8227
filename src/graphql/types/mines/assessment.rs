//! Assessment output types: findings with their facts, options, the upgrade check, the
//! three batches and the summary.

use async_graphql::{Enum, SimpleObject};

use super::mine::Mine;
use crate::domain::assessment as domain;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::ScaleClass;
use crate::graphql::types::reference::County;
use crate::service::rectification::ListedMine;

/// 整治方式, in precedence order.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Disposition")]
pub enum Disposition {
    /// 关闭取缔 (close and ban): CLOSE-1 to CLOSE-3.
    Close,
    /// 引导退出 (guided exit): EXIT-1 to EXIT-4.
    Exit,
    /// 整合重组 (integration and restructuring): INTEGRATE-1 to INTEGRATE-4.
    Integrate,
    /// 升级改造 (upgrade): must reach at least medium scale to stay on its own.
    Upgrade,
    /// 单独保留 (retain on its own): medium scale or above with enough service life.
    Retain,
    /// 已关闭 (closed): the mine is closed, so no rule applies to it any more.
    Closed,
}

/// A fact a rule read.
#[derive(SimpleObject, Clone)]
pub struct Fact {
    /// The fact's field name as in the schema (`productionScale`, `asOf`, …).
    pub name: String,
    /// Its value as text (a figure, a date, a code, or true/false).
    pub value: String,
}

/// A rectification rule (CLOSE, EXIT, INTEGRATE or UPGRADE) that applies, with the clause and
/// the facts it read.
#[derive(SimpleObject, Clone)]
pub struct Finding {
    /// `CLOSE-1` … `INTEGRATE-4`.
    pub rule_id: String,
    /// The disposition this rule calls for.
    pub disposition: Disposition,
    /// Chinese text citing the plan's clause.
    pub message: String,
    /// The facts the rule read, with their values.
    pub facts: Vec<Fact>,
    /// A recommended measure (UPGRADE-2) that does not decide the disposition.
    pub advisory: bool,
}

/// A route the county may choose instead of the default.
#[derive(SimpleObject, Clone)]
pub struct RouteOption {
    /// The alternative disposition (UPGRADE or INTEGRATE).
    pub disposition: Disposition,
    /// The rule the route follows (`UPGRADE-1` or `INTEGRATE-3`).
    pub rule_id: String,
    /// Chinese text describing the route and its figures.
    pub message: String,
    /// Least target scale the route needs, 万吨/年; null where none is known.
    pub minimum_target_scale: Option<f64>,
    /// Greatest target scale that still leaves the minimum service life, 万吨/年;
    /// null when the route sets no upper bound.
    pub maximum_target_scale: Option<f64>,
    /// Whether the target must exceed `minimumTargetScale` rather than reach it.
    pub minimum_exclusive: bool,
}

/// UPGRADE-1 applied to a proposed target scale.
#[derive(SimpleObject, Clone)]
pub struct UpgradeEvaluation {
    /// The proposed production scale after upgrading, 万吨/年.
    pub target_scale: f64,
    /// Production-scale class of the target; null where the mineral has no threshold.
    pub target_class: Option<ScaleClass>,
    /// Least scale needed, 万吨/年: the medium threshold or the provincial minimum,
    /// whichever is higher; null when neither is known.
    pub required_scale: Option<f64>,
    /// Recoverable reserves ÷ target scale.
    pub service_years_after: f64,
    /// Whether the target meets UPGRADE-1 (scale and service life).
    pub met: bool,
    /// Why the target fails, in Chinese (empty when met).
    pub reasons: Vec<String>,
}

/// A mine's assessment on one day under one standards version.
#[derive(SimpleObject, Clone)]
pub struct Assessment {
    /// The default disposition (CLOSE > EXIT > INTEGRATE > UPGRADE > RETAIN).
    pub disposition: Disposition,
    /// Every rule that applies, including advisory measures.
    pub findings: Vec<Finding>,
    /// Alternatives the county may choose in its plan.
    pub options: Vec<RouteOption>,
    /// The standards version the rules read (replay with the same `asOf`).
    pub standards_version: i32,
    /// The day the assessment applies to (default: today in Asia/Shanghai).
    pub as_of: Date,
    /// Present when an upgrade target was evaluated.
    pub upgrade: Option<UpgradeEvaluation>,
}

impl From<domain::Assessment> for Assessment {
    fn from(a: domain::Assessment) -> Self {
        Self {
            disposition: a.disposition.into(),
            findings: a
                .findings
                .into_iter()
                .map(|f| Finding {
                    rule_id: f.rule_id.code().into(),
                    disposition: f.disposition.into(),
                    message: f.message,
                    facts: f
                        .facts
                        .into_iter()
                        .map(|fact| Fact {
                            name: fact.name.into(),
                            value: fact.value,
                        })
                        .collect(),
                    advisory: f.advisory,
                })
                .collect(),
            options: a
                .options
                .into_iter()
                .map(|o| RouteOption {
                    disposition: o.disposition.into(),
                    rule_id: o.rule_id.code().into(),
                    message: o.message,
                    minimum_target_scale: o.minimum_target_scale,
                    maximum_target_scale: o.maximum_target_scale,
                    minimum_exclusive: o.minimum_exclusive,
                })
                .collect(),
            standards_version: a.standards_version,
            as_of: Date(a.as_of),
            upgrade: a.upgrade.map(|u| UpgradeEvaluation {
                target_scale: u.target_scale,
                target_class: u.target_class.map(Into::into),
                required_scale: u.required_scale,
                service_years_after: u.service_years_after,
                met: u.met,
                reasons: u.reasons,
            }),
        }
    }
}

/// One mine on a batch list.
#[derive(SimpleObject)]
pub struct RectificationEntry {
    /// The mine.
    pub mine: Mine,
    /// Its assessment on the lists' `asOf`.
    pub assessment: Assessment,
}

impl From<ListedMine> for RectificationEntry {
    fn from(listed: ListedMine) -> Self {
        Self {
            mine: Mine(listed.mine),
            assessment: listed.assessment.into(),
        }
    }
}

/// A county's three batches (三个一批); retained mines are on none.
#[derive(SimpleObject)]
pub struct RectificationLists {
    /// The county the lists are for.
    pub county: County,
    /// The day the mines were assessed.
    pub as_of: Date,
    /// The standards version the assessments used.
    pub standards_version: i32,
    /// The day the batches are due by: the rectification milestone (`RECTIFICATION_DONE`)
    /// of the county's current campaign; null when the campaign sets none.
    pub deadline: Option<Date>,
    /// 关闭退出: CLOSE and EXIT.
    pub close_or_exit: Vec<RectificationEntry>,
    /// 整合重组.
    pub integrate: Vec<RectificationEntry>,
    /// 升级改造.
    pub upgrade: Vec<RectificationEntry>,
}

/// How many mines have one disposition.
#[derive(SimpleObject)]
pub struct DispositionCount {
    /// The disposition counted.
    pub disposition: Disposition,
    /// Mines whose default disposition it is.
    pub count: i64,
}

/// How many mines have a decisive finding of one rule.
#[derive(SimpleObject)]
pub struct RuleCount {
    /// A rule ID (`CLOSE-1` … `INTEGRATE-4`).
    pub rule_id: String,
    /// Mines with a decisive (non-advisory) finding of this rule.
    pub count: i64,
}

/// Dispositions within one county.
#[derive(SimpleObject)]
pub struct CountySummary {
    /// Six-digit division code of the county.
    pub county_code: String,
    /// Mines assessed in the county.
    pub total: i64,
    /// Mines per default disposition, in precedence order.
    pub by_disposition: Vec<DispositionCount>,
}

/// The assessment of many mines, counted.
#[derive(SimpleObject)]
pub struct AssessmentSummary {
    /// The day the mines were assessed.
    pub as_of: Date,
    /// The standards version the rules read.
    pub standards_version: i32,
    /// Live mines assessed (archived and closed mines are left out).
    pub total_mines: i64,
    /// Mines per default disposition, in precedence order (zeros included).
    pub by_disposition: Vec<DispositionCount>,
    /// Mines per rule with a decisive finding; a mine may count under several rules.
    pub by_rule: Vec<RuleCount>,
    /// The same counts for each county covered.
    pub by_county: Vec<CountySummary>,
}

fn counts(map: &std::collections::BTreeMap<domain::Disposition, usize>) -> Vec<DispositionCount> {
    domain::Disposition::ALL
        .iter()
        .map(|d| DispositionCount {
            disposition: (*d).into(),
            count: map.get(d).copied().unwrap_or(0) as i64,
        })
        .collect()
}

impl From<crate::service::rectification::Summary> for AssessmentSummary {
    fn from(s: crate::service::rectification::Summary) -> Self {
        Self {
            as_of: Date(s.as_of),
            standards_version: s.standards_version,
            total_mines: s.total as i64,
            by_disposition: counts(&s.by_disposition),
            by_rule: s
                .by_rule
                .iter()
                .map(|(rule, n)| RuleCount {
                    rule_id: rule.code().into(),
                    count: *n as i64,
                })
                .collect(),
            by_county: s
                .by_county
                .iter()
                .map(|(code, map)| CountySummary {
                    county_code: code.clone(),
                    total: map.values().sum::<usize>() as i64,
                    by_disposition: counts(map),
                })
                .collect(),
        }
    }
}

/// How far the stored assessments are from fresh over the mines the caller may read: after
/// a standards change or at a new day they are stored again in the background, and until
/// all of a scope is fresh the answers about it are computed live (never stale, never of
/// two versions).
#[derive(SimpleObject)]
pub struct AssessmentCatchUp {
    /// Mines (archived included) the caller may read.
    pub total_mines: i64,
    /// Of them, those without a stored result for today under their standards in force.
    pub outstanding: i64,
    /// Whether an instance is storing them again now.
    pub running: bool,
}

impl From<crate::service::stored_assessments::catch_up::Progress> for AssessmentCatchUp {
    fn from(p: crate::service::stored_assessments::catch_up::Progress) -> Self {
        Self {
            total_mines: i64::try_from(p.total).unwrap_or(i64::MAX),
            outstanding: i64::try_from(p.outstanding).unwrap_or(i64::MAX),
            running: p.running,
        }
    }
}
