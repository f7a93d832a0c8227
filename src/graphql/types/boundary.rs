//! `Corner`, `CornerInput` and `BoundaryArea`: a boundary's corners and what its area says
//! against the declared one (docs/spatial.md).

use async_graphql::{InputObject, SimpleObject};

use crate::domain::spatial::boundary::AreaCheck;

/// One corner of a boundary, degrees CGCS2000.
#[derive(SimpleObject, InputObject, Debug, Clone, Copy)]
#[graphql(input_name = "CornerInput")]
pub struct Corner {
    /// Latitude, degrees.
    pub latitude: f64,
    /// Longitude, degrees.
    pub longitude: f64,
}

/// The area a boundary encloses, set against the declared 矿区面积: a difference beyond the
/// tolerance is a warning to settle before the survey, not a refusal.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct BoundaryArea {
    /// The area the corners enclose, km², measured in their Gauss-Krüger zone's plane.
    pub computed_km2: f64,
    /// The declared 矿区面积, km².
    pub declared_km2: f64,
    /// Whether the two agree within 1% of the declared area (at least 0.0001 km²).
    pub agrees: bool,
    /// The 3° Gauss-Krüger zone the boundary was measured in (37: 111° E, 38: 114° E).
    pub zone: i32,
}

impl From<(AreaCheck, u8)> for BoundaryArea {
    fn from((check, zone): (AreaCheck, u8)) -> Self {
        Self {
            computed_km2: check.computed_km2,
            declared_km2: check.declared_km2,
            agrees: check.agrees,
            zone: i32::from(zone),
        }
    }
}
