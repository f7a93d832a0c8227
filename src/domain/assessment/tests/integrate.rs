//! INTEGRATE-1 … INTEGRATE-4 and the neighbour index.

use super::*;
use crate::domain::assessment::neighbours::Origin;
use crate::domain::codes::test_codes::{self, county};

fn site(
    id: i64,
    holder: &str,
    mineral: &str,
    ore: Option<&str>,
    position: Option<(f64, f64)>,
) -> Site {
    Site {
        id,
        county_code: county("140525"),
        holder: holder.into(),
        mineral_code: test_codes::mineral(mineral),
        mining_method: MiningMethod::OpenPit,
        ore_body_id: ore.map(str::to_owned),
        position,
        boundary: Vec::new(),
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

/// INTEGRATE-1 and INTEGRATE-2 in a plan that exits a partner: without the partner the
/// ore-body finding lapses, and the distance rule names the next quarry still too close
/// (or none), never the one that left.
#[test]
fn a_partner_gone_lifts_its_findings_and_the_next_neighbour_counts() {
    let mut draft = quarry();
    draft.latitude = Some(35.5);
    draft.longitude = Some(112.8);
    draft.ore_body_id = Some("ORE-1".into());
    let sites = vec![
        site(
            2,
            "另一公司",
            "BUILDING_STONE",
            Some("ORE-1"),
            Some(north_of_base(50.0)),
        ),
        site(
            3,
            "第三公司",
            "BUILDING_STONE",
            None,
            Some(north_of_base(200.0)),
        ),
    ];
    let facts = MineFacts::parse(draft).expect("valid facts");
    let subject = Subject {
        id: 1,
        facts: &facts,
    };
    let standards = standards();
    let named = |gone: &[i64]| {
        let neighbourhood = Neighbourhood::new(sites.clone(), standards.max_distance())
            .without(&gone.iter().copied().collect());
        let assessment = assess(subject, &neighbourhood, &standards, as_of(), None);
        let too_close = assessment
            .findings
            .iter()
            .find_map(|f| match &f.neighbours {
                Some(NeighbourFinding::TooClose { neighbour, .. }) => Some(neighbour.id),
                _ => None,
            });
        (assessment.has_rule("INTEGRATE-1"), too_close)
    };
    assert_eq!(named(&[]), (true, Some(2)));
    assert_eq!(named(&[2]), (false, Some(3)));
    assert_eq!(named(&[2, 3]), (false, None));
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
                Origin::at(position),
                ("BUILDING_STONE", MiningMethod::OpenPit),
                300.0,
            )
            .map(|(s, _)| s.id);
        let brute = sites
            .iter()
            .filter(|s| s.id != probe.id)
            .map(|s| {
                (
                    s.id,
                    crate::domain::spatial::separation::great_circle_m(
                        position,
                        s.position.expect("positioned"),
                    ),
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
            (
                "brick clay on a ridge: soil, not 普通建筑用砂石",
                sand(MiningMethod::OpenPit, "BRICK_CLAY"),
                false,
            ),
            ("stone off the ridge", quarry(), false),
        ],
    );
}

/// Words every neighbour in 高平市 (140581) as hidden, as for a 泽州县 official.
fn outside_zezhou(neighbour: &NeighbourRef) -> Option<String> {
    (neighbour.county_code != "140525").then(|| "高平市".to_owned())
}

#[test]
fn integrate_2_a_neighbour_outside_the_readers_county_shows_no_id_or_distance() {
    let mut gaoping = site(
        36,
        "另一公司",
        "BUILDING_STONE",
        None,
        Some(north_of_base(200.0)),
    );
    gaoping.county_code = county("140581");
    let mut draft = quarry();
    draft.latitude = Some(35.5);
    draft.longitude = Some(112.8);
    let mut assessment = run_with(draft, &standards(), vec![gaoping], None);
    let full = finding(&assessment, "INTEGRATE-2").clone();
    assert!(
        full.facts
            .iter()
            .any(|f| f.name == "nearestMine" && f.value == "36")
    );

    scope_neighbours(&mut assessment.findings, &outside_zezhou);
    let scoped = finding(&assessment, "INTEGRATE-2");
    let text = format!("{scoped:?}");
    assert!(!text.contains("36") && !text.contains("200"), "{text}");
    assert!(
        scoped.message.contains("高平市的一座矿山"),
        "{}",
        scoped.message
    );
    assert!(
        scoped
            .facts
            .iter()
            .any(|f| f.name == "nearestMineCounty" && f.value == "高平市")
    );
    assert!(scoped.neighbours.is_none());
}

#[test]
fn integrate_1_partners_outside_the_readers_county_are_counted_not_named() {
    let mut far = site(36, "另一公司", "IRON", Some("ORE-1"), None);
    far.county_code = county("140581");
    let near = site(7, "第三公司", "IRON", Some("ORE-1"), None);
    let draft = with(|d| d.ore_body_id = Some("ORE-1".into()));
    let mut assessment = run_with(draft, &standards(), vec![far, near], None);
    scope_neighbours(&mut assessment.findings, &outside_zezhou);
    let scoped = finding(&assessment, "INTEGRATE-1");
    let fact = |name: &str| {
        scoped
            .facts
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.clone())
    };
    assert_eq!(fact("otherMines").as_deref(), Some("7"));
    assert_eq!(fact("otherMinesElsewhere").as_deref(), Some("高平市1座"));
    assert!(
        scoped.message.contains("3个不同开采主体"),
        "{}",
        scoped.message
    );
    assert!(!format!("{scoped:?}").contains("36"));
}

#[test]
fn integrate_1_hidden_partners_are_tallied_per_county_in_order_of_mention() {
    let partner = |id: i64, code: &str| {
        let mut site = site(id, &format!("公司{id}"), "IRON", Some("ORE-9"), None);
        site.county_code = county(code);
        site
    };
    let partners = vec![
        partner(41, "140581"),
        partner(42, "140524"),
        partner(43, "140581"),
    ];
    let draft = with(|d| d.ore_body_id = Some("ORE-9".into()));
    let mut assessment = run_with(draft, &standards(), partners, None);
    let names = |neighbour: &NeighbourRef| match neighbour.county_code.as_str() {
        "140581" => Some("高平市".to_owned()),
        "140524" => Some("陵川县".to_owned()),
        _ => None,
    };
    scope_neighbours(&mut assessment.findings, &names);
    let scoped = finding(&assessment, "INTEGRATE-1");
    let tally = scoped
        .facts
        .iter()
        .find(|f| f.name == "otherMinesElsewhere")
        .map(|f| f.value.clone());
    assert_eq!(tally.as_deref(), Some("高平市2座、陵川县1座"), "{scoped:?}");
}
