//! A mine's facts are parsed once (docs/api.md, "Input validation"): every bad fact is
//! reported with its field. `quarry` is the valid draft other modules' tests start from.

use super::*;

/// A valid producing quarry; tests change one fact at a time.
pub(crate) fn quarry() -> MineDraft {
    MineDraft {
        name: " 示例采石场 ".into(),
        holder: "示例建材有限公司".into(),
        holder_type: HolderType::Enterprise,
        licence_no: Some("C1405002024011111111111".into()),
        licence_level: Some(LicenceLevel::County),
        licence_valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
        licence_valid_until: NaiveDate::from_ymd_opt(2030, 1, 1),
        county_code: "140525".into(),
        mineral_code: "BUILDING_STONE".into(),
        mining_method: MiningMethod::OpenPit,
        production_scale: 60.0,
        remaining_reserves: 600.0,
        surveyed_service_years: None,
        status: OperatingStatus::Producing,
        suspended_since: None,
        suspension_ordered: false,
        construction_deadline: None,
        has_mining_licence: true,
        has_safety_licence: true,
        cross_boundary_mining: false,
        mining_under_construction_guise: false,
        mining_with_exploration_licence: false,
        refuses_rectification: false,
        obsolete_equipment: false,
        unsafe_after_suspension: false,
        resources_exhausted: false,
        ore_body_id: None,
        latitude: Some(35.5),
        longitude: Some(112.8),
        corners: Vec::new(),
        ridge_boundary: false,
        violation: None,
    }
}

fn rejected_fields(draft: MineDraft) -> Vec<String> {
    MineFacts::parse(draft)
        .expect_err("draft should be rejected")
        .fields()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_valid_draft_is_trimmed_and_accepted() {
    let facts = MineFacts::parse(quarry()).expect("valid");
    assert_eq!(facts.name, "示例采石场");
    assert_eq!(facts.service_years(), 10.0);
}

#[test]
fn each_bad_fact_is_reported_with_its_field() {
    type Case = (&'static str, fn(&mut MineDraft));
    let cases: [Case; 26] = [
        ("name", |d| d.name = "  ".into()),
        ("holder", |d| d.holder = String::new()),
        ("countyCode", |d| d.county_code = "14052".into()),
        ("mineralCode", |d| d.mineral_code = " ".into()),
        ("productionScale", |d| d.production_scale = 0.0),
        ("productionScale", |d| d.production_scale = -1.0),
        ("productionScale", |d| d.production_scale = f64::NAN),
        ("remainingReserves", |d| d.remaining_reserves = -0.5),
        ("remainingReserves", |d| {
            d.remaining_reserves = f64::INFINITY
        }),
        ("surveyedServiceYears", |d| {
            d.surveyed_service_years = Some(-1.0)
        }),
        ("licenceValidUntil", |d| {
            d.licence_valid_until = NaiveDate::from_ymd_opt(2019, 12, 31)
        }),
        ("suspendedSince", |d| d.status = OperatingStatus::Suspended),
        ("constructionDeadline", |d| {
            d.status = OperatingStatus::UnderConstruction
        }),
        ("latitude", |d| d.latitude = Some(91.0)),
        // Figures that are not data (docs/api.md, "Input validation").
        ("productionScale", |d| d.production_scale = 5e-324),
        ("productionScale", |d| d.production_scale = 1e9),
        ("remainingReserves", |d| d.remaining_reserves = 1e12),
        ("surveyedServiceYears", |d| {
            d.surveyed_service_years = Some(10_000.0)
        }),
        ("longitude", |d| d.longitude = Some(0.0)),
        ("name", |d| d.name = "\u{200B}\u{200B}".into()),
        ("holder", |d| d.holder = "公司\u{202E}".into()),
        ("name", |d| d.name = "两\n行".into()),
        ("licenceValidFrom", |d| {
            d.licence_valid_from = NaiveDate::from_ymd_opt(1, 1, 1)
        }),
        ("constructionDeadline", |d| {
            d.construction_deadline = NaiveDate::from_ymd_opt(9999, 12, 31)
        }),
        ("violation.foundBy", |d| {
            d.violation = Some(found(2025, " \u{7}"))
        }),
        ("violation.foundOn", |d| {
            d.violation = Some(found(1900, "泽州县应急管理局"))
        }),
    ];
    for (field, break_it) in cases {
        let mut draft = quarry();
        break_it(&mut draft);
        assert_eq!(rejected_fields(draft), vec![field.to_owned()]);
    }
}

#[test]
fn every_bad_fact_of_one_draft_is_reported_together() {
    let mut draft = quarry();
    draft.name = String::new();
    draft.production_scale = f64::NAN;
    draft.longitude = None;
    assert_eq!(
        rejected_fields(draft),
        vec!["name", "productionScale", "longitude"]
    );
}

#[test]
fn licence_numbers_are_stored_in_one_canonical_form() {
    let mut draft = quarry();
    draft.licence_no = Some(" c1405 0020 24011111111111 ".into());
    assert_eq!(
        MineFacts::parse(draft)
            .expect("valid")
            .licence_no
            .as_deref(),
        Some("C1405002024011111111111")
    );
}

#[test]
fn a_suspension_cannot_begin_after_the_day_it_is_recorded() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let mut draft = quarry();
    draft.status = OperatingStatus::Suspended;
    draft.suspended_since = today.succ_opt();
    let facts = MineFacts::parse(draft.clone()).expect("plausible on its own");
    assert_eq!(
        facts.check_recorded_on(today).map_err(|e| e.field),
        Err("suspendedSince".to_owned())
    );
    draft.suspended_since = Some(today);
    let facts = MineFacts::parse(draft).expect("valid");
    assert!(facts.check_recorded_on(today).is_ok());
}

/// A recorded violation of a safety licence, found on 1 May of `year` by `by`.
fn found(year: i32, by: &str) -> Violation {
    Violation {
        kind: ViolationKind::NoSafetyLicence,
        found_on: NaiveDate::from_ymd_opt(year, 5, 1).unwrap_or_default(),
        found_by: by.into(),
    }
}

/// CLOSE-1's record: the authority is trimmed, and a violation cannot have been found after
/// the day it is recorded.
#[test]
fn a_violation_is_found_by_an_authority_on_or_before_the_day_it_is_recorded() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let mut draft = quarry();
    draft.violation = Some(found(2027, "  泽州县应急管理局 "));
    let facts = MineFacts::parse(draft.clone()).expect("plausible on its own");
    assert_eq!(
        facts.violation.as_ref().map(|v| v.found_by.as_str()),
        Some("泽州县应急管理局")
    );
    assert_eq!(
        facts.check_recorded_on(today).map_err(|e| e.field),
        Err("violation.foundOn".to_owned())
    );
    draft.violation = Some(found(2026, "泽州县应急管理局"));
    let facts = MineFacts::parse(draft).expect("valid");
    assert!(facts.check_recorded_on(today).is_ok());
}

#[test]
fn a_blank_licence_number_means_an_unlicensed_site() {
    let mut draft = quarry();
    draft.licence_no = Some("   ".into());
    assert_eq!(MineFacts::parse(draft).expect("valid").licence_no, None);
}

#[test]
fn licence_may_end_on_the_day_it_starts() {
    let mut draft = quarry();
    draft.licence_valid_until = draft.licence_valid_from;
    assert!(MineFacts::parse(draft).is_ok());
}

#[test]
fn a_surveyed_service_life_overrides_the_division() {
    let mut draft = quarry();
    draft.surveyed_service_years = Some(3.5);
    assert_eq!(MineFacts::parse(draft).expect("valid").service_years(), 3.5);
}
