//! UPGRADE-1 and UPGRADE-2, precedence, options, standards versions and rule coverage.

use super::*;
use crate::domain::codes::ScaleClass;
use crate::domain::codes::test_codes::mineral;
use crate::domain::scale::StandardsTable;
use crate::domain::standards::fixtures::production;

/// The seeded standards, but underground iron is medium only *above* 30 万吨/年 (an
/// exclusive bound) while its provincial minimum stays 30.
fn exclusive_medium_iron() -> Standards {
    let mut standards = standards();
    standards.scales = StandardsTable::new(vec![production(
        "IRON",
        "UNDERGROUND",
        Some(100.0),
        Some(30.0),
        false,
    )]);
    standards
}

#[test]
fn upgrade_route_for_a_quarry_starts_at_the_provincial_minimum_of_fifty() {
    let quarry_at = |reserves: f64| {
        let mut d = quarry();
        d.production_scale = 40.0;
        d.remaining_reserves = reserves;
        d.latitude = None;
        d.longitude = None;
        d
    };
    let roomy = run(quarry_at(600.0));
    let route = roomy
        .options
        .iter()
        .find(|o| o.disposition == Disposition::Upgrade)
        .expect("upgrade route");
    assert_eq!(
        (route.minimum_target_scale, route.minimum_exclusive),
        (Some(50.0), false)
    );
    let exactly_fifty_fits = run(quarry_at(250.0));
    assert!(
        exactly_fifty_fits
            .options
            .iter()
            .any(|o| o.disposition == Disposition::Upgrade),
        "50 is medium for a quarry and leaves exactly 5 years"
    );
    let nothing_fits = run(quarry_at(249.0));
    assert!(
        nothing_fits
            .options
            .iter()
            .all(|o| o.disposition != Disposition::Upgrade)
    );
}

#[test]
fn a_quarry_at_the_provincial_minimum_is_medium_not_small() {
    let standards = standards();
    for (scale, class) in [
        (49.9, ScaleClass::Small),
        (50.0, ScaleClass::Medium),
        (50.1, ScaleClass::Medium),
    ] {
        assert_eq!(
            standards.production_class(&mineral("BUILDING_STONE"), MiningMethod::OpenPit, scale),
            Some(class),
            "{scale}"
        );
    }
    let mut at_minimum = quarry();
    at_minimum.production_scale = 50.0;
    at_minimum.remaining_reserves = 500.0;
    assert_eq!(run(at_minimum).disposition, Disposition::Retain);
}

#[test]
fn a_mine_failing_only_on_service_life_is_never_offered_a_smaller_scale() {
    // Medium underground iron (40 ≥ 30) with 3.75 years left: EXIT-3 on life alone. The
    // old route proposed 30 万吨/年, a downgrade; no larger scale leaves 5 years.
    let mut short_lived = iron();
    short_lived.production_scale = 40.0;
    short_lived.remaining_reserves = 150.0;
    let assessment = run(short_lived);
    assert!(assessment.has_rule("EXIT-3"));
    assert!(
        assessment
            .options
            .iter()
            .all(|o| o.disposition != Disposition::Upgrade),
        "{:?}",
        assessment.options
    );
}

#[test]
fn upgrade_1_small_mines_above_the_minimum_must_upgrade_medium_ones_are_retained() {
    let cement = |scale: f64| {
        with(move |d| {
            d.mineral_code = "CEMENT_LIMESTONE".into();
            d.production_scale = scale;
            d.remaining_reserves = 600.0;
        })
    };
    let small = run(cement(40.0));
    assert_eq!(
        small.disposition,
        Disposition::Upgrade,
        "{:#?}",
        small.findings
    );
    assert!(small.has_rule("UPGRADE-1"));
    let medium = run(cement(50.0));
    assert_eq!(medium.disposition, Disposition::Retain);
    assert!(
        medium
            .findings
            .iter()
            .any(|f| f.rule_id.code() == "UPGRADE-1" && f.disposition == Disposition::Retain)
    );
}

