//! A block's or a mine's boundary: its corners as given (degrees, or the official zone
//! notation), kept in degrees, checked as a ring in the plane of the zone that holds them,
//! and its area set against the declared 矿区面积.

use super::gauss_kruger::{PlaneError, PlanePoint, Zone, to_degrees, to_plane};
use super::ring::{Ring, RingError, ring};

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
