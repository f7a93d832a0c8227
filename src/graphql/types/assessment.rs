//! Assessment output types: findings with their facts, options, the upgrade check, the
//! three batches and the summary.

use async_graphql::{Enum, SimpleObject};

use crate::domain::assessment as domain;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::ScaleClass;
use crate::graphql::types::mine::Mine;
use crate::graphql::types::reference::County;
use crate::service::assessment::Assessed;

/// 整治方式, in precedence order.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "domain::Disposition")]
pub enum Disposition {
    Close,
    Exit,
    Integrate,
    Upgrade,
    Retain,
}

/// A fact a rule read.
#[derive(SimpleObject, Clone)]
pub struct Fact {
    pub name: String,
    pub value: String,
}

/// A rule of domain.md §3 that applies, with the clause and the facts it read.
#[derive(SimpleObject, Clone)]
pub struct Finding {
    /// `CLOSE-1` … `INTEGRATE-4`.
    pub rule_id: String,
    pub disposition: Disposition,
    /// Chinese text citing the plan's clause.
    pub message: String,
    pub facts: Vec<Fact>,
    /// A recommended measure (UPGRADE-2) that does not decide the disposition.
    pub advisory: bool,
}

/// A route the county may choose instead of the default.
#[derive(SimpleObject, Clone)]
pub struct RouteOption {
    pub disposition: Disposition,
    pub rule_id: String,
    pub message: String,
    pub minimum_target_scale: Option<f64>,
    pub maximum_target_scale: Option<f64>,
    /// Whether the target must exceed `minimumTargetScale` rather than reach it.
    pub minimum_exclusive: bool,
}

/// UPGRADE-1 applied to a proposed target scale.
#[derive(SimpleObject, Clone)]
pub struct UpgradeEvaluation {
    pub target_scale: f64,
    pub target_class: Option<ScaleClass>,
    pub required_scale: Option<f64>,
    /// Recoverable reserves ÷ target scale.
    pub service_years_after: f64,
    pub met: bool,
    pub reasons: Vec<String>,
}

/// A mine's assessment on one day under one standards version.
#[derive(SimpleObject, Clone)]
pub struct Assessment {
    /// The default disposition (CLOSE > EXIT > INTEGRATE > UPGRADE > RETAIN).
    pub disposition: Disposition,
    pub findings: Vec<Finding>,
    /// Alternatives the county may choose in its plan.
    pub options: Vec<RouteOption>,
    /// The standards version the rules read (replay with the same `asOf`).
    pub standards_version: i32,
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
                    rule_id: f.rule_id.into(),
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
                    rule_id: o.rule_id.into(),
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
    pub mine: Mine,
    pub assessment: Assessment,
}

impl From<Assessed> for RectificationEntry {
    fn from(assessed: Assessed) -> Self {
        Self {
            mine: Mine(assessed.mine),
            assessment: assessed.assessment.into(),
        }
    }
}

/// A county's three batches (三个一批); retained mines are on none.
#[derive(SimpleObject)]
pub struct RectificationLists {
    pub county: County,
    pub as_of: Date,
    pub standards_version: i32,
    /// The campaign milestone the batches are due by.
    pub deadline: Date,
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
    pub disposition: Disposition,
    pub count: i64,
}

/// How many mines have a decisive finding of one rule.
#[derive(SimpleObject)]
pub struct RuleCount {
    pub rule_id: String,
    pub count: i64,
}

/// Dispositions within one county.
#[derive(SimpleObject)]
pub struct CountySummary {
    pub county_code: String,
    pub total: i64,
    pub by_disposition: Vec<DispositionCount>,
}

/// The assessment of many mines, counted.
#[derive(SimpleObject)]
pub struct AssessmentSummary {
    pub as_of: Date,
    pub standards_version: i32,
    pub total_mines: i64,
    pub by_disposition: Vec<DispositionCount>,
    pub by_rule: Vec<RuleCount>,
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
                    rule_id: (*rule).into(),
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
