//! The three batches: which mines a plan may not leave off its lists, one table row per
//! route of docs/rules.md.

use super::*;
use crate::domain::plan::fixtures::assessed;
use crate::domain::rule::Rule;
use Disposition::*;
use RuleId::*;

/// A case: the mine's findings, whether it is listed, and the (rule, field) of its refusal.
type Case = (
    &'static [(RuleId, Disposition)],
    bool,
    Option<(&'static str, &'static str)>,
);

/// CLOSE-1, EXIT-1, EXIT-2, EXIT-3, EXIT-4, INTEGRATE-1, UPGRADE-1 and RETAIN: a mine off
/// every list is refused by the rule that puts it in a batch, under its default route's
/// list; a listed mine and a RETAIN mine are not.
#[test]
fn every_mine_in_a_batch_is_on_a_list() {
    // (findings, listed, expected (rule, field))
    let cases: [Case; 11] = [
        (&[(Close1, Close)], false, Some(("CLOSE-1", "closures"))),
        (&[(Close1, Close)], true, None),
        (&[(Exit1, Exit)], false, Some(("EXIT-1", "closures"))),
        (&[(Exit2, Exit)], false, Some(("EXIT-2", "closures"))),
        (&[(Exit4, Exit)], false, Some(("EXIT-4", "closures"))),
        // A binding exit is named before EXIT-3, whichever comes first.
        (
            &[(Exit3, Exit), (Exit2, Exit)],
            false,
            Some(("EXIT-2", "closures")),
        ),
        (&[(Exit3, Exit)], false, Some(("EXIT-3", "closures"))),
        (
            &[(Integrate1, Integrate)],
            false,
            Some(("INTEGRATE-1", "integrations")),
        ),
        (&[(Integrate1, Integrate)], true, None),
        (
            &[(Upgrade1, Upgrade)],
            false,
            Some(("UPGRADE-1", "upgrades")),
        ),
        (&[], false, None),
    ];
    for (findings, listed, expected) in cases {
        let assessment = assessed(findings);
        let county = [CountyMine {
            id: 7,
            name: "甲矿",
            assessment: Some(&assessment),
        }];
        let on_lists: HashSet<i64> = if listed { [7].into() } else { HashSet::new() };
        let problems = missing_from_lists(&county, &on_lists);
        let got = problems.first().map(|m| {
            let p = &m.problem;
            (p.rule.map(Rule::code).unwrap_or_default(), p.field.as_str())
        });
        assert_eq!(got, expected, "{findings:?} listed {listed}");
        assert!(problems.len() <= 1);
        if let Some(missing) = problems.first() {
            assert_eq!(missing.mine_id, 7);
            let text = &missing.problem.message;
            assert!(text.contains("甲矿") && text.contains("编号7"));
        }
    }
}

/// The refusal names every mine left out at once, in the county's order, and skips a mine
/// with no assessment and an advisory-only finding (UPGRADE-2 is advice, not a batch).
#[test]
fn every_mine_left_out_is_named_at_once() {
    let exit1 = assessed(&[(Exit1, Exit)]);
    let exit2 = assessed(&[(Exit2, Exit)]);
    let mut advice = assessed(&[(Upgrade2, Upgrade)]);
    advice.findings[0].advisory = true;
    advice.disposition = Retain;
    let county = [
        CountyMine {
            id: 1,
            name: "甲",
            assessment: Some(&exit1),
        },
        CountyMine {
            id: 2,
            name: "乙",
            assessment: None,
        },
        CountyMine {
            id: 3,
            name: "丙",
            assessment: Some(&advice),
        },
        CountyMine {
            id: 4,
            name: "丁",
            assessment: Some(&exit2),
        },
    ];
    let named: Vec<(i64, Option<&str>)> = missing_from_lists(&county, &HashSet::new())
        .iter()
        .map(|m| (m.mine_id, m.problem.rule.map(Rule::code)))
        .collect();
    assert_eq!(named, [(1, Some("EXIT-1")), (4, Some("EXIT-2"))]);
}
