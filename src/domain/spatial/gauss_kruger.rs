//! The official notation of a corner (拐点坐标): CGCS2000 on the Gauss-Krüger projection in
//! 3° zones, X the northing and Y the easting in metres with the zone number written in
//! front of it (zone 38: Y = 38 512 345.67, that is 12,345.67 m east of the 500 km false
//! easting). Zone n's central meridian is 3n° E; Jincheng straddles zones 37 (111°) and 38
//! (114°). The projection itself is proj4rs's transverse Mercator on GRS80 (docs/spatial.md).

use std::sync::OnceLock;

use proj4rs::Proj;
use proj4rs::adaptors::transform_xy;

/// The zones that cover China (75° E to 135° E).
pub const ZONES: (u8, u8) = (25, 45);

/// How far outside its own 3° band a point may still be written in a zone, degrees of
/// longitude: a block near a zone edge is often surveyed in its neighbour's zone.
pub const ZONE_MARGIN_DEGREES: f64 = 0.5;

/// A 3° Gauss-Krüger zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Zone(u8);

/// A point in a zone's plane: X northing, Y easting with the zone prefix, metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanePoint {
    pub x: f64,
    pub y: f64,
}

/// Why a point cannot be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaneError {
    #[error("投影带号须为{}到{}", ZONES.0, ZONES.1)]
    UnknownZone,
    #[error("Y坐标的带号前缀{found}与投影带{zone}不符")]
    ZonePrefix { zone: u8, found: i64 },
    #[error("坐标不在第{zone}带（中央经线{meridian}°）范围内")]
    OutsideZone { zone: u8, meridian: f64 },
    #[error("坐标无法换算：{0}")]
    Projection(String),
    #[error("须给出纬度与经度，或投影带号与X、Y坐标（二者择一）")]
    Incomplete,
}

impl Zone {
    /// Zone `number`, if it covers part of China.
    pub fn new(number: i64) -> Result<Self, PlaneError> {
        u8::try_from(number)
            .ok()
            .filter(|n| (ZONES.0..=ZONES.1).contains(n))
            .map(Self)
            .ok_or(PlaneError::UnknownZone)
    }

    /// The zone whose band holds `longitude` (degrees east).
    pub fn containing(longitude: f64) -> Result<Self, PlaneError> {
        let number = (longitude / 3.0).round();
        if !number.is_finite() {
            return Err(PlaneError::UnknownZone);
        }
        Self::new(number as i64)
    }

    /// The zone number as written in front of Y.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The central meridian, degrees east.
    pub fn meridian(self) -> f64 {
        3.0 * f64::from(self.0)
    }

    /// The zone's false easting, metres: 500 km plus the zone number in the millions.
    fn false_easting(self) -> f64 {
        f64::from(self.0) * 1_000_000.0 + 500_000.0
    }

    fn projection(self) -> Result<Proj, PlaneError> {
        Proj::from_proj_string(&format!(
            "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={} +y_0=0 +ellps=GRS80 +units=m +no_defs",
            self.meridian(),
            self.false_easting()
        ))
        .map_err(|err| PlaneError::Projection(err.to_string()))
    }

    /// Refuses a longitude farther than [`ZONE_MARGIN_DEGREES`] outside this zone's band.
    fn admits(self, longitude: f64) -> Result<(), PlaneError> {
        if (longitude - self.meridian()).abs() <= 1.5 + ZONE_MARGIN_DEGREES {
            Ok(())
        } else {
            Err(PlaneError::OutsideZone {
                zone: self.0,
                meridian: self.meridian(),
            })
        }
    }
}

/// A zone's plane and the geographic coordinates on the same ellipsoid, built once for many
/// points: a screening projects every feature near a block into the block's plane.
pub struct Projector {
    zone: Zone,
    plane: Proj,
    geographic: Proj,
}

impl Projector {
    /// The projections of `zone`.
    pub fn new(zone: Zone) -> Result<Self, PlaneError> {
        let geographic = Proj::from_proj_string("+proj=longlat +ellps=GRS80 +no_defs")
            .map_err(|err| PlaneError::Projection(err.to_string()))?;
        Ok(Self {
            zone,
            plane: zone.projection()?,
            geographic,
        })
    }

    /// The zone projected into.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Projects (latitude, longitude) degrees into the zone's plane without asking whether
    /// the point lies within the zone's reach: a reference feature near a block may run far
    /// beyond it, and only its part near the block is measured.
    pub fn plane(&self, latitude: f64, longitude: f64) -> Result<PlanePoint, PlaneError> {
        let (y, x) = transform_xy(
            &self.geographic,
            &self.plane,
            longitude.to_radians(),
            latitude.to_radians(),
        )
        .map_err(|err| PlaneError::Projection(err.to_string()))?;
        if x.is_finite() && y.is_finite() {
            Ok(PlanePoint { x, y })
        } else {
            Err(PlaneError::Projection("结果不是有限数".into()))
        }
    }
}

/// The projector of `zone`, built once per process: a city's neighbour pairs and a layer's
/// hundred thousand features fall in two or three zones, and building one parses its
/// projection anew.
pub fn projector(zone: Zone) -> Result<&'static Projector, PlaneError> {
    const COUNT: usize = (ZONES.1 - ZONES.0 + 1) as usize;
    static BUILT: [OnceLock<Result<Projector, PlaneError>>; COUNT] =
        [const { OnceLock::new() }; COUNT];
    let slot = &BUILT[usize::from(zone.number() - ZONES.0)];
    slot.get_or_init(|| Projector::new(zone))
        .as_ref()
        .map_err(Clone::clone)
}

/// [`projector`], its failure charged to the first point.
fn projections(zone: Zone) -> Result<&'static Projector, (usize, PlaneError)> {
    projector(zone).map_err(|err| (0, err))
}

/// Converts `points` of `zone` to (latitude, longitude) degrees, refusing a Y whose prefix
/// is not the zone and a point outside the zone.
pub fn to_degrees(
    zone: Zone,
    points: &[PlanePoint],
) -> Result<Vec<(f64, f64)>, (usize, PlaneError)> {
    let projector = projections(zone)?;
    points
        .iter()
        .enumerate()
        .map(|(i, point)| {
            let found = (point.y / 1_000_000.0).floor();
            if found != f64::from(zone.0) {
                return Err((
                    i,
                    PlaneError::ZonePrefix {
                        zone: zone.0,
                        found: found as i64,
                    },
                ));
            }
            let (lon, lat) =
                transform_xy(&projector.plane, &projector.geographic, point.y, point.x)
                    .map_err(|err| (i, PlaneError::Projection(err.to_string())))?;
            let (lat, lon) = (lat.to_degrees(), lon.to_degrees());
            if !(lat.is_finite() && lon.is_finite()) {
                return Err((
                    i,
                    PlaneError::OutsideZone {
                        zone: zone.0,
                        meridian: zone.meridian(),
                    },
                ));
            }
            zone.admits(lon).map_err(|err| (i, err))?;
            Ok((lat, lon))
        })
        .collect()
}

/// Projects (latitude, longitude) degrees into `zone`'s plane.
pub fn to_plane(zone: Zone, points: &[(f64, f64)]) -> Result<Vec<PlanePoint>, (usize, PlaneError)> {
    let projector = projections(zone)?;
    points
        .iter()
        .enumerate()
        .map(|(i, &(lat, lon))| {
            zone.admits(lon).map_err(|err| (i, err))?;
            projector.plane(lat, lon).map_err(|err| (i, err))
        })
        .collect()
}
