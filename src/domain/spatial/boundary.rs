//! A block's or a mine's boundary: its corners as given (degrees, or the official zone
//! notation), kept in degrees, checked as a ring in the plane of the zone that holds them,
//! and its area set against the declared 矿区面积.

use super::gauss_kruger::{PlaneError, PlanePoint, Zone, to_degrees, to_plane};
use super::ring::{Ring, RingError, ring};
use crate::domain::validation::{ValidationError, within};

/// Latitude in degrees: mainland China and its islands (CGCS2000).
pub const LATITUDE: (f64, f64) = (3.0, 54.0);
/// Longitude in degrees: mainland China and its islands (CGCS2000).
pub const LONGITUDE: (f64, f64) = (73.0, 136.0);
/// Corner points of a boundary, least and most: a ring needs three, and two hundred
/// bounds the work one boundary may ask of the ring check and the screen.
pub const CORNERS: (usize, usize) = (3, 200);

/// How far the computed area may differ from the declared one before the difference is
/// shown as a warning: 1% of the declared area, and never less than 0.0001 km² (100 m²,
/// the precision a 矿区面积 is written to).
pub const AREA_TOLERANCE: (f64, f64) = (0.01, 0.0001);

/// One corner as given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GivenCorner {
    /// Latitude and longitude, degrees CGCS2000.
    Degrees { latitude: f64, longitude: f64 },
    /// The official notation: zone, X northing and Y easting with the zone prefix, metres.
    Plane { zone: i64, x: f64, y: f64 },
    /// Neither notation given whole (a latitude without a longitude, degrees and a zone):
    /// refused by the form's check before the ring is looked at.
    Incomplete,
}

/// Why corners are refused ([`boundary`] pairs it with the index of the corner named).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoundaryError {
    #[error("{0}")]
    Plane(PlaneError),
    #[error("{0}")]
    Ring(RingError),
}

/// A checked boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Corners in degrees (latitude, longitude), in the order given: the stored form.
    pub degrees: Vec<(f64, f64)>,
    /// The zone whose plane the ring was checked and measured in.
    pub zone: Zone,
    ring: Ring,
}

impl Boundary {
    /// The enclosed area, km².
    pub fn area_km2(&self) -> f64 {
        self.ring.area_m2() / 1_000_000.0
    }

    /// The ring in its zone's plane.
    pub fn ring(&self) -> &Ring {
        &self.ring
    }
}

/// Converts, projects and checks `corners`; an error names the corner it is about.
pub fn boundary(corners: &[GivenCorner]) -> Result<Boundary, (Option<usize>, BoundaryError)> {
    let mut degrees = Vec::with_capacity(corners.len());
    for (i, corner) in corners.iter().enumerate() {
        degrees.push(match *corner {
            GivenCorner::Degrees {
                latitude,
                longitude,
            } => (latitude, longitude),
            GivenCorner::Incomplete => {
                return Err((Some(i), BoundaryError::Plane(PlaneError::Incomplete)));
            }
            GivenCorner::Plane { zone, x, y } => {
                let zone = Zone::new(zone).map_err(|err| (Some(i), BoundaryError::Plane(err)))?;
                to_degrees(zone, &[PlanePoint { x, y }])
                    .map_err(|(_, err)| (Some(i), BoundaryError::Plane(err)))?[0]
            }
        });
    }
    let mean_longitude =
        degrees.iter().map(|&(_, lon)| lon).sum::<f64>() / degrees.len().max(1) as f64;
    let zone = Zone::containing(mean_longitude).map_err(|err| (None, BoundaryError::Plane(err)))?;
    let plane =
        to_plane(zone, &degrees).map_err(|(i, err)| (Some(i), BoundaryError::Plane(err)))?;
    let ring = ring(&plane).map_err(|err| (err.corner(), BoundaryError::Ring(err)))?;
    Ok(Boundary {
        degrees,
        zone,
        ring,
    })
}

/// A boundary as an input gives it (a block's or a mine's `corners`): none at all, or a
/// simple ring of [`CORNERS`] corners inside China's bounds within one zone's reach; returns
/// the corners in degrees, the stored form. A refusal names the corner (`corners[2]`).
pub fn checked_corners(corners: &[GivenCorner]) -> Result<Vec<(f64, f64)>, ValidationError> {
    let (least, most) = CORNERS;
    if corners.is_empty() {
        return Ok(Vec::new());
    }
    if !(least..=most).contains(&corners.len()) {
        return Err(ValidationError::new(
            "corners",
            format!("拐点坐标须为{least}到{most}个"),
        ));
    }
    for (i, corner) in corners.iter().enumerate() {
        let field = format!("corners[{i}]");
        match *corner {
            GivenCorner::Degrees {
                latitude,
                longitude,
            } => {
                within(latitude, LATITUDE, &field, "纬度（度）")?;
                within(longitude, LONGITUDE, &field, "经度（度）")?;
            }
            GivenCorner::Plane { x, y, .. } => {
                for (value, label) in [(x, "X坐标（米）"), (y, "Y坐标（米）")] {
                    if !value.is_finite() {
                        return Err(ValidationError::new(&field, format!("{label}须为有限数")));
                    }
                }
            }
            // Refused by the boundary check below, which names the corner.
            GivenCorner::Incomplete => {}
        }
    }
    let checked = boundary(corners).map_err(|(corner, problem)| {
        let field = corner.map_or_else(|| "corners".to_owned(), |i| format!("corners[{i}]"));
        ValidationError::new(&field, format!("拐点坐标：{problem}"))
    })?;
    Ok(checked.degrees)
}

/// The stored corners (degrees) as given corners, to be checked again or measured.
pub fn given_degrees(corners: &[(f64, f64)]) -> Vec<GivenCorner> {
    corners
        .iter()
        .map(|&(latitude, longitude)| GivenCorner::Degrees {
            latitude,
            longitude,
        })
        .collect()
}

/// Corners (latitude, longitude) as a block's or a mine's `corners` column keeps them: a
/// JSON array of `[latitude, longitude]`, which both databases store as text.
pub fn stored_corners(corners: &[(f64, f64)]) -> String {
    serde_json::Value::from(
        corners
            .iter()
            .map(|&(lat, lon)| vec![lat, lon])
            .collect::<Vec<_>>(),
    )
    .to_string()
}

/// The computed area set against the declared one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaCheck {
    pub computed_km2: f64,
    pub declared_km2: f64,
    /// Whether they agree within [`AREA_TOLERANCE`].
    pub agrees: bool,
}

/// Sets `boundary`'s area against `declared_km2`.
pub fn area_check(boundary: &Boundary, declared_km2: f64) -> AreaCheck {
    let computed_km2 = boundary.area_km2();
    let (share, floor) = AREA_TOLERANCE;
    let allowed = (declared_km2.abs() * share).max(floor);
    AreaCheck {
        computed_km2,
        declared_km2,
        agrees: (computed_km2 - declared_km2).abs() <= allowed,
    }
}
