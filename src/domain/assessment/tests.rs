//! Table-driven tests, one or more rows per rule ID with boundary values on both sides.
//! Each test is named for the rule it covers.

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

#[test]
fn close_1_unlicensed_or_unsafe_or_expired_while_working() {
    table(
        "CLOSE-1",
        vec![
            ("compliant", iron(), false),
            (
                "no mining licence",
                with(|d| d.has_mining_licence = false),
                true,
            ),
            ("no licence number", with(|d| d.licence_no = None), true),
            (
                "no safety licence",
                with(|d| d.has_safety_licence = false),
                true,
            ),
            (
                "expired the day before",
                with(|d| d.licence_valid_until = Some(day(2026, 11, 28))),
                true,
            ),
            (
                "expires today: still valid",
                with(|d| d.licence_valid_until = Some(as_of())),
                false,
            ),
            (
                "expired but suspended, not mining",
                with(|d| {
                    d.licence_valid_until = Some(day(2026, 1, 1));
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 6, 1));
                }),
                false,
            ),
        ],
    );
}

#[test]
fn close_2_violation_and_refusal_together() {
    table(
        "CLOSE-2",
        vec![
            (
                "cross-boundary and refusing",
                with(|d| {
                    d.cross_boundary_mining = true;
                    d.refuses_rectification = true;
                }),
                true,
            ),
            (
                "cross-boundary but rectifying",
                with(|d| d.cross_boundary_mining = true),
                false,
            ),
            (
                "construction guise and refusing",
                with(|d| {
                    d.mining_under_construction_guise = true;
                    d.refuses_rectification = true;
                }),
                true,
            ),
            (
                "exploration licence and refusing",
                with(|d| {
                    d.mining_with_exploration_licence = true;
                    d.refuses_rectification = true;
                }),
                true,
            ),
            (
                "refusing without a violation",
                with(|d| d.refuses_rectification = true),
                false,
            ),
        ],
    );
}

#[test]
fn close_3_obsolete_equipment_while_working_or_unsafe_after_suspension() {
    table(
        "CLOSE-3",
        vec![
            (
                "obsolete, refusing, producing",
                with(|d| {
                    d.obsolete_equipment = true;
                    d.refuses_rectification = true;
                }),
                true,
            ),
            (
                "obsolete, refusing, but suspended",
                with(|d| {
                    d.obsolete_equipment = true;
                    d.refuses_rectification = true;
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 10, 1));
                }),
                false,
            ),
            (
                "obsolete but rectifying",
                with(|d| d.obsolete_equipment = true),
                false,
            ),
            (
                "unsafe after suspension",
                with(|d| d.unsafe_after_suspension = true),
                true,
            ),
        ],
    );
}

#[test]
fn exit_1_exhausted_with_a_valid_licence() {
    table(
        "EXIT-1",
        vec![
            (
                "exhausted flag",
                with(|d| d.resources_exhausted = true),
                true,
            ),
            (
                "no reserves left",
                with(|d| d.remaining_reserves = 0.0),
                true,
            ),
            (
                "exhausted but the licence expired",
                with(|d| {
                    d.resources_exhausted = true;
                    d.licence_valid_until = Some(day(2025, 1, 1));
                }),
                false,
            ),
        ],
    );
}

#[test]
fn exit_2_continuous_suspension_of_twelve_months_not_ordered() {
    let suspended = |since: NaiveDate, ordered: bool| {
        with(move |d| {
            d.status = OperatingStatus::Suspended;
            d.suspended_since = Some(since);
            d.suspension_ordered = ordered;
        })
    };
    table(
        "EXIT-2",
        vec![
            (
                "exactly twelve months",
                suspended(day(2025, 11, 29), false),
                true,
            ),
            (
                "one day short of twelve months",
                suspended(day(2025, 11, 30), false),
                false,
            ),
            ("two years", suspended(day(2024, 11, 1), false), true),
            (
                "ordered by the authorities",
                suspended(day(2024, 11, 1), true),
                false,
            ),
            ("producing", iron(), false),
        ],
    );
}

#[test]
fn exit_3_below_the_provincial_minimum_or_five_years_equal_passes() {
    table(
        "EXIT-3",
        vec![
            (
                "scale just under 30",
                with(|d| d.production_scale = 29.99),
                true,
            ),
            ("scale exactly 30", iron(), false),
            (
                "life exactly 5 years",
                with(|d| d.remaining_reserves = 150.0),
                false,
            ),
            (
                "life just under 5 years",
                with(|d| d.remaining_reserves = 149.9),
                true,
            ),
            (
                "surveyed life under 5 years",
                with(|d| d.surveyed_service_years = Some(4.0)),
                true,
            ),
            (
                "quarry at 50 exactly",
                {
                    let mut d = quarry();
                    d.production_scale = 50.0;
                    d.remaining_reserves = 500.0;
                    d
                },
                false,
            ),
            (
                "quarry at 49",
                {
                    let mut d = quarry();
                    d.production_scale = 49.0;
                    d
                },
                true,
            ),
        ],
    );
}

