//! Assessments built from a list of findings, for the plan rules' tables.

use chrono::NaiveDate;

use crate::domain::assessment::{Assessment, Disposition, Fact, Finding, RouteOption, RuleId};

/// A decisive finding of `rule` calling for `disposition`.
pub fn finding(rule: RuleId, disposition: Disposition) -> Finding {
    Finding {
        rule_id: rule,
        disposition,
        message: String::new(),
        facts: vec![Fact::new("x", 1)],
        advisory: false,
        neighbours: None,
    }
}

/// An assessment with these findings, its default the first disposition by precedence.
pub fn assessed(findings: &[(RuleId, Disposition)]) -> Assessment {
    let findings: Vec<Finding> = findings.iter().map(|(r, d)| finding(*r, *d)).collect();
    let disposition = findings
        .iter()
        .map(|f| f.disposition)
        .min()
        .unwrap_or(Disposition::Retain);
    Assessment {
        disposition,
        findings,
        options: Vec::<RouteOption>::new(),
        standards_version: 1,
        as_of: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        upgrade: None,
    }
}
