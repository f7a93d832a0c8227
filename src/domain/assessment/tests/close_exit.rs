//! CLOSE-1 … CLOSE-3 and EXIT-1 … EXIT-4, row by row with boundaries on both sides.

use super::*;

#[test]
fn close_1_unlicensed_in_any_status_unsafe_only_while_producing() {
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
                "no safety licence while producing",
                with(|d| d.has_safety_licence = false),
                true,
            ),
            (
                "no safety licence while under construction (issued at acceptance)",
                with(|d| {
                    d.has_safety_licence = false;
                    d.status = OperatingStatus::UnderConstruction;
                    d.construction_deadline = Some(day(2027, 6, 30));
                }),
                false,
            ),
            (
                "no safety licence while suspended (not mining)",
                with(|d| {
                    d.has_safety_licence = false;
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 6, 1));
                }),
                false,
            ),
            (
                "no mining licence while suspended",
                with(|d| {
                    d.has_mining_licence = false;
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 6, 1));
                }),
                true,
            ),
            (
                "no mining licence while under construction",
                with(|d| {
                    d.licence_no = None;
                    d.status = OperatingStatus::UnderConstruction;
                    d.construction_deadline = Some(day(2027, 6, 30));
                }),
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

/// A suspended mine (ordered to stop) without its safety licence, with what was found on
/// `found_on` recorded.
fn stopped_after(found_on: NaiveDate) -> MineDraft {
    with(|d| {
        d.has_safety_licence = false;
        d.status = OperatingStatus::Suspended;
        d.suspended_since = Some(day(2025, 12, 1));
        d.suspension_ordered = true;
        d.violation = Some(crate::domain::mine::Violation {
            kind: crate::domain::mine::ViolationKind::NoSafetyLicence,
            found_on,
            found_by: "泽州县应急管理局".into(),
        });
    })
}

/// CLOSE-1 is history: a mine found producing without its safety licence keeps the
/// finding after it is ordered to stop, from the day it was found (an assessment of an
/// earlier day does not see it), and the finding cites the day and the authority.
#[test]
fn close_1_a_recorded_violation_outlasts_the_stop_order() {
    table(
        "CLOSE-1",
        vec![
            (
                "found before the stop",
                stopped_after(day(2025, 11, 20)),
                true,
            ),
            ("found today", stopped_after(as_of()), true),
            ("found tomorrow", stopped_after(day(2026, 11, 30)), false),
        ],
    );
    let assessment = run(stopped_after(day(2025, 11, 20)));
    let close_1 = finding(&assessment, "CLOSE-1");
    assert!(
        close_1
            .message
            .starts_with("2025-11-20经泽州县应急管理局查实未取得安全生产许可证擅自开采"),
        "{}",
        close_1.message
    );
    assert!(
        close_1
            .facts
            .iter()
            .any(|f| f.name == "violation.foundOn" && f.value == "2025-11-20")
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
fn exit_4_construction_not_finished_within_the_period_building_or_stopped() {
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
            (
                "construction stopped (停建) past its deadline",
                with(|d| {
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 3, 1));
                    d.construction_deadline = Some(day(2026, 9, 30));
                }),
                true,
            ),
            (
                "construction stopped (停建) within its period",
                with(|d| {
                    d.status = OperatingStatus::Suspended;
                    d.suspended_since = Some(day(2026, 3, 1));
                    d.construction_deadline = Some(day(2027, 9, 30));
                }),
                false,
            ),
        ],
    );
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
fn a_closed_mine_is_closed_whatever_its_facts_say() {
    let closed = |change: fn(&mut MineDraft)| {
        with(|d| {
            change(d);
            d.status = OperatingStatus::Closed;
        })
    };
    let cases: [(&str, MineDraft); 4] = [
        ("a mine that would be retained", closed(|_| {})),
        ("a small one", closed(|d| d.production_scale = 5.0)),
        (
            "one without its safety licence",
            closed(|d| d.has_safety_licence = false),
        ),
        ("an exhausted one", closed(|d| d.resources_exhausted = true)),
    ];
    for (case, draft) in cases {
        let assessment = run(draft);
        assert_eq!(assessment.disposition, Disposition::Closed, "{case}");
        assert!(
            assessment.findings.is_empty(),
            "{case}: {:#?}",
            assessment.findings
        );
        assert!(assessment.options.is_empty(), "{case}");
    }
    assert_ne!(
        run(iron()).disposition,
        Disposition::Closed,
        "an open mine is assessed"
    );
}
