//! Plan entries against the mines' assessments, one table per rule of docs/rules.md.

use crate::domain::rule::Rule;

use super::*;
use crate::domain::codes::test_codes::mineral;
use crate::domain::plan::fixtures::assessed;
use crate::domain::standards::fixtures::standards;

fn evaluation(met: bool) -> UpgradeEvaluation {
    UpgradeEvaluation {
        target_scale: 60.0,
        target_class: None,
        required_scale: None,
        service_years_after: 10.0,
        met,
        reasons: if met {
            vec![]
        } else {
            vec!["仍为小型".into()]
        },
    }
}

use Disposition::*;
use RuleId::*;

fn rule_of(result: Result<(), ValidationError>) -> Option<&'static str> {
    result.err().and_then(|e| e.rule).map(Rule::code)
}

/// docs/rules.md: CLOSE needs a CLOSE finding; EXIT suits anyone but a CLOSE mine.
#[test]
fn plan_close_and_exit_entries_follow_the_findings() {
    let close = assessed(&[(Close2, Close), (Exit3, Exit)]);
    let exit3 = assessed(&[(Exit3, Exit), (Integrate3, Integrate)]);
    let retain = assessed(&[]);
    let cases = [
        (Close, &close, None),
        (Exit, &close, Some("CLOSE-2")),
        (Close, &exit3, Some("PLAN-CLOSE")),
        (Exit, &exit3, None),
        (Close, &retain, Some("PLAN-CLOSE")),
        (Exit, &retain, None),
    ];
    for (method, assessment, rule) in cases {
        assert_eq!(
            rule_of(check_closure(method, assessment)),
            rule,
            "{method:?} {:?}",
            assessment.disposition
        );
    }
}

/// UPGRADE-1 and the options of docs/rules.md decide who may be upgraded.
#[test]
fn upgrade_1_entries_need_an_upgradable_mine_and_a_target_that_meets_it() {
    let cases = [
        (assessed(&[(Upgrade1, Upgrade)]), true, None),
        (assessed(&[]), true, None),
        (
            assessed(&[(Exit3, Exit), (Integrate3, Integrate)]),
            true,
            None,
        ),
        (assessed(&[(Upgrade1, Upgrade)]), false, Some("UPGRADE-1")),
        (assessed(&[(Close1, Close)]), true, Some("CLOSE-1")),
        (
            assessed(&[(Exit1, Exit), (Exit3, Exit)]),
            true,
            Some("EXIT-1"),
        ),
        (
            assessed(&[(Integrate1, Integrate)]),
            true,
            Some("INTEGRATE-1"),
        ),
    ];
    for (assessment, met, rule) in cases {
        assert_eq!(
            rule_of(check_upgrade(&assessment, &evaluation(met))),
            rule,
            "{:?} met={met}",
            assessment.findings
        );
    }
}

/// INTEGRATE-3: a group taking in a mine below the standard meets it as a whole; its
/// members share one mineral (INTEGRATE-GROUP) unless they are the sand and stone quarries
/// of one ridge (INTEGRATE-4), and none of them has a CLOSE finding.
/// A group case: members, target scale, the refusal's rule and field, and why.
type Case<'a> = (
    &'a [Member<'a>],
    Option<f64>,
    Option<(&'a str, &'a str)>,
    &'a str,
);

#[test]
fn integrate_3_groups_meet_the_provincial_standard_together() {
    let s = standards();
    let stone = mineral("BUILDING_STONE");
    let iron = mineral("IRON");
    let small = assessed(&[(Exit3, Exit), (Integrate3, Integrate)]);
    let fine = assessed(&[]);
    let closing = assessed(&[(Close3, Close)]);
    let member = |id, mineral, scale, reserves, assessment| Member {
        mine_id: id,
        mineral,
        scale,
        reserves,
        assessment,
    };
    // Open-pit quarries: provincial minimum 50 万吨/年, five years.
    let together = [
        member(1, &stone, 20.0, 200.0, &small),
        member(2, &stone, 40.0, 400.0, &fine),
    ];
    let too_small = [
        member(1, &stone, 20.0, 200.0, &small),
        member(2, &stone, 20.0, 400.0, &fine),
    ];
    let fine_pair = [
        member(1, &stone, 20.0, 200.0, &fine),
        member(2, &stone, 20.0, 400.0, &fine),
    ];
    let mixed = [
        member(1, &stone, 20.0, 200.0, &fine),
        member(2, &iron, 40.0, 400.0, &fine),
    ];
    let with_close = [
        member(1, &stone, 20.0, 200.0, &closing),
        member(2, &stone, 40.0, 400.0, &fine),
    ];
    // INTEGRATE-4: the sand and stone quarries of one ridge may mix their minerals.
    let sand = mineral("CONSTRUCTION_SAND");
    let ridge = assessed(&[(Integrate4, Integrate)]);
    let ridge_mixed = [
        member(1, &stone, 30.0, 300.0, &ridge),
        member(2, &sand, 30.0, 300.0, &ridge),
    ];
    let half_ridge = [
        member(1, &stone, 30.0, 300.0, &ridge),
        member(2, &sand, 30.0, 300.0, &fine),
    ];
    let still_small = Some(("INTEGRATE-3", "targetScale"));
    // (members, target scale, refusal's rule and field, why)
    let cases: [Case<'_>; 9] = [
        (&together, None, None, "together they meet it"),
        (&too_small, None, still_small, "together still small"),
        (&too_small, Some(60.0), None, "a target scale can lift it"),
        (
            &too_small,
            Some(200.0),
            still_small,
            "600 万吨 at 200 万吨/年 lasts 3 years",
        ),
        (&fine_pair, None, None, "no member below the standard"),
        (
            &mixed,
            None,
            Some(("INTEGRATE-GROUP", "mineIds")),
            "two minerals",
        ),
        (
            &with_close,
            None,
            Some(("CLOSE-3", "mineIds[1]")),
            "先整治、后整合",
        ),
        (&ridge_mixed, None, None, "sand and stone of one ridge"),
        (
            &half_ridge,
            None,
            Some(("INTEGRATE-GROUP", "mineIds")),
            "a member off the ridge keeps its own mineral",
        ),
    ];
    for (members, target, refusal, why) in cases {
        let refused = check_group(members, target, &s).err();
        assert_eq!(
            refused
                .as_ref()
                .map(|e| (e.rule.map(Rule::code), e.field.as_str())),
            refusal.map(|(rule, field)| (Some(rule), field)),
            "{why}"
        );
    }
}

/// NEW-3 (关设并举): a plan proposing more new mines than it closes is warned, not refused.
#[test]
fn new_3_the_plan_balance_warns_when_new_mines_outnumber_closures() {
    // (closures, new mines, remaining, whether the warning names NEW-3)
    let cases = [(2, 2, 0, None), (1, 2, -1, Some(true))];
    for (closures, new_mines, remaining, names_new_3) in cases {
        let balance = Balance {
            closures,
            new_mines,
        };
        assert_eq!(balance.remaining(), remaining, "{balance:?}");
        assert_eq!(
            balance.warning().map(|w| w.contains("NEW-3")),
            names_new_3,
            "{balance:?}"
        );
    }
}