/// UPGRADE-1's required scale is the medium threshold or the provincial minimum, whichever
/// is higher, "高于" an exclusive medium bound and "不低于" otherwise; a small mine's finding
/// (or, below the minimum, its EXIT-3 upgrade route) and a target's evaluation state it.
#[test]
fn upgrade_1_requires_the_higher_of_medium_and_the_provincial_minimum() {
    // (standards, mine, required scale, words the finding uses)
    let open_pit = with(|d| {
        d.mineral_code = "IRON".into();
        d.mining_method = MiningMethod::OpenPit;
        d.production_scale = 40.0;
        d.remaining_reserves = 600.0;
    });
    let underground = with(|d| {
        d.mineral_code = "IRON".into();
        d.mining_method = MiningMethod::Underground;
        d.production_scale = 30.0;
        d.remaining_reserves = 600.0;
    });
    let below_the_minimum = with(|d| {
        d.production_scale = 20.0;
        d.remaining_reserves = 600.0;
    });
    let minimum_above_medium = {
        let mut s = standards();
        s.minimums.insert(mineral("IRON"), 40.0);
        s
    };
    let cases = [
        // Open-pit iron: medium 60 over a minimum of 30.
        (standards(), open_pit, 60.0, "中型（不低于60万吨/年）"),
        // Underground iron with a minimum of 40 over its medium of 30: at 20 it is EXIT-3,
        // and its upgrade route starts at the minimum.
        (
            minimum_above_medium,
            below_the_minimum,
            40.0,
            "提升至不低于40万吨/年",
        ),
        // Medium only above 30, and a minimum of exactly 30: the bound must be exceeded.
        (
            exclusive_medium_iron(),
            underground,
            30.0,
            "中型（高于30万吨/年）",
        ),
    ];
    for (standards, mine, required, words) in cases {
        let assessment = run_with(
            mine,
            &standards,
            Vec::new(),
            Some(UpgradeTarget {
                target_scale: 100.0,
                recoverable_reserves: None,
            }),
        );
        let said: Vec<&str> = assessment
            .findings
            .iter()
            .filter(|f| f.rule_id.code() == "UPGRADE-1")
            .map(|f| f.message.as_str())
            .chain(assessment.options.iter().map(|o| o.message.as_str()))
            .collect();
        assert!(said.iter().any(|m| m.contains(words)), "{words}: {said:?}");
        let evaluation = assessment.upgrade.expect("evaluated");
        assert_eq!(evaluation.required_scale, Some(required), "{words}");
    }
}

/// An EXIT-3 mine's upgrade route where medium starts only above 30: reserves must allow
/// more than 30 万吨/年 for five years (exactly 30 is still small, so 150 万吨 is no route).
#[test]
fn upgrade_1_route_above_an_exclusive_medium_bound_needs_room_beyond_it() {
    let exclusive = exclusive_medium_iron();
    let route = |reserves: f64| {
        // 20 万吨/年 is under the provincial minimum of 30: EXIT-3 with an upgrade route.
        let mine = with(move |d| {
            d.production_scale = 20.0;
            d.remaining_reserves = reserves;
        });
        let assessment = run_with(mine, &exclusive, Vec::new(), None);
        assert!(assessment.has_rule("EXIT-3"), "{:#?}", assessment.findings);
        assessment
            .options
            .into_iter()
            .find(|o| o.disposition == Disposition::Upgrade)
            .map(|o| {
                (
                    o.minimum_target_scale,
                    o.minimum_exclusive,
                    o.maximum_target_scale,
                )
            })
    };
    assert_eq!(route(200.0), Some((Some(30.0), true, Some(40.0))));
    assert_eq!(route(150.0), None, "30 for five years is still small");
    assert_eq!(route(149.0), None);
}

/// UPGRADE-1 for a medium mine with too little life where EXIT-3 needs both failures (the
/// configurable reading): it is not retained as it stands, it must add reserves.
#[test]
fn upgrade_1_a_medium_mine_short_of_life_must_add_reserves_when_exit_3_needs_both() {
    let mut both = standards();
    both.params.exit3_requires_both = true;
    let short_lived = with(|d| {
        d.production_scale = 30.0;
        d.remaining_reserves = 100.0;
    });
    let assessment = run_with(short_lived, &both, Vec::new(), None);
    assert!(!assessment.has_rule("EXIT-3"), "{:#?}", assessment.findings);
    assert_eq!(assessment.disposition, Disposition::Upgrade);
    let finding = finding(&assessment, "UPGRADE-1");
    assert!(
        finding.message.contains("须增加可采资源量"),
        "{}",
        finding.message
    );
}

