//! INTEGRATE-1 and INTEGRATE-2 read from licensed boundaries (docs/rules.md, "Distance
//! between mines").

use super::*;
use crate::domain::assessment::types::NeighbourFinding;
use crate::domain::codes::test_codes::{county, mineral};
use crate::domain::spatial::boundary::given_degrees;
use crate::domain::spatial::fixtures::{centre, square};
use crate::domain::spatial::separation::Measure;

/// The test quarry with a boundary (a square of `side` m centred `east` m along the line),
/// or at that point without one.
fn quarry_at(east: f64, side: Option<f64>) -> MineDraft {
    let mut draft = quarry();
    match side {
        Some(side) => draft.corners = given_degrees(&square(east, side)),
        None => (draft.latitude, draft.longitude) = (Some(centre(east).0), Some(centre(east).1)),
    }
    draft
}

/// A neighbouring quarry of another holder, as a site, from the same shapes.
fn neighbour(id: i64, holder: &str, east: f64, side: Option<f64>) -> Site {
    Site {
        id,
        county_code: county("140525"),
        holder: holder.into(),
        mineral_code: mineral("BUILDING_STONE"),
        mining_method: MiningMethod::OpenPit,
        ore_body_id: None,
        position: Some(centre(east)),
        boundary: side.map_or_else(Vec::new, |side| square(east, side)),
    }
}

/// The INTEGRATE-2 finding's distance and measure, if any.
fn too_close(assessment: &Assessment) -> Option<(f64, Measure)> {
    assessment
        .findings
        .iter()
        .find_map(|f| match &f.neighbours {
            Some(NeighbourFinding::TooClose {
                distance_m,
                measure,
                ..
            }) => Some((*distance_m, *measure)),
            _ => None,
        })
}

/// INTEGRATE-2 (300 m for open-pit quarries): two quarries whose centres lie 500 m apart
/// but whose 250 m boundaries lie 250 m apart are found, measured between boundaries; a
/// boundary and a mine known only by its centre measure from the boundary to that point;
/// two centres alone are 500 m apart and pass.
#[test]
fn integrate_2_measures_between_boundaries_where_they_are_recorded() {
    let cases = [
        (Some(250.0), Some(250.0), Some((250.0, Measure::Boundaries))),
        (Some(250.0), None, None), // 375 m from the boundary to the centre
        (None, Some(250.0), None),
        (None, None, None),
        (
            Some(450.0),
            None,
            Some((275.0, Measure::BoundaryAndPosition)),
        ),
        (
            None,
            Some(450.0),
            Some((275.0, Measure::BoundaryAndPosition)),
        ),
    ];
    for (ours, theirs, expected) in cases {
        let assessment = run_with(
            quarry_at(0.0, ours),
            &standards(),
            vec![neighbour(2, "另一公司", 500.0, theirs)],
            None,
        );
        let found = too_close(&assessment);
        assert_eq!(
            found.map(|(_, measure)| measure),
            expected.map(|(_, measure)| measure),
            "{ours:?} {theirs:?}"
        );
        if let (Some((distance, _)), Some((want, _))) = (found, expected) {
            assert!((distance - want).abs() < 0.01, "{distance} for {want}");
            assert!(assessment.has_rule("INTEGRATE-2"));
        }
    }
}

/// INTEGRATE-2: a neighbour whose position lies far beyond the rule's distance is still
/// found when its wide boundary comes within it — the search widens by the reach.
#[test]
fn integrate_2_finds_a_wide_boundary_whose_centre_is_far() {
    // A 2 km square centred 1,400 m east: its west edge is 400 m east of the centre line,
    // 275 m from the subject's 250 m square.
    let assessment = run_with(
        quarry_at(0.0, Some(250.0)),
        &standards(),
        vec![neighbour(2, "另一公司", 1_400.0, Some(2_000.0))],
        None,
    );
    let (distance, measure) = too_close(&assessment).expect("found through its reach");
    assert_eq!(measure, Measure::Boundaries);
    assert!((distance - 275.0).abs() < 0.01, "{distance}");
    let message = &finding(&assessment, "INTEGRATE-2").message;
    assert!(message.contains("矿界之间最小距离约275米"), "{message}");
}

/// INTEGRATE-1's hint: a boundary overlapping another holder's suggests an ore body the
/// registry has not recorded; it is advisory (the disposition is unchanged), names the
/// other mine, and is not given for the same holder or for partners an ore body names.
#[test]
fn integrate_1_hints_at_overlapping_boundaries_of_other_holders() {
    // The neighbour mines iron: no distance rule joins in, only the hint.
    let iron = |holder: &str, east: f64| {
        let mut site = neighbour(2, holder, east, Some(250.0));
        site.mineral_code = mineral("IRON");
        site
    };
    let mut ours = quarry_at(0.0, Some(250.0));
    let overlapping = |holder: &str| vec![iron(holder, 200.0)];
    let hinted = run_with(ours.clone(), &standards(), overlapping("另一公司"), None);
    let hint = finding(&hinted, "INTEGRATE-1");
    assert!(hint.advisory, "{hint:?}");
    assert!(
        hint.facts
            .iter()
            .any(|f| f.name == "overlappingMines" && f.value == "2")
    );
    let alone = run_with(ours.clone(), &standards(), Vec::new(), None);
    assert_eq!(hinted.disposition, alone.disposition);
    let same_holder = run_with(ours.clone(), &standards(), overlapping(&ours.holder), None);
    assert!(!same_holder.has_rule("INTEGRATE-1"));
    let touching = vec![iron("另一公司", 250.0)]; // sharing an edge
    assert!(!run_with(ours.clone(), &standards(), touching, None).has_rule("INTEGRATE-1"));
    ours.ore_body_id = Some("ORE-9".into());
    let mut recorded = overlapping("另一公司");
    recorded[0].ore_body_id = Some("ORE-9".into());
    let named = run_with(ours, &standards(), recorded, None);
    let ore_body = finding(&named, "INTEGRATE-1");
    assert!(!ore_body.advisory, "the ore body decides: {ore_body:?}");
    assert_eq!(
        named
            .findings
            .iter()
            .filter(|f| f.rule_id.code() == "INTEGRATE-1")
            .count(),
        1
    );
}
