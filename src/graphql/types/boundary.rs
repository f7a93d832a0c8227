//! `Corner`, `CornerInput` and `BoundaryArea`: a boundary's corners and what its area says
//! against the declared one (docs/spatial.md).

use async_graphql::{InputObject, SimpleObject};

use crate::domain::spatial::boundary::{AreaCheck, GivenCorner};

/// One corner of a boundary, degrees CGCS2000.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct Corner {
    /// Latitude, degrees.
    pub latitude: f64,
    /// Longitude, degrees.
    pub longitude: f64,
}

/// One corner as surveyed: `latitude` and `longitude` in degrees CGCS2000, or the official
/// notation (拐点坐标) — `zone`, `x`, `y` on the CGCS2000 Gauss-Krüger 3° projection, Y with
/// its zone prefix (docs/spatial.md). Either notation whole, not both.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct CornerInput {
    /// Latitude, degrees (with `longitude`).
    pub latitude: Option<f64>,
    /// Longitude, degrees (with `latitude`).
    pub longitude: Option<f64>,
    /// The 3° zone (with `x` and `y`): 37 (111° E) or 38 (114° E) in 晋城.
    pub zone: Option<i32>,
    /// X, the northing, metres.
    pub x: Option<f64>,
    /// Y, the easting with the zone number in front, metres (38 512 345.67).
    pub y: Option<f64>,
}

impl From<CornerInput> for GivenCorner {
    fn from(input: CornerInput) -> Self {
        match input {
            CornerInput {
                latitude: Some(latitude),
                longitude: Some(longitude),
                zone: None,
                x: None,
                y: None,
            } => GivenCorner::Degrees {
                latitude,
                longitude,
            },
            CornerInput {
                latitude: None,
                longitude: None,
                zone: Some(zone),
                x: Some(x),
                y: Some(y),
            } => GivenCorner::Plane {
                zone: zone.into(),
                x,
                y,
            },
            _ => GivenCorner::Incomplete,
        }
    }
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
