//! The rectification assessment (docs/rules.md): which clauses of the plan apply to a mine,
//! the default disposition by precedence (CLOSE > EXIT > INTEGRATE > UPGRADE > RETAIN), and
//! the routes the county may choose instead. Pure: the date, the standards version and the
//! neighbours are arguments, so every result can be replayed.

mod close;
mod exit;
mod integrate;
pub mod neighbours;
pub mod rule_id;
pub mod stored;
#[cfg(test)]
mod tests;
mod types;
mod upgrade;

use chrono::NaiveDate;

pub use integrate::{Hidden, scope_neighbours};
pub use neighbours::{Neighbourhood, Site};
pub use rule_id::RuleId;
pub use types::{
    Assessment, Disposition, Fact, Finding, NeighbourFinding, NeighbourRef, RouteOption,
    UpgradeEvaluation, below, figure,
};
pub use upgrade::evaluate_upgrade;

use super::codes::OperatingStatus;
use super::mine::MineFacts;
use super::standards::Standards;

/// The mine being assessed: its id (to tell it from its neighbours) and its facts.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub id: i64,
    pub facts: &'a MineFacts,
}

/// A proposed upgrade: the target scale and, when the plan records one, the recoverable
/// reserves that the life after upgrading is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpgradeTarget {
    pub target_scale: f64,
    pub recoverable_reserves: Option<f64>,
}

/// Assesses one mine on `as_of` (an Asia/Shanghai calendar day).
pub fn assess(
    subject: Subject<'_>,
    neighbourhood: &Neighbourhood,
    standards: &Standards,
    as_of: NaiveDate,
    target: Option<UpgradeTarget>,
) -> Assessment {
    let facts = subject.facts;
    if facts.status == OperatingStatus::Closed {
        // A closure done: no rule reads a closed mine (it would otherwise pass as a mine
        // that may stay, 可以单独保留).
        return Assessment {
            disposition: Disposition::Closed,
            findings: Vec::new(),
            options: Vec::new(),
            standards_version: standards.version_id,
            as_of,
            upgrade: None,
        };
    }
    let mut findings: Vec<Finding> = Vec::new();
    findings.extend(close::findings(facts, as_of));
    findings.extend(exit::findings(facts, standards, as_of));
    findings.extend(integrate::findings(subject, neighbourhood, standards));
    let blocked = findings.iter().any(|f| {
        matches!(
            f.disposition,
            Disposition::Close | Disposition::Exit | Disposition::Integrate
        )
    });
    if !blocked {
        findings.extend(upgrade::standing(facts, standards));
    }
    let disposition = findings
        .iter()
        .filter(|finding| !finding.advisory)
        .map(|finding| finding.disposition)
        .min()
        .unwrap_or(Disposition::Retain);
    if matches!(disposition, Disposition::Upgrade | Disposition::Retain) {
        findings.extend(upgrade::measures(facts, standards));
    }
    let options = route_options(facts, &findings, standards);
    let upgrade = target.map(|target| evaluate_upgrade(facts, standards, target));
    Assessment {
        disposition,
        findings,
        options,
        standards_version: standards.version_id,
        as_of,
        upgrade,
    }
}

/// The routes a county may choose instead of the default: a mine whose only exit finding is
/// EXIT-3 (and no CLOSE) may be upgraded, when a target can meet UPGRADE-1, or integrated.
/// A CLOSE finding leaves no option: rectify first, integrate later (先整治、后整合).
fn route_options(
    facts: &MineFacts,
    findings: &[Finding],
    standards: &Standards,
) -> Vec<RouteOption> {
    let close = findings.iter().any(|f| f.disposition == Disposition::Close);
    let mut exits = findings
        .iter()
        .filter(|f| f.disposition == Disposition::Exit);
    let only_exit3 = exits.clone().count() == 1 && exits.any(|f| f.rule_id == RuleId::Exit3);
    if close || !only_exit3 {
        return Vec::new();
    }
    let mut options = Vec::new();
    if let Some(option) = upgrade::option(facts, standards) {
        options.push(option);
    }
    options.push(RouteOption {
        disposition: Disposition::Integrate,
        rule_id: RuleId::Integrate3,
        message: "可与相邻矿山整合重组，整合后的生产系统达到省定最低规模和服务年限标准（应引导其整合重组或有序退出）"
            .into(),
        minimum_target_scale: standards.minimum(facts.mineral()),
        maximum_target_scale: None,
        minimum_exclusive: false,
    });
    options
}
