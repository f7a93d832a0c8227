//! Table tests of the boundary rules that NEW-4's survey relies on (docs/spatial.md).

use super::boundary::{AreaCheck, BoundaryError, GivenCorner, area_check, boundary};
use super::gauss_kruger::{PlaneError, PlanePoint, Zone, to_degrees, to_plane};
use super::ring::RingError;

/// Metres between two (latitude, longitude) points a few metres apart.
fn metres_apart(a: (f64, f64), b: (f64, f64)) -> f64 {
    let north = (a.0 - b.0).to_radians() * 6_371_000.0;
    let east = (a.1 - b.1).to_radians() * 6_371_000.0 * a.0.to_radians().cos();
    north.hypot(east)
}

/// Corners in zone 38 notation, `offsets` (east, north) metres from a point near 晋城.
fn zone_38(offsets: &[(f64, f64)]) -> Vec<GivenCorner> {
    offsets
        .iter()
        .map(|&(east, north)| GivenCorner::Plane {
            zone: 38,
            x: 3_930_000.0 + north,
            y: 38_520_000.0 + east,
        })
        .collect()
}

#[test]
fn new_4_a_point_on_the_central_meridian_lies_on_the_false_easting_at_its_meridian_arc() {
    // GRS80 meridian arcs from the equator, integrated numerically (docs/spatial.md).
    for (latitude, arc) in [(35.5, 3_930_065.482_6), (45.0, 4_984_944.377_9)] {
        let zone = Zone::new(38).expect("zone 38");
        let point = to_plane(zone, &[(latitude, 114.0)]).expect("projects")[0];
        assert!(
            (point.y - 38_500_000.0).abs() < 0.001,
            "{latitude}: {point:?}"
        );
        assert!((point.x - arc).abs() < 0.001, "{latitude}: {point:?}");
    }
}

#[test]
fn new_4_a_block_at_the_zone_edge_agrees_in_zone_37_and_zone_38_notation_within_1_cm() {
    // A block of zone 38 just east of the 112.5° edge, surveyed in either zone.
    let degrees = [
        (35.60, 112.52),
        (35.60, 112.53),
        (35.61, 112.53),
        (35.61, 112.52),
    ];
    let mut answers = Vec::new();
    for number in [37, 38] {
        let zone = Zone::new(number).expect("zone");
        let plane = to_plane(zone, &degrees).expect("within the zone's margin");
        let given: Vec<GivenCorner> = plane
            .iter()
            .map(|p| GivenCorner::Plane {
                zone: number,
                x: p.x,
                y: p.y,
            })
            .collect();
        answers.push(boundary(&given).expect("a ring"));
    }
    let (in_37, in_38) = (&answers[0], &answers[1]);
    for ((a, b), given) in in_37.degrees.iter().zip(&in_38.degrees).zip(degrees) {
        assert!(metres_apart(*a, *b) < 0.01, "{a:?} against {b:?}");
        assert!(metres_apart(*a, given) < 0.01, "{a:?} against {given:?}");
    }
    assert_eq!(
        in_37.zone,
        Zone::new(38).expect("zone"),
        "measured where it lies"
    );
    assert_eq!(in_37.zone.number(), 38);
    assert_eq!(Zone::containing(111.6).map(Zone::number), Ok(37));
    assert!((in_37.area_km2() - in_38.area_km2()).abs() < 1e-9);
}

#[test]
fn new_4_a_plane_point_is_refused_with_its_index_when_its_zone_does_not_fit() {
    let cases: [(i64, f64, Option<usize>, PlaneError); 3] = [
        (
            37,
            38_520_000.0,
            Some(1),
            PlaneError::ZonePrefix {
                zone: 37,
                found: 38,
            },
        ),
        (
            38,
            38_750_000.0,
            Some(1),
            PlaneError::OutsideZone {
                zone: 38,
                meridian: 114.0,
            },
        ),
        (60, 60_500_000.0, Some(1), PlaneError::UnknownZone),
    ];
    for (zone, y, corner, problem) in cases {
        let mut corners = zone_38(&[(0.0, 0.0), (0.0, 0.0), (500.0, 500.0)]);
        corners[1] = GivenCorner::Plane {
            zone,
            x: 3_930_000.0,
            y,
        };
        assert_eq!(
            boundary(&corners).map(|b| b.degrees),
            Err((corner, BoundaryError::Plane(problem.clone()))),
            "{zone} {y}"
        );
    }
}

