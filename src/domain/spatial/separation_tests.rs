//! INTEGRATE-2's distance between mines (docs/rules.md, "Distance between mines").

use super::*;
use crate::domain::spatial::fixtures::{centre, square};

/// INTEGRATE-2: two quarries whose centres lie 500 m apart but whose boundaries lie 250 m
/// apart are 250 m apart; their positions alone would say 500 m.
#[test]
fn boundaries_are_measured_edge_to_edge_not_centre_to_centre() {
    let (west, east) = (square(0.0, 250.0), square(500.0, 250.0));
    let by_boundary = separation(Footprint::Boundary(&west), Footprint::Boundary(&east)).unwrap();
    assert_eq!(by_boundary.measure, Measure::Boundaries);
    assert!(
        (by_boundary.distance_m - 250.0).abs() < 0.01,
        "{by_boundary:?}"
    );
    assert!(!by_boundary.overlapping);
    let by_position = separation(
        Footprint::Position(centre(0.0)),
        Footprint::Position(centre(500.0)),
    )
    .unwrap();
    assert_eq!(by_position.measure, Measure::Positions);
    // The sphere and the zone's plane differ by well under 0.5% here.
    assert!(
        (by_position.distance_m - 500.0).abs() < 2.5,
        "{by_position:?}"
    );
}

/// INTEGRATE-2: a mine without a boundary is measured from its position to the other's
/// boundary, whichever of the two is asked first, and the measure says so.
#[test]
fn a_boundary_and_a_position_are_measured_the_same_both_ways() {
    let west = square(0.0, 250.0);
    let position = centre(500.0);
    let there = separation(Footprint::Boundary(&west), Footprint::Position(position)).unwrap();
    let back = separation(Footprint::Position(position), Footprint::Boundary(&west)).unwrap();
    assert_eq!(there.measure, Measure::BoundaryAndPosition);
    assert_eq!(back.measure, Measure::BoundaryAndPosition);
    assert!((there.distance_m - 375.0).abs() < 0.01, "{there:?}");
    assert!((there.distance_m - back.distance_m).abs() < 1e-6);
}

/// INTEGRATE-1's hint: boundaries whose interiors meet overlap; boundaries sharing only an
/// edge meet (distance 0) without overlapping; a position inside a boundary is 0 away.
#[test]
fn overlapping_touching_and_inside() {
    let west = square(0.0, 250.0);
    let overlapping = separation(
        Footprint::Boundary(&west),
        Footprint::Boundary(&square(200.0, 250.0)),
    )
    .unwrap();
    assert_eq!(overlapping.distance_m, 0.0);
    assert!(overlapping.overlapping);
    let touching = separation(
        Footprint::Boundary(&west),
        Footprint::Boundary(&square(250.0, 250.0)),
    )
    .unwrap();
    assert!(touching.distance_m < 0.01, "{touching:?}");
    assert!(!touching.overlapping);
    let inside = separation(Footprint::Boundary(&west), Footprint::Position(centre(0.0))).unwrap();
    assert_eq!(inside.distance_m, 0.0);
    assert!(!inside.overlapping);
}

/// A boundary across zones 37 and 38 is measured in one plane whichever mine is first.
#[test]
fn the_plane_is_chosen_by_the_pair_not_by_the_first() {
    let a = [(35.5, 112.49), (35.5, 112.495), (35.505, 112.495)];
    let b = [(35.5, 112.505), (35.5, 112.51), (35.505, 112.51)];
    let ab = separation(Footprint::Boundary(&a), Footprint::Boundary(&b)).unwrap();
    let ba = separation(Footprint::Boundary(&b), Footprint::Boundary(&a)).unwrap();
    assert!(
        (ab.distance_m - ba.distance_m).abs() < 1e-6,
        "{ab:?} {ba:?}"
    );
    assert!(ab.distance_m > 800.0 && ab.distance_m < 1_000.0, "{ab:?}");
}

/// The reach of a 250 m square from its centre is half its diagonal.
#[test]
fn reach_is_the_farthest_corner() {
    let corners = square(0.0, 250.0);
    let reach = reach_m(centre(0.0), &corners);
    assert!((reach - 125.0 * 2.0_f64.sqrt()).abs() < 0.5, "{reach}");
    assert_eq!(reach_m(centre(0.0), &[]), 0.0);
}

#[test]
fn the_extent_centre_halves_the_extent() {
    assert_eq!(
        extent_centre(&[(35.0, 112.0), (35.2, 112.0), (35.2, 112.4), (35.1, 112.1)]),
        Some((35.1, 112.2))
    );
    assert_eq!(extent_centre(&[]), None);
}
