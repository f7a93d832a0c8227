//! A boundary as a simple ring in a zone's plane: at least three distinct corners and no
//! edge that crosses or touches another, so that its area means something and an overlap
//! with another polygon can be measured. A closing corner that repeats the first, and a
//! corner repeated at once, are dropped, as surveyors write them.

use geo::{Area, Coord, LineString, Polygon};

use super::gauss_kruger::PlanePoint;

/// Why corners do not make a ring; indexes are those of the corners as given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RingError {
    #[error("拐点须至少有3个不同的点")]
    TooFewDistinct,
    #[error("边界有{edges}条边，逐一核对相交所需的比较超出上限，请简化后再提交")]
    TooComplex { edges: usize },
    #[error("边（拐点{}—{}）与边（拐点{}—{}）相交或相接，边界自相交", .edge.0 + 1, .edge.1 + 1, .crosses.0 + 1, .crosses.1 + 1)]
    SelfIntersection {
        /// The later edge's corners.
        edge: (usize, usize),
        /// The earlier edge it meets.
        crosses: (usize, usize),
    },
}

impl RingError {
    /// The corner the refusal names (the first corner of the offending edge).
    pub fn corner(&self) -> Option<usize> {
        match self {
            Self::TooFewDistinct | Self::TooComplex { .. } => None,
            Self::SelfIntersection { edge, .. } => Some(edge.0),
        }
    }
}

/// A checked boundary: corners in plane metres, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring {
    polygon: Polygon<f64>,
}

impl Ring {
    /// The enclosed area, square metres.
    pub fn area_m2(&self) -> f64 {
        self.polygon.unsigned_area()
    }

    /// The ring as a polygon (X northing, Y easting as geo's x, y = east, north).
    pub fn polygon(&self) -> &Polygon<f64> {
        &self.polygon
    }
}

/// Checks `points` as a ring.
pub fn ring(points: &[PlanePoint]) -> Result<Ring, RingError> {
    // Corners kept, with the index each had as given.
    let mut kept: Vec<(usize, PlanePoint)> = Vec::with_capacity(points.len());
    for (i, &point) in points.iter().enumerate() {
        if kept.last().is_none_or(|&(_, last)| last != point) {
            kept.push((i, point));
        }
    }
    while kept.len() > 1 && kept.first().map(|k| k.1) == kept.last().map(|k| k.1) {
        kept.pop();
    }
    if kept.len() < 3 {
        return Err(RingError::TooFewDistinct);
    }
    // Local coordinates (east, north) from the first corner: differences of small numbers
    // keep the orientation tests exact enough at 38,000 km of prefixed easting.
    let origin = kept[0].1;
    let local: Vec<Coord<f64>> = kept
        .iter()
        .map(|&(_, p)| Coord {
            x: p.y - origin.y,
            y: p.x - origin.x,
        })
        .collect();
    if let Some((earlier, later)) = first_meeting(&local)? {
        let n = local.len();
        let named = |k: usize| (kept[k].0, kept[(k + 1) % n].0);
        return Err(RingError::SelfIntersection {
            edge: named(later),
            crosses: named(earlier),
        });
    }
    let mut exterior = local;
    exterior.push(exterior[0]);
    Ok(Ring {
        polygon: Polygon::new(LineString::new(exterior), vec![]),
    })
}

/// Pairs of edges a ring of n edges may compare, per edge: a surveyed boundary or a real
/// map polygon compares a handful per edge; a ring drawn to make every edge overlap every
/// other one is refused instead of costing time quadratic in its size.
const PAIRS_PER_EDGE: usize = 64;

/// The two edges (earlier, later) of the closed ring `local` that meet where they should
/// not, the earliest later edge first (the refusal reads as a walk round the ring). Edges are swept in order of their westmost x, and an edge is compared only
/// with those whose x-extent reaches it; past [`PAIRS_PER_EDGE`] comparisons per edge the
/// ring is refused as [`RingError::TooComplex`].
fn first_meeting(local: &[Coord<f64>]) -> Result<Option<(usize, usize)>, RingError> {
    let n = local.len();
    let edge = |k: usize| (local[k], local[(k + 1) % n]);
    let west = |k: usize| {
        let (a, b) = edge(k);
        a.x.min(b.x)
    };
    let east = |k: usize| {
        let (a, b) = edge(k);
        a.x.max(b.x)
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| west(a).total_cmp(&west(b)));
    let mut budget = PAIRS_PER_EDGE.saturating_mul(n);
    let mut found: Option<(usize, usize)> = None;
    for (at, &one) in order.iter().enumerate() {
        for &other in &order[at + 1..] {
            if west(other) > east(one) + TOUCHING_M {
                break;
            }
            budget = budget
                .checked_sub(1)
                .ok_or(RingError::TooComplex { edges: n })?;
            let (i, j) = (one.min(other), one.max(other));
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            let ((a, b), (c, d)) = (edge(i), edge(j));
            let meets = if adjacent {
                folds_back(a, b, c, d)
            } else {
                segments_meet(a, b, c, d)
            };
            if meets && found.is_none_or(|(fi, fj)| (j, i) < (fj, fi)) {
                found = Some((i, j));
            }
        }
    }
    Ok(found)
}

/// How close, metres, two parts of a ring may come before they count as touching: far
/// below what a survey measures, far above the round-off of a projection's round trip.
pub const TOUCHING_M: f64 = 0.001;

/// Twice the signed area of the triangle (a, b, c): positive when c is left of a→b.
fn orientation(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// The distance from `p` to the segment a–b, metres.
fn distance_to_segment(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - a.x - t * dx).hypot(p.y - a.y - t * dy)
}

/// Whether segments a–b and c–d cross, or one's end comes within [`TOUCHING_M`] of the other.
fn segments_meet(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let crosses = orientation(a, b, c) * orientation(a, b, d) < 0.0
        && orientation(c, d, a) * orientation(c, d, b) < 0.0;
    crosses
        || distance_to_segment(a, b, c) <= TOUCHING_M
        || distance_to_segment(a, b, d) <= TOUCHING_M
        || distance_to_segment(c, d, a) <= TOUCHING_M
        || distance_to_segment(c, d, b) <= TOUCHING_M
}

/// Whether two edges sharing a corner run back over each other (a spike): the far end of
/// one lies on the other, within [`TOUCHING_M`].
fn folds_back(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let (shared, p, q) = if b == c {
        (b, a, d)
    } else if d == a {
        (a, b, c)
    } else {
        return false;
    };
    distance_to_segment(shared, p, q) <= TOUCHING_M
        || distance_to_segment(shared, q, p) <= TOUCHING_M
}