#[test]
fn upgrade_1_target_needs_medium_and_five_years_of_reserves_over_target() {
    let mine = with(|d| {
        d.production_scale = 20.0;
        d.remaining_reserves = 240.0;
    });
    let target = |scale: f64| {
        Some(UpgradeTarget {
            target_scale: scale,
            recoverable_reserves: None,
        })
    };
    let at_30 = run_with(mine.clone(), &standards(), Vec::new(), target(30.0))
        .upgrade
        .expect("evaluated");
    assert!(at_30.met, "240 ÷ 30 = 8 years: {at_30:?}");
    let at_50 = run_with(mine.clone(), &standards(), Vec::new(), target(50.0))
        .upgrade
        .expect("evaluated");
    assert!(!at_50.met, "240 ÷ 50 = 4.8 years is refused");
    assert!((at_50.service_years_after - 4.8).abs() < 1e-9);
    let at_25 = run_with(mine.clone(), &standards(), Vec::new(), target(25.0))
        .upgrade
        .expect("evaluated");
    assert!(!at_25.met, "still small and under the minimum");
    let more_reserves = Some(UpgradeTarget {
        target_scale: 50.0,
        recoverable_reserves: Some(300.0),
    });
    assert!(
        run_with(mine, &standards(), Vec::new(), more_reserves)
            .upgrade
            .expect("evaluated")
            .met
    );
}

#[test]
fn upgrade_2_measures_are_advisory_for_mines_that_stay() {
    let retained = run(with(|d| {
        d.production_scale = 120.0;
        d.remaining_reserves = 1_200.0;
    }));
    let measure = finding(&retained, "UPGRADE-2");
    assert!(
        measure.advisory && measure.message.contains("智能化"),
        "large mines automate"
    );
    assert_eq!(
        retained.disposition,
        Disposition::Retain,
        "advice does not change the disposition"
    );
    assert!(
        run(iron())
            .findings
            .iter()
            .any(|f| f.rule_id.code() == "UPGRADE-2" && f.message.contains("机械化"))
    );
    assert!(!run(with(|d| d.has_safety_licence = false)).has_rule("UPGRADE-2"));
}

#[test]
fn precedence_close_over_exit_and_no_options_after_a_close_finding() {
    let both = run(with(|d| {
        d.has_safety_licence = false;
        d.production_scale = 20.0;
    }));
    assert!(both.has_rule("CLOSE-1") && both.has_rule("EXIT-3"));
    assert_eq!(both.disposition, Disposition::Close);
    assert!(both.options.is_empty(), "先整治、后整合");
    let exit_and_integrate = run(with(|d| d.production_scale = 20.0));
    assert_eq!(exit_and_integrate.disposition, Disposition::Exit);
}

#[test]
fn a_standards_change_alters_the_assessment_while_the_old_version_replays_the_old_result() {
    let old = standards();
    let mut new = standards();
    new.version_id = 2;
    new.minimums.insert(mineral("IRON"), 40.0);
    let mine = iron();
    let before = run_with(mine.clone(), &old, Vec::new(), None);
    let after = run_with(mine.clone(), &new, Vec::new(), None);
    assert!(!before.has_rule("EXIT-3") && after.has_rule("EXIT-3"));
    assert_eq!((before.standards_version, after.standards_version), (1, 2));
    assert_eq!(
        run_with(mine, &old, Vec::new(), None),
        before,
        "replay is exact"
    );
}

#[test]
fn every_rule_id_of_domain_section_3_has_an_implementation() {
    let sources = [
        include_str!("../close.rs"),
        include_str!("../exit.rs"),
        include_str!("../integrate.rs"),
        include_str!("../upgrade.rs"),
    ]
    .concat();
    for rule in RuleId::ALL {
        assert!(
            sources.contains(&format!("RuleId::{rule:?}")),
            "{} has no implementation",
            rule.code()
        );
    }
}