#[test]
fn exit_3_equal_passes_even_when_the_division_rounds_below() {
    // 50.3 ÷ 10.06 is 4.999999999999999 in binary floating point: still exactly 5 years.
    let mut stone = quarry();
    stone.mineral_code = "CONSTRUCTION_SAND".into();
    stone.production_scale = 10.06;
    stone.remaining_reserves = 50.3;
    assert!(!run(stone).has_rule("EXIT-3"));
}

#[test]
fn upgrade_route_for_a_quarry_must_exceed_the_exclusive_medium_bound() {
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
        (Some(50.0), true)
    );
    let only_fifty_fits = run(quarry_at(250.0));
    assert!(
        only_fifty_fits
            .options
            .iter()
            .all(|o| o.disposition != Disposition::Upgrade),
        "50 is still small for a quarry, and more than 50 leaves under 5 years"
    );
}

#[test]
fn exit_3_can_be_configured_to_require_both_failures() {
    let mut both = standards();
    both.params.exit3_requires_both = true;
    let small_but_long_lived = with(|d| d.production_scale = 20.0);
    let assessment = run_with(small_but_long_lived.clone(), &both, Vec::new(), None);
    assert!(!assessment.has_rule("EXIT-3"));
    assert!(
        assessment.has_rule("INTEGRATE-3"),
        "the scale failure is still an integration candidate"
    );
    let short_lived = with(|d| {
        d.production_scale = 20.0;
        d.remaining_reserves = 60.0;
    });
    assert!(run_with(short_lived, &both, Vec::new(), None).has_rule("EXIT-3"));
    assert!(
        run(small_but_long_lived).has_rule("EXIT-3"),
        "either failure by default"
    );
}

#[test]
fn exit_4_construction_not_finished_within_the_period() {
    let building = |deadline: NaiveDate| {
        with(move |d| {
            d.status = OperatingStatus::UnderConstruction;
            d.construction_deadline = Some(deadline);
        })
    };
    table(
        "EXIT-4",
        vec![
            (
                "deadline passed yesterday",
                building(day(2026, 11, 28)),
                true,
            ),
            ("deadline is today", building(as_of()), false),
            (
                "producing with an old deadline",
                with(|d| d.construction_deadline = Some(day(2020, 1, 1))),
                false,
            ),
        ],
    );
}

fn site(
    id: i64,
    holder: &str,
    mineral: &str,
    ore: Option<&str>,
    position: Option<(f64, f64)>,
) -> Site {
    Site {
        id,
        holder: holder.into(),
        mineral_code: mineral.into(),
        mining_method: MiningMethod::OpenPit,
        ore_body_id: ore.map(str::to_owned),
        position,
    }
}

#[test]
fn integrate_1_one_ore_body_split_between_holders() {
    let draft = with(|d| d.ore_body_id = Some("ORE-1".into()));
    let other_holder = vec![site(2, "另一公司", "IRON", Some("ORE-1"), None)];
    assert!(run_with(draft.clone(), &standards(), other_holder, None).has_rule("INTEGRATE-1"));
    let same_holder = vec![site(2, &draft.holder, "IRON", Some("ORE-1"), None)];
    assert!(!run_with(draft.clone(), &standards(), same_holder, None).has_rule("INTEGRATE-1"));
    let other_ore = vec![site(2, "另一公司", "IRON", Some("ORE-2"), None)];
    assert!(!run_with(draft, &standards(), other_ore, None).has_rule("INTEGRATE-1"));
}

/// A point `metres` north of (35.5, 112.8).
fn north_of_base(metres: f64) -> (f64, f64) {
    (35.5 + metres / 111_194.93, 112.8)
}

#[test]
fn integrate_2_quarries_closer_than_300_metres() {
    let quarry_at_base = || {
        let mut d = quarry();
        d.latitude = Some(35.5);
        d.longitude = Some(112.8);
        d
    };
    for (metres, expected) in [(299.0, true), (301.0, false), (50.0, true)] {
        let sites = vec![site(
            2,
            "另一公司",
            "BUILDING_STONE",
            None,
            Some(north_of_base(metres)),
        )];
        let assessment = run_with(quarry_at_base(), &standards(), sites, None);
        assert_eq!(
            assessment.has_rule("INTEGRATE-2"),
            expected,
            "INTEGRATE-2 at {metres} m"
        );
    }
    let other_type = vec![site(2, "另一公司", "IRON", None, Some(north_of_base(50.0)))];
    assert!(!run_with(quarry_at_base(), &standards(), other_type, None).has_rule("INTEGRATE-2"));
}

