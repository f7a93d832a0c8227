//! Submit's checks: stale mines, entries against their assessments (named by entry), and
//! the close list's completeness.

use crate::domain::rule::Rule;
use chrono::NaiveDate;

use super::*;
use crate::domain::assessment::{Fact, Finding, RouteOption, RuleId};
use crate::domain::standards::fixtures::standards;

/// An assessment with a CLOSE-1 finding when `close`, else with none.
fn assessment(close: bool) -> Assessment {
    let findings = if close {
        vec![Finding {
            rule_id: RuleId::Close1,
            disposition: Disposition::Close,
            message: String::new(),
            facts: vec![Fact::new("x", 1)],
            advisory: false,
            neighbours: None,
        }]
    } else {
        Vec::new()
    };
    Assessment {
        disposition: if close {
            Disposition::Close
        } else {
            Disposition::Retain
        },
        findings,
        options: Vec::<RouteOption>::new(),
        standards_version: 1,
        as_of: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        upgrade: None,
    }
}

fn listed<'a>(id: i64, (live, closed, archived): (bool, bool, bool)) -> ListedMine<'a> {
    ListedMine {
        id,
        name: "甲矿",
        live,
        closed,
        archived,
        assessment: None,
    }
}

fn fields(result: Result<(), Problems>) -> Vec<String> {
    result
        .err()
        .map(|problems| problems.fields().into_iter().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[test]
fn a_mine_closed_by_its_own_closure_is_done_any_other_gone_mine_is_stale() {
    let closed = (false, true, false);
    let archived = (false, true, true);
    let cases = [
        (closure(true), closed, 0),
        (closure(true), archived, 1),
        (Proposal::Unassessed, closed, 1),
        (Proposal::Unassessed, (true, false, false), 0),
    ];
    for (proposal, state, stale) in cases {
        let entry = SubmittedEntry {
            id: 4,
            mines: vec![listed(9, state)],
            proposal,
        };
        let found = fields(submission_problems(&[entry], &[], &standards()));
        assert_eq!(found, vec!["entries[4].mineId"; stale], "{state:?}");
    }
}

#[test]
fn an_entry_against_its_assessment_is_named_by_its_entry() {
    let fine = assessment(false);
    let entry = SubmittedEntry {
        id: 5,
        mines: vec![ListedMine {
            assessment: Some(&fine),
            ..listed(9, (true, false, false))
        }],
        proposal: closure(true),
    };
    let refused = submission_problems(&[entry], &[], &standards()).expect_err("PLAN-CLOSE");
    assert_eq!(refused.fields(), vec!["entries[5].method"]);
    assert_eq!(
        refused.into_vec()[0].rule.map(Rule::code),
        Some("PLAN-CLOSE")
    );
}

#[test]
fn every_close_mine_of_the_county_must_be_on_a_close_entry() {
    let close = assessment(true);
    let county = [CountyMine {
        id: 9,
        name: "甲矿",
        assessment: Some(&close),
    }];
    let missing = submission_problems(&[], &county, &standards());
    assert_eq!(fields(missing), vec!["closures"]);
    let entry = SubmittedEntry {
        id: 5,
        mines: vec![ListedMine {
            assessment: Some(&close),
            ..listed(9, (true, false, false))
        }],
        proposal: closure(true),
    };
    assert!(submission_problems(&[entry], &county, &standards()).is_ok());
}

#[test]
fn a_plan_without_its_division_of_work_is_not_submitted() {
    assert_eq!(
        division_of_work(0).map_err(|err| err.field),
        Err("responsibilities".to_owned())
    );
    assert_eq!(division_of_work(1), Ok(()));
    assert_eq!(division_of_work(3), Ok(()));
}

/// A closure with its restoration commitment (`restoration_set`) or without.
fn closure(restoration_set: bool) -> Proposal<'static> {
    Proposal::Closure {
        method: Disposition::Close,
        restoration_set,
    }
}

/// A closure a form imported without its restoration commitment is asked for one on
/// submit, naming the entry's field.
#[test]
fn a_closure_without_its_restoration_commitment_is_not_submitted() {
    let close = assessment(true);
    let entry = SubmittedEntry {
        id: 5,
        mines: vec![ListedMine {
            assessment: Some(&close),
            ..listed(9, (true, false, false))
        }],
        proposal: closure(false),
    };
    let refused = submission_problems(&[entry], &[], &standards()).expect_err("asked");
    assert_eq!(refused.fields(), vec!["entries[5].restorationDueBy"]);
}
