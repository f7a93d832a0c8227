//! Screening a block against the reference layers before the survey (NEW-4, docs/spatial.md):
//! every feature the block overlaps, and every feature within its layer's buffer, measured in
//! the block's own zone plane.

use geo::{
    Area, BooleanOps, BoundingRect, Coord, Distance, Euclidean, Geometry, LineString, MapCoords,
    Polygon, Relate,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::boundary::Boundary;
use super::gauss_kruger::{PlaneError, projector};
use super::layer::{LayerKind, PlanZone, Severity, overlap_severity};
use super::layer_file::LayerFeature;
use super::ring::TOUCHING_M;

/// An overlap smaller than this, m², is read as touching: the round-off of projecting two
/// edges that share their corners, far below anything drawn on a map (a 1 cm strip along a
/// 1 cm edge).
pub const OVERLAP_FLOOR_M2: f64 = 1e-4;

/// One layer version's features, indexed by their extent in degrees.
pub struct LayerIndex {
    features: Vec<(i64, LayerFeature)>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl LayerIndex {
    /// Indexes `features`, each with its stored id.
    pub fn new(features: Vec<(i64, LayerFeature)>) -> Self {
        let boxes = features
            .iter()
            .enumerate()
            .filter_map(|(i, (_, feature))| {
                let rect = feature.shape.bounding_rect()?;
                let corners = ([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
                Some(GeomWithData::new(
                    Rectangle::from_corners(corners.0, corners.1),
                    i,
                ))
            })
            .collect();
        Self {
            features,
            tree: RTree::bulk_load(boxes),
        }
    }

    /// How many features the layer holds.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Whether the layer holds no feature.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The feature with stored id `id` (features are kept in id order).
    pub fn feature(&self, id: i64) -> Option<&LayerFeature> {
        let at = self.features.binary_search_by_key(&id, |(i, _)| *i).ok()?;
        self.features.get(at).map(|(_, feature)| feature)
    }

    /// The features whose extent meets `envelope` (degrees, [lon, lat] corners).
    fn near(&self, envelope: ([f64; 2], [f64; 2])) -> impl Iterator<Item = &(i64, LayerFeature)> {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners(envelope.0, envelope.1))
            .map(|found| &self.features[found.data])
    }
}

/// What the screen found about one feature.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub kind: LayerKind,
    /// The feature's stored id.
    pub feature_id: i64,
    pub name: String,
    pub zone: Option<PlanZone>,
    /// Whether the block shares area with the feature (or holds a part of a line or point).
    pub overlaps: bool,
    /// The shared area, m² (0 for a line or point, or without an overlap).
    pub overlap_m2: f64,
    /// The shared area's share of the block's area, 0 to 1.
    pub share: f64,
    /// The least distance between block and feature, metres (0 where they meet).
    pub distance_m: f64,
    pub severity: Severity,
}

/// Screens `block` against one layer of `kind` (`also_blocking`: the kinds the city's
/// settings make blocking, [`overlap_severity`]), in the plane of the block's zone: the
/// features it overlaps, touches (within [`TOUCHING_M`]: corners written to a few decimals
/// of a degree meet only to round-off), or comes within the kind's buffer of, nearest first.
pub fn screen(
    block: &Boundary,
    (kind, also_blocking): (LayerKind, &[LayerKind]),
    layer: &LayerIndex,
) -> Result<Vec<Finding>, PlaneError> {
    let projector = projector(block.zone)?;
    let origin = projector.plane(block.degrees[0].0, block.degrees[0].1)?;
    let local = |lat: f64, lon: f64| -> Result<Coord<f64>, PlaneError> {
        let point = projector.plane(lat, lon)?;
        Ok(Coord {
            x: point.y - origin.y,
            y: point.x - origin.x,
        })
    };
    let exterior: LineString<f64> = block
        .degrees
        .iter()
        .map(|&(lat, lon)| local(lat, lon))
        .collect::<Result<_, _>>()?;
    let shape = Polygon::new(exterior, vec![]);
    let area = shape.unsigned_area();
    let buffer = kind.buffer_m();
    let mut findings = Vec::new();
    for (id, feature) in layer.near(search_envelope(&block.degrees, buffer + TOUCHING_M)) {
        let theirs = feature.shape.try_map_coords(|c| local(c.y, c.x))?;
        let finding = measure(&shape, &theirs);
        let Some((overlaps, overlap_m2, distance_m)) = finding else {
            continue;
        };
        if !overlaps && distance_m > buffer + TOUCHING_M {
            continue;
        }
        findings.push(Finding {
            kind,
            feature_id: *id,
            name: feature.name.clone(),
            zone: feature.zone,
            overlaps,
            overlap_m2,
            share: if area > 0.0 { overlap_m2 / area } else { 0.0 },
            distance_m,
            severity: if overlaps {
                overlap_severity(kind, feature.zone, also_blocking)
            } else {
                Severity::Warning
            },
        });
    }
    findings.sort_by(|a, b| {
        (b.overlap_m2, a.distance_m, a.feature_id)
            .partial_cmp(&(a.overlap_m2, b.distance_m, b.feature_id))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(findings)
}

/// (overlaps, shared area m², least distance m) of the block and a feature, both in the
/// block's local plane; `None` for a feature with nothing to measure.
fn measure(block: &Polygon<f64>, theirs: &Geometry<f64>) -> Option<(bool, f64, f64)> {
    let matrix = block.relate(theirs);
    let interiors_meet = matrix.is_intersects() && !matrix.is_touches();
    // A polygon overlaps when the shared area is more than round-off; a line or point when
    // any part of it lies inside. The area is measured only where the interiors meet.
    let by_area = |shared: f64| (shared > OVERLAP_FLOOR_M2, shared);
    let (overlaps, shared) = match theirs {
        _ if !interiors_meet => (false, 0.0),
        Geometry::Polygon(polygon) => by_area(block.intersection(polygon).unsigned_area()),
        Geometry::MultiPolygon(polygons) => by_area(block.intersection(polygons).unsigned_area()),
        _ => (true, 0.0),
    };
    let distance = if matrix.is_intersects() {
        0.0
    } else {
        Euclidean.distance(&Geometry::Polygon(block.clone()), theirs)
    };
    distance
        .is_finite()
        .then_some((overlaps, if overlaps { shared } else { 0.0 }, distance))
}

/// The block's extent in degrees grown by `buffer_m` on every side: a degree of latitude is
/// at least 110.5 km, a degree of longitude at least that times the cosine of the latitude
/// farthest from the equator; 1% more covers the rest.
fn search_envelope(corners: &[(f64, f64)], buffer_m: f64) -> ([f64; 2], [f64; 2]) {
    let (mut south, mut west, mut north, mut east) = (90.0_f64, 180.0_f64, -90.0_f64, -180.0_f64);
    for &(lat, lon) in corners {
        south = south.min(lat);
        north = north.max(lat);
        west = west.min(lon);
        east = east.max(lon);
    }
    let margin = buffer_m * 1.01;
    let dlat = margin / 110_500.0;
    let farthest = south.abs().max(north.abs()) + dlat;
    let dlon = margin / (110_500.0 * farthest.to_radians().cos().max(0.01));
    ([west - dlon, south - dlat], [east + dlon, north + dlat])
}

impl Finding {
    /// Whether the finding lies in `department`'s field (shown to it before it records).
    pub fn in_field_of(&self, department: &str) -> bool {
        self.kind.departments().contains(&department)
    }

    /// The finding as an admission check names it: kind, feature, layer version, area.
    pub fn described(&self, layer_version: i64) -> String {
        format!(
            "{}“{}”（图层第{layer_version}版，重叠{:.0}平方米）",
            self.kind.label(),
            self.name,
            self.overlap_m2
        )
    }
}

/// What the screen says for admission (NEW-1, NEW-4), each finding with its layer version.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScreenVerdict {
    /// Overlaps that keep the block out, other than the master plan's zones (NEW-4): the red
    /// line, protected areas, and the kinds the city's settings add.
    pub forbidden_overlaps: Vec<String>,
    /// With a master-plan zone layer in force, the forbidden zones the block overlaps
    /// (NEW-1 reads the zones instead of the block's own yes/no); `None` without one.
    pub forbidden_zones: Option<Vec<String>>,
}

/// Sorts `findings` (with their layer versions) into what NEW-4 and NEW-1 read;
/// `zone_layer` says whether a master-plan zone layer is in force.
pub fn verdict<'a>(
    findings: impl IntoIterator<Item = (i64, &'a Finding)>,
    zone_layer: bool,
) -> ScreenVerdict {
    let mut verdict = ScreenVerdict {
        forbidden_overlaps: Vec::new(),
        forbidden_zones: zone_layer.then(Vec::new),
    };
    for (version, finding) in findings {
        if finding.severity != Severity::Blocking {
            continue;
        }
        match (&mut verdict.forbidden_zones, finding.kind) {
            (Some(zones), LayerKind::MasterPlanZone) => zones.push(finding.described(version)),
            _ => verdict.forbidden_overlaps.push(finding.described(version)),
        }
    }
    verdict
}

/// Whether any finding keeps the block out of the transfer plan (NEW-4).
pub fn blocks_admission<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> bool {
    findings
        .into_iter()
        .any(|finding| finding.severity == Severity::Blocking)
}