#[test]
fn integrate_2_grid_finds_the_same_pairs_as_a_full_scan() {
    let mut seed = 42u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let sites: Vec<Site> = (0..400)
        .map(|i| {
            site(
                i,
                "h",
                "BUILDING_STONE",
                None,
                Some((35.4 + next() * 0.05, 112.7 + next() * 0.05)),
            )
        })
        .collect();
    let grid = Neighbourhood::new(sites.clone(), 300.0);
    for probe in sites.iter().take(100) {
        let position = probe.position.expect("positioned");
        let found = grid
            .nearest_within(
                probe.id,
                position,
                "BUILDING_STONE",
                MiningMethod::OpenPit,
                300.0,
            )
            .map(|(s, _)| s.id);
        let brute = sites
            .iter()
            .filter(|s| s.id != probe.id)
            .map(|s| {
                (
                    s.id,
                    neighbours::distance_m(position, s.position.expect("positioned")),
                )
            })
            .filter(|(_, d)| *d <= 300.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id);
        assert_eq!(found, brute, "site {}", probe.id);
    }
}

#[test]
fn integrate_3_is_reported_alongside_exit_3() {
    let assessment = run(with(|d| d.production_scale = 20.0));
    assert!(assessment.has_rule("INTEGRATE-3") && assessment.has_rule("EXIT-3"));
    assert!(!run(iron()).has_rule("INTEGRATE-3"));
}

#[test]
fn integrate_4_ridge_bounded_open_pit_sand_and_stone() {
    let sand = |method: MiningMethod, mineral: &str| {
        let mut d = quarry();
        d.ridge_boundary = true;
        d.mining_method = method;
        d.mineral_code = mineral.into();
        d
    };
    table(
        "INTEGRATE-4",
        vec![
            (
                "open-pit stone on a ridge",
                sand(MiningMethod::OpenPit, "BUILDING_STONE"),
                true,
            ),
            (
                "open-pit sand on a ridge",
                sand(MiningMethod::OpenPit, "CONSTRUCTION_SAND"),
                true,
            ),
            (
                "underground stone",
                sand(MiningMethod::Underground, "BUILDING_STONE"),
                false,
            ),
            (
                "iron on a ridge",
                sand(MiningMethod::OpenPit, "IRON"),
                false,
            ),
            ("stone off the ridge", quarry(), false),
        ],
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
            .any(|f| f.rule_id == "UPGRADE-1" && f.disposition == Disposition::Retain)
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
    let measure = retained
        .findings
        .iter()
        .find(|f| f.rule_id == "UPGRADE-2")
        .expect("UPGRADE-2");
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
            .any(|f| f.rule_id == "UPGRADE-2" && f.message.contains("机械化"))
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
fn exit_3_only_mines_may_upgrade_or_integrate_instead() {
    let assessment = run(with(|d| d.production_scale = 20.0));
    let routes: Vec<Disposition> = assessment.options.iter().map(|o| o.disposition).collect();
    assert_eq!(routes, vec![Disposition::Upgrade, Disposition::Integrate]);
    let upgrade = &assessment.options[0];
    assert_eq!(upgrade.minimum_target_scale, Some(30.0));
    assert_eq!(upgrade.maximum_target_scale, Some(80.0), "400 ÷ 5 years");
    let too_little_ore = run(with(|d| {
        d.production_scale = 20.0;
        d.remaining_reserves = 140.0;
    }));
    assert_eq!(
        too_little_ore
            .options
            .iter()
            .map(|o| o.disposition)
            .collect::<Vec<_>>(),
        vec![Disposition::Integrate]
    );
    let also_suspended = run(with(|d| {
        d.production_scale = 20.0;
        d.status = OperatingStatus::Suspended;
        d.suspended_since = Some(day(2024, 1, 1));
    }));
    assert!(
        also_suspended.options.is_empty(),
        "EXIT-2 as well: no options"
    );
}

#[test]
fn a_standards_change_alters_the_assessment_while_the_old_version_replays_the_old_result() {
    let old = standards();
    let mut new = standards();
    new.version_id = 2;
    new.minimums.insert("IRON".into(), 40.0);
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
fn every_rule_id_of_domain_section_3_can_fire() {
    let sources = [
        include_str!("close.rs"),
        include_str!("exit.rs"),
        include_str!("integrate.rs"),
        include_str!("upgrade.rs"),
    ]
    .concat();
    for rule in RULE_IDS {
        assert!(
            sources.contains(&format!("\"{rule}\"")),
            "{rule} has no implementation"
        );
    }
}
