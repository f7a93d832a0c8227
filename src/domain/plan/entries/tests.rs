//! The form of each kind of plan entry (docs/rules.md, attachments 2–4), field by field.

use super::*;
use crate::domain::rule::Rule;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn fields<T: std::fmt::Debug>(result: Result<T, Problems>) -> Vec<String> {
    result
        .expect_err("refused")
        .fields()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn closure() -> ClosureEntry {
    ClosureEntry {
        mine_id: 1,
        method: Disposition::Close,
        close_by: day(2025, 6, 30),
        restoration_due_by: Some(day(2025, 6, 30)),
    }
}

/// Attachment 2: a close or exit method, plausible dates, restoration no earlier than the
/// closure (on the same day is allowed).
#[test]
fn a_closure_restores_no_earlier_than_it_closes() {
    assert!(closure().check().is_ok());
    // A form may leave the commitment out; submit asks for it.
    let open = ClosureEntry {
        restoration_due_by: None,
        ..closure()
    };
    assert!(open.check().is_ok());
    type Case = (&'static str, fn(&mut ClosureEntry));
    let cases: [Case; 3] = [
        ("restorationDueBy", |c| {
            c.restoration_due_by = Some(day(2025, 6, 29))
        }),
        ("method", |c| c.method = Disposition::Upgrade),
        ("closeBy", |c| c.close_by = day(1900, 1, 1)),
    ];
    for (field, break_it) in cases {
        let mut entry = closure();
        break_it(&mut entry);
        assert_eq!(fields(entry.check()), vec![field], "{field}");
    }
}

fn upgrade() -> UpgradeEntry {
    UpgradeEntry {
        mine_id: 1,
        target_scale: 60.0,
        recoverable_reserves: Some(600.0),
        complete_by: day(2025, 12, 31),
        measures: vec![" 绿色矿山建设 ".into()],
        safety_facilities_by: Some(day(2025, 9, 30)),
        licence_change_by: None,
    }
}

#[test]
fn an_upgrade_entry_is_checked_field_by_field() {
    let parsed = upgrade().parse().expect("valid");
    assert_eq!(parsed.measures, vec!["绿色矿山建设".to_owned()]);
    type Case = (&'static str, fn(&mut UpgradeEntry));
    let cases: [Case; 6] = [
        ("targetScale", |u| u.target_scale = f64::NAN),
        ("targetScale", |u| u.target_scale = 0.0),
        ("recoverableReserves", |u| {
            u.recoverable_reserves = Some(-1.0)
        }),
        ("safetyFacilitiesBy", |u| {
            u.safety_facilities_by = Some(day(2026, 1, 1))
        }),
        ("measures", |u| u.measures = vec!["a\u{0000}".into()]),
        ("measures", |u| u.measures = vec!["措施".into(); 21]),
    ];
    for (field, break_it) in cases {
        let mut entry = upgrade();
        break_it(&mut entry);
        assert_eq!(fields(entry.parse()), vec![field], "{field}");
    }
}

fn group() -> IntegrationGroup {
    IntegrationGroup {
        mine_ids: vec![1, 2],
        unified_name: " 整合矿山 ".into(),
        unified_holder: None,
        target_scale: None,
        complete_by: day(2025, 12, 31),
    }
}

/// INTEGRATE-GROUP: two or more distinct members, and a unified name.
#[test]
fn an_integration_group_has_two_or_more_distinct_members() {
    assert_eq!(group().parse().expect("valid").unified_name, "整合矿山");
    // (field, the rule named, how the group is broken)
    type Case = (
        &'static str,
        Option<&'static str>,
        fn(&mut IntegrationGroup),
    );
    let cases: [Case; 3] = [
        ("mineIds", Some("INTEGRATE-GROUP"), |g| g.mine_ids = vec![1]),
        ("mineIds", None, |g| g.mine_ids = vec![1, 1]),
        ("unifiedName", None, |g| g.unified_name = "\t".into()),
    ];
    for (field, rule, break_it) in cases {
        let mut entry = group();
        break_it(&mut entry);
        let refused = entry.parse().expect_err("refused").into_vec();
        let found: Vec<(&str, Option<&str>)> = refused
            .iter()
            .map(|p| (p.field.as_str(), p.rule.map(Rule::code)))
            .collect();
        assert_eq!(found, vec![(field, rule)], "{field}");
    }
}

/// Attachment 4's transfer year lies within [`TRANSFER_YEARS`]; a responsibility names its
/// unit; a forecast looks ahead within [`FORECAST_YEARS`].
#[test]
fn transfer_years_responsibilities_and_forecasts_are_checked() {
    for (year, refused) in [(2026, None), (1999, Some("transferYear"))] {
        let entry = NewMineEntry {
            block_id: 1,
            transfer_year: year,
        };
        assert_eq!(
            entry.check().map_err(|e| e.field),
            refused.map_or(Ok(()), |field| Err(field.to_owned())),
            "{year}"
        );
    }
    let duty = Responsibility {
        task: "组织关闭".into(),
        unit: " ".into(),
        due_by: day(2025, 12, 31),
    };
    assert_eq!(fields(duty.parse()), vec!["unit"]);
    let forecast = DemandForecast {
        mineral_code: "IRON".into(),
        annual_demand: 100.0,
        horizon_years: 0,
        note: None,
    };
    assert_eq!(fields(forecast.parse()), vec!["horizonYears"]);
}