#[test]
fn new_4_degrees_outside_the_zone_margin_do_not_project() {
    let zone = Zone::new(38).expect("zone");
    assert!(
        to_plane(zone, &[(35.6, 112.1)]).is_ok(),
        "0.4° beyond the edge"
    );
    assert_eq!(
        to_plane(zone, &[(35.6, 113.0), (35.6, 111.9)]),
        Err((
            1,
            PlaneError::OutsideZone {
                zone: 38,
                meridian: 114.0
            }
        ))
    );
    let back = to_degrees(
        zone,
        &[PlanePoint {
            x: 3_930_000.0,
            y: 38_400_000.0,
        }],
    );
    assert!(back.is_ok(), "{back:?}");
}

/// A named ring of offsets and the refusal it must get.
type Case = (&'static str, Vec<(f64, f64)>, RingError);

#[test]
fn new_4_rings_that_cross_fold_or_pinch_are_refused_naming_the_edge() {
    let square = [(0.0, 0.0), (500.0, 0.0), (500.0, 500.0), (0.0, 500.0)];
    let cases: [Case; 4] = [
        (
            "bow-tie",
            vec![square[0], square[2], square[1], square[3]],
            RingError::SelfIntersection {
                edge: (2, 3),
                crosses: (0, 1),
            },
        ),
        (
            "spike",
            vec![(0.0, 0.0), (500.0, 0.0), (250.0, 0.0), (250.0, 400.0)],
            RingError::SelfIntersection {
                edge: (1, 2),
                crosses: (0, 1),
            },
        ),
        (
            "pinched at a corner",
            vec![
                (0.0, 0.0),
                (200.0, 200.0),
                (400.0, 0.0),
                (400.0, 400.0),
                (200.0, 200.0),
                (0.0, 400.0),
            ],
            RingError::SelfIntersection {
                edge: (3, 4),
                crosses: (0, 1),
            },
        ),
        (
            "two distinct corners",
            vec![(0.0, 0.0), (0.0, 0.0), (500.0, 0.0), (0.0, 0.0)],
            RingError::TooFewDistinct,
        ),
    ];
    for (name, offsets, problem) in cases {
        let corner = problem.corner();
        assert_eq!(
            boundary(&zone_38(&offsets)).map(|b| b.degrees),
            Err((corner, BoundaryError::Ring(problem))),
            "{name}"
        );
    }
}

#[test]
fn new_4_a_ring_touching_a_polygon_at_one_point_is_not_refused_for_it_nor_is_a_closing_corner() {
    let closed = zone_38(&[
        (0.0, 0.0),
        (500.0, 0.0),
        (500.0, 500.0),
        (0.0, 500.0),
        (0.0, 0.0),
    ]);
    let open = &closed[..4];
    let (closed, open) = (boundary(&closed), boundary(open));
    assert!(closed.is_ok() && open.is_ok(), "{closed:?} {open:?}");
    let (closed, open) = (closed.expect("ring"), open.expect("ring"));
    assert!((closed.area_km2() - open.area_km2()).abs() < 1e-12);
    // A concave ring whose corner lies on no other edge.
    let notch = zone_38(&[
        (0.0, 0.0),
        (500.0, 0.0),
        (250.0, 250.0),
        (500.0, 500.0),
        (0.0, 500.0),
    ]);
    assert!(boundary(&notch).is_ok());
}

#[test]
fn new_4_the_computed_area_is_set_against_the_declared_one_within_the_tolerance() {
    // 1 km by 1 km in the plane, on the central meridian's side of zone 38.
    let square = boundary(&zone_38(&[
        (0.0, 0.0),
        (1_000.0, 0.0),
        (1_000.0, 1_000.0),
        (0.0, 1_000.0),
    ]))
    .expect("a ring");
    assert!(
        (square.area_km2() - 1.0).abs() < 1e-9,
        "{}",
        square.area_km2()
    );
    let tiny = boundary(&zone_38(&[
        (0.0, 0.0),
        (15.0, 0.0),
        (15.0, 10.0),
        (0.0, 10.0),
    ]))
    .expect("a ring");
    let cases = [
        (&square, 1.0, true),
        (&square, 1.009, true),
        (&square, 1.02, false),
        (&square, 0.98, false),
        (&tiny, 0.0001, true),
        (&tiny, 0.0003, false),
    ];
    for (ring, declared, agrees) in cases {
        let check = area_check(ring, declared);
        assert_eq!(
            check,
            AreaCheck {
                computed_km2: ring.area_km2(),
                declared_km2: declared,
                agrees
            },
            "{declared}"
        );
    }
}
