//! Table-driven tests, one or more rows per rule ID with boundary values on both sides.
//! Each test is named for the rule it covers; the helpers here are shared by the files below.

mod boundaries;
mod close_exit;
mod integrate;
mod upgrade;

use chrono::NaiveDate;

use super::*;
use crate::domain::codes::{MiningMethod, OperatingStatus};
use crate::domain::mine::MineDraft;
use crate::domain::mine::tests::quarry;
use crate::domain::standards::Standards;
use crate::domain::standards::fixtures::standards;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const AS_OF: (i32, u32, u32) = (2026, 11, 29);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// A producing underground iron mine: medium (30), 13 years left; passes everything.
fn iron() -> MineDraft {
    let mut draft = quarry();
    draft.mineral_code = "IRON".into();
    draft.mining_method = MiningMethod::Underground;
    draft.production_scale = 30.0;
    draft.remaining_reserves = 400.0;
    draft.latitude = None;
    draft.longitude = None;
    draft
}

fn run_with(
    draft: MineDraft,
    standards: &Standards,
    sites: Vec<Site>,
    target: Option<UpgradeTarget>,
) -> Assessment {
    let facts = MineFacts::parse(draft).expect("valid facts");
    let neighbourhood = Neighbourhood::new(sites, standards.max_distance());
    assess(
        Subject {
            id: 1,
            facts: &facts,
        },
        &neighbourhood,
        standards,
        as_of(),
        target,
    )
}

/// The finding of `assessment` under the rule whose ID is `code`; fails the test without one.
fn finding<'a>(assessment: &'a Assessment, code: &str) -> &'a Finding {
    assessment
        .findings
        .iter()
        .find(|f| f.rule_id.code() == code)
        .unwrap_or_else(|| panic!("no {code} finding in {:#?}", assessment.findings))
}

fn run(draft: MineDraft) -> Assessment {
    run_with(draft, &standards(), Vec::new(), None)
}

/// Asserts, row by row, whether `rule` fires.
fn table(rule: &str, rows: Vec<(&str, MineDraft, bool)>) {
    for (case, draft, expected) in rows {
        let assessment = run(draft);
        assert_eq!(
            assessment.has_rule(rule),
            expected,
            "{rule} / {case}: {:#?}",
            assessment.findings
        );
    }
}

fn with(change: impl FnOnce(&mut MineDraft)) -> MineDraft {
    let mut draft = iron();
    change(&mut draft);
    draft
}
