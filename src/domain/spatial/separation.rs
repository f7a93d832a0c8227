//! How far apart two mines are, for INTEGRATE-2 (docs/rules.md, "Distance between mines"):
//! the rule measures the least distance between licensed boundaries (矿界); where a mine
//! has no boundary recorded its position stands for it, and the result says which measure
//! was used. Boundaries are measured in the Gauss-Krüger plane of the zone holding the pair
//! (the plane the corners are surveyed in); two positions on the sphere, as before.

use geo::{Coord, Distance, Euclidean, Geometry, Intersects, LineString, Point, Polygon, Relate};

use super::gauss_kruger::{Zone, projector};
use crate::domain::codes::coded_enum;

/// Mean Earth radius in metres (CGCS2000 and WGS 84 differ far below a metre here).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// What a mine occupies, as far as the registry knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Footprint<'a> {
    /// Its licensed boundary, corners (latitude, longitude) in degrees: a checked ring.
    Boundary(&'a [(f64, f64)]),
    /// Only its position (latitude, longitude), degrees.
    Position((f64, f64)),
}

impl Footprint<'_> {
    /// A point of the footprint: the first corner, or the position.
    fn anchor(&self) -> (f64, f64) {
        match self {
            Footprint::Boundary(corners) => corners.first().copied().unwrap_or((0.0, 0.0)),
            Footprint::Position(position) => *position,
        }
    }
}

coded_enum!(
    /// Which measure a distance between two mines was taken with.
    Measure {
        /// Both licensed boundaries: the least distance between them (39号令 art. 12).
        Boundaries => "BOUNDARIES",
        /// One boundary and the other mine's position, which lacks a boundary.
        BoundaryAndPosition => "BOUNDARY_AND_POSITION",
        /// Two positions: neither mine has a boundary recorded.
        Positions => "POSITIONS",
    }
);

impl Measure {
    /// How a finding words it.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Boundaries => "矿界之间最小距离",
            Measure::BoundaryAndPosition => "矿界与相邻矿山坐标点之间最小距离（一方未登记矿界）",
            Measure::Positions => "坐标点之间距离（双方均未登记矿界）",
        }
    }
}

/// Two mines' distance and how it was measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Separation {
    /// Metres; 0 where the footprints meet.
    pub distance_m: f64,
    /// The measure used.
    pub measure: Measure,
    /// Whether two boundaries' interiors meet (licences overlapping, a shared ore body
    /// likely: INTEGRATE-1's hint).
    pub overlapping: bool,
}

/// Great-circle distance in metres between two (latitude, longitude) points.
pub fn great_circle_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// The distance between `a` and `b` and the measure used; symmetric in its arguments (the
/// plane is that of the zone holding the pair's mean longitude). `None` when a point cannot
/// be projected (outside every zone of China).
pub fn separation(a: Footprint<'_>, b: Footprint<'_>) -> Option<Separation> {
    let measure = match (&a, &b) {
        (Footprint::Position(p), Footprint::Position(q)) => {
            return Some(Separation {
                distance_m: great_circle_m(*p, *q),
                measure: Measure::Positions,
                overlapping: false,
            });
        }
        (Footprint::Boundary(_), Footprint::Boundary(_)) => Measure::Boundaries,
        _ => Measure::BoundaryAndPosition,
    };
    let zone = Zone::containing((a.anchor().1 + b.anchor().1) / 2.0).ok()?;
    let projector = projector(zone).ok()?;
    let origin = projector.plane(a.anchor().0, a.anchor().1).ok()?;
    let local = |(lat, lon): (f64, f64)| -> Option<Coord<f64>> {
        let point = projector.plane(lat, lon).ok()?;
        Some(Coord {
            x: point.y - origin.y,
            y: point.x - origin.x,
        })
    };
    let shape = |footprint: Footprint<'_>| -> Option<Geometry<f64>> {
        Some(match footprint {
            Footprint::Boundary(corners) => Geometry::Polygon(Polygon::new(
                corners
                    .iter()
                    .map(|&corner| local(corner))
                    .collect::<Option<LineString<f64>>>()?,
                vec![],
            )),
            Footprint::Position(position) => Geometry::Point(Point(local(position)?)),
        })
    };
    let (ours, theirs) = (shape(a)?, shape(b)?);
    let meet = ours.intersects(&theirs);
    let overlapping = meet && measure == Measure::Boundaries && {
        let matrix = ours.relate(&theirs);
        !matrix.is_touches()
    };
    let distance_m = if meet {
        0.0
    } else {
        Euclidean.distance(&ours, &theirs)
    };
    distance_m.is_finite().then_some(Separation {
        distance_m,
        measure,
        overlapping,
    })
}

/// How far a boundary reaches from `position`: the greatest distance to any of its corners,
/// metres (0 without corners). A neighbour search around positions widens by the reach of
/// both mines, so that two boundaries closer than the rule's distance are never missed.
pub fn reach_m(position: (f64, f64), corners: &[(f64, f64)]) -> f64 {
    corners
        .iter()
        .map(|&corner| great_circle_m(position, corner))
        .fold(0.0, f64::max)
}

/// The centre of the corners' extent, (latitude, longitude): a boundary given without a
/// position is found from here.
pub fn extent_centre(corners: &[(f64, f64)]) -> Option<(f64, f64)> {
    let first = corners.first()?;
    let (mut south, mut west, mut north, mut east) = (first.0, first.1, first.0, first.1);
    for &(lat, lon) in corners {
        south = south.min(lat);
        north = north.max(lat);
        west = west.min(lon);
        east = east.max(lon);
    }
    Some(((south + north) / 2.0, (west + east) / 2.0))
}

#[cfg(test)]
#[path = "separation_tests.rs"]
mod tests;
