//! Boundaries of real shape for tests: squares in 泽州县, surveyed in zone 38's plane.

use super::gauss_kruger::{PlanePoint, Zone, to_degrees};
use super::separation::extent_centre;

/// A square of `side` metres centred `east` metres east of a point in 泽州县 (zone 38's
/// plane), corners in degrees.
pub fn square(east: f64, side: f64) -> Vec<(f64, f64)> {
    let (x, y) = (3_930_000.0, 38_390_000.0 + east);
    let half = side / 2.0;
    let corners =
        [(-half, -half), (-half, half), (half, half), (half, -half)].map(|(dx, dy)| PlanePoint {
            x: x + dx,
            y: y + dy,
        });
    to_degrees(Zone::new(38).expect("a corner of zone 38"), &corners).expect("a corner of zone 38")
}

/// The centre of [`square`]`(east, …)`.
pub fn centre(east: f64) -> (f64, f64) {
    extent_centre(&square(east, 2.0)).expect("a corner of zone 38")
}
