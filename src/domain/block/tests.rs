//! BlockFacts::parse, the unstated facts and NEW-2's classes, table by table.

use super::*;
use crate::domain::codes::test_codes::mineral;
use crate::domain::scale::{ScaleKind, StandardsTable, ThresholdRow, Thresholds};
use crate::domain::spatial::boundary::GivenCorner;
use crate::domain::standards::fixtures::{production, standards};

/// A valid iron block; tests change one field at a time.
pub(crate) fn iron_block() -> BlockDraft {
    BlockDraft {
        name: " 泽州县某铁矿规划区块 ".into(),
        county_code: "140525".into(),
        mineral_code: "IRON".into(),
        area_km2: 1.2,
        predicted_resources: 1_500.0,
        location: "泽州县南村镇".into(),
        designed_production_scale: Some(60.0),
        mining_method: Some(MiningMethod::Underground),
        ore_grade: Some(OreGrade::Lean),
        priority: BlockPriority::MajorProject,
        in_master_plan: Some(true),
        corners: Vec::new(),
        mining_land: None,
    }
}

fn rejected_fields(draft: BlockDraft) -> Vec<String> {
    BlockFacts::parse(draft)
        .expect_err("draft should be rejected")
        .fields()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_valid_block_is_trimmed_and_accepted() {
    let facts = BlockFacts::parse(iron_block()).expect("valid");
    assert_eq!(facts.name, "泽州县某铁矿规划区块");
    assert_eq!(facts.county().as_str(), "140525");
}

#[test]
fn each_bad_field_is_reported_with_its_name() {
    type Case = (&'static str, fn(&mut BlockDraft));
    let cases: [Case; 13] = [
        ("name", |d| d.name = " ".into()),
        ("name", |d| d.name = "区块\u{202E}".into()),
        ("location", |d| d.location = String::new()),
        ("countyCode", |d| d.county_code = "1405".into()),
        ("mineralCode", |d| d.mineral_code = "iron".into()),
        ("areaKm2", |d| d.area_km2 = 0.0),
        ("areaKm2", |d| d.area_km2 = f64::NAN),
        ("predictedResources", |d| d.predicted_resources = -1.0),
        ("predictedResources", |d| {
            d.predicted_resources = f64::INFINITY
        }),
        ("designedProductionScale", |d| {
            d.designed_production_scale = Some(0.0)
        }),
        ("corners", |d| {
            d.corners = vec![
                GivenCorner::Degrees {
                    latitude: 35.5,
                    longitude: 112.8,
                };
                2
            ]
        }),
        ("corners[1]", |d| {
            d.corners = vec![
                GivenCorner::Degrees {
                    latitude: 35.5,
                    longitude: 112.8,
                },
                GivenCorner::Degrees {
                    latitude: 95.0,
                    longitude: 112.8,
                },
                GivenCorner::Degrees {
                    latitude: 35.6,
                    longitude: 112.9,
                },
            ]
        }),
        ("corners", |d| {
            d.corners = vec![
                GivenCorner::Degrees {
                    latitude: 35.5,
                    longitude: 112.8,
                };
                201
            ]
        }),
    ];
    for (field, break_it) in cases {
        let mut draft = iron_block();
        break_it(&mut draft);
        assert_eq!(rejected_fields(draft), vec![field.to_owned()], "{field}");
    }
}

#[test]
fn a_polygon_of_three_corners_is_accepted() {
    let mut draft = iron_block();
    draft.corners = vec![
        GivenCorner::Degrees {
            latitude: 35.50,
            longitude: 112.80,
        },
        GivenCorner::Degrees {
            latitude: 35.51,
            longitude: 112.80,
        },
        GivenCorner::Degrees {
            latitude: 35.51,
            longitude: 112.81,
        },
    ];
    assert!(BlockFacts::parse(draft).is_ok());
}

/// NEW-2: both classes come from the one classification function, by method and grade.
#[test]
fn new_2_classes_are_computed_from_the_figures() {
    let mut rows = vec![
        production("IRON", "UNDERGROUND", Some(100.0), Some(30.0), true),
        production("IRON", "OPEN_PIT", Some(200.0), Some(60.0), true),
    ];
    for (grade, large, medium) in [("LEAN", 10_000.0, 1_000.0), ("RICH", 5_000.0, 500.0)] {
        rows.push(ThresholdRow {
            mineral_code: mineral("IRON"),
            kind: ScaleKind::Deposit,
            variant: grade.into(),
            thresholds: Thresholds {
                large_min: Some(large),
                medium_min: Some(medium),
                medium_min_inclusive: true,
            },
        });
    }
    let mut s = standards();
    s.scales = StandardsTable::new(rows);
    let iron = mineral("IRON");
    let figures = |method, grade, resources, scale| BlockFigures {
        mineral: &iron,
        mining_method: Some(method),
        ore_grade: grade,
        predicted_resources: resources,
        designed_production_scale: Some(scale),
    };
    use MiningMethod::*;
    use ScaleClass::*;
    let cases = [
        // (method, grade, resources, scale, deposit, production)
        (Underground, None, 999.0, 30.0, Some(Small), Some(Medium)),
        (
            Underground,
            Some(OreGrade::Lean),
            1_000.0,
            29.9,
            Some(Medium),
            Some(Small),
        ),
        (
            OpenPit,
            Some(OreGrade::Rich),
            999.0,
            59.9,
            Some(Medium),
            Some(Small),
        ),
        (
            OpenPit,
            Some(OreGrade::Rich),
            5_000.0,
            200.0,
            Some(Large),
            Some(Large),
        ),
    ];
    for (method, grade, resources, scale, deposit, production) in cases {
        assert_eq!(
            classes(figures(method, grade, resources, scale), &s),
            (deposit, production),
            "{method:?} {grade:?} {resources} {scale}"
        );
    }
    let sand = mineral("CONSTRUCTION_SAND");
    let no_standard = BlockFigures {
        mineral: &sand,
        ..figures(OpenPit, None, 1e6, 1e3)
    };
    assert_eq!(classes(no_standard, &s), (None, None));
    let unstated = BlockFigures {
        mining_method: None,
        ..figures(OpenPit, Some(OreGrade::Rich), 5_000.0, 200.0)
    };
    assert_eq!(
        classes(unstated, &s),
        (Some(Large), None),
        "method unstated"
    );
    let unstated = BlockFigures {
        designed_production_scale: None,
        ..figures(OpenPit, Some(OreGrade::Rich), 5_000.0, 200.0)
    };
    assert_eq!(classes(unstated, &s), (Some(Large), None), "scale unstated");
}

#[test]
fn unstated_facts_are_named_in_input_order_and_accepted() {
    let mut draft = iron_block();
    draft.in_master_plan = None;
    draft.designed_production_scale = None;
    assert_eq!(
        draft.unstated(),
        vec![BlockFact::DesignedProductionScale, BlockFact::InMasterPlan]
    );
    assert!(BlockFacts::parse(draft).is_ok());
    for fact in BlockFact::ALL {
        assert_eq!(BlockFact::from_field(fact.field()), Some(fact));
    }
    assert_eq!(BlockFact::from_field("name"), None);
}
