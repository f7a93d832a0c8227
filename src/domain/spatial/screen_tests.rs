//! Table tests of the reference layers and the screening (NEW-4, docs/spatial.md), on
//! real-shaped coordinates: a block and features laid out in zone 38's plane near 晋城.

use serde_json::json;

use super::boundary::{Boundary, GivenCorner, boundary};
use super::gauss_kruger::{PlanePoint, Zone, to_degrees};
use super::layer::LayerProblem;
use super::layer::{LayerKind, PlanZone, Severity};
use super::layer_file::{LayerFeature, read_layer};
use super::ring::{RingError, ring};
use super::screen::{Finding, LayerIndex, blocks_admission, screen};

/// (east, north) metres from a point near 晋城 in zone 38, as (latitude, longitude).
fn degrees(offsets: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let zone = Zone::new(38).expect("zone 38");
    let plane: Vec<PlanePoint> = offsets
        .iter()
        .map(|&(east, north)| PlanePoint {
            x: 3_930_000.0 + north,
            y: 38_520_000.0 + east,
        })
        .collect();
    to_degrees(zone, &plane).expect("in zone 38")
}

/// A 500 m square block with its south-west corner at the origin.
fn block() -> Boundary {
    let corners: Vec<GivenCorner> =
        degrees(&[(0.0, 0.0), (500.0, 0.0), (500.0, 500.0), (0.0, 500.0)])
            .into_iter()
            .map(|(latitude, longitude)| GivenCorner::Degrees {
                latitude,
                longitude,
            })
            .collect();
    boundary(&corners).expect("a square")
}

/// A GeoJSON polygon feature with the given plane corners and properties.
fn polygon_feature(offsets: &[(f64, f64)], properties: serde_json::Value) -> serde_json::Value {
    let mut ring: Vec<[f64; 2]> = degrees(offsets)
        .into_iter()
        .map(|(lat, lon)| [lon, lat])
        .collect();
    ring.push(ring[0]);
    json!({"type": "Feature", "properties": properties,
           "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

fn layer(kind: LayerKind, features: Vec<serde_json::Value>) -> LayerIndex {
    let file = json!({"type": "FeatureCollection", "features": features}).to_string();
    let read = read_layer(kind, file.as_bytes()).expect("a valid layer");
    LayerIndex::new(
        read.into_iter()
            .enumerate()
            .map(|(i, f)| (i as i64, f))
            .collect(),
    )
}

fn screened(kind: LayerKind, features: Vec<serde_json::Value>) -> Vec<Finding> {
    screen(&block(), (kind, &[]), &layer(kind, features)).expect("screens")
}

#[test]
fn new_4_a_ring_touching_a_red_line_at_one_point_does_not_overlap() {
    // The red line's south-west corner is the block's north-east corner.
    let touching = polygon_feature(
        &[
            (500.0, 500.0),
            (900.0, 500.0),
            (900.0, 900.0),
            (500.0, 900.0),
        ],
        json!({"name": "红线甲"}),
    );
    let findings = screened(LayerKind::EcologicalRedLine, vec![touching]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert!(!finding.overlaps, "{finding:?}");
    assert_eq!(finding.overlap_m2, 0.0);
    assert_eq!(finding.distance_m, 0.0);
    assert_eq!(finding.severity, Severity::Warning);
    assert!(!blocks_admission(&findings));
}

#[test]
fn new_4_a_one_centimetre_overlap_with_the_red_line_is_found_and_blocks() {
    // A strip 1 cm into the block along its whole 500 m east edge: 5 m².
    let overlapping = polygon_feature(
        &[
            (499.99, -100.0),
            (900.0, -100.0),
            (900.0, 600.0),
            (499.99, 600.0),
        ],
        json!({"name": "红线乙"}),
    );
    let findings = screened(LayerKind::EcologicalRedLine, vec![overlapping]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert!(finding.overlaps);
    assert!((finding.overlap_m2 - 5.0).abs() < 0.01, "{finding:?}");
    assert!(
        (finding.share - 5.0 / 250_000.0).abs() < 1e-7,
        "{finding:?}"
    );
    assert_eq!(finding.name, "红线乙");
    assert_eq!(
        finding.described(3),
        "生态保护红线“红线乙”（图层第3版，重叠5平方米）"
    );
    assert_eq!(finding.severity, Severity::Blocking);
    assert!(blocks_admission(&findings));
}

#[test]
fn new_4_features_are_reported_within_their_layers_buffer_only() {
    // 150 m east of the block: inside a railway's 1,000 m, outside the red line's 0 m.
    let near = || {
        polygon_feature(
            &[(650.0, 0.0), (700.0, 0.0), (700.0, 500.0), (650.0, 500.0)],
            json!({"name": "近旁"}),
        )
    };
    let far = polygon_feature(
        &[
            (1_600.0, 0.0),
            (1_700.0, 0.0),
            (1_700.0, 500.0),
            (1_600.0, 500.0),
        ],
        json!({"name": "远处"}),
    );
    let transport = screened(LayerKind::Transport, vec![near(), far]);
    assert_eq!(transport.len(), 1, "{transport:?}");
    assert_eq!(transport[0].name, "近旁");
    assert!(
        (transport[0].distance_m - 150.0).abs() < 0.01,
        "{transport:?}"
    );
    assert_eq!(transport[0].severity, Severity::Warning);
    assert!(screened(LayerKind::EcologicalRedLine, vec![near()]).is_empty());
}

#[test]
fn new_4_a_railway_line_through_the_block_overlaps_without_area() {
    let line: Vec<[f64; 2]> = degrees(&[(-100.0, 250.0), (600.0, 260.0)])
        .into_iter()
        .map(|(lat, lon)| [lon, lat])
        .collect();
    let railway = json!({"type": "Feature", "properties": {"name": "铁路"},
        "geometry": {"type": "LineString", "coordinates": line}});
    let findings = screened(LayerKind::Transport, vec![railway]);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].overlaps);
    assert_eq!(findings[0].overlap_m2, 0.0);
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[test]
fn new_1_only_the_master_plans_forbidden_zone_blocks() {
    let zone = |name: &str| {
        polygon_feature(
            &[
                (-100.0, -100.0),
                (300.0, -100.0),
                (300.0, 300.0),
                (-100.0, 300.0),
            ],
            json!({"name": "分区", "zone": name}),
        )
    };
    let cases = [
        ("禁止开采区", Severity::Blocking, PlanZone::Forbidden),
        ("限制开采区", Severity::Warning, PlanZone::Restricted),
        ("PRIORITY", Severity::Warning, PlanZone::Priority),
    ];
    for (written, severity, read) in cases {
        let findings = screened(LayerKind::MasterPlanZone, vec![zone(written)]);
        assert_eq!(findings.len(), 1, "{written}");
        assert!(
            (findings[0].overlap_m2 - 90_000.0).abs() < 0.1,
            "{findings:?}"
        );
        assert_eq!(findings[0].severity, severity, "{written}");
        assert_eq!(findings[0].zone, Some(read), "{written}");
    }
}

fn refused(kind: LayerKind, file: serde_json::Value) -> LayerProblem {
    read_layer(kind, file.to_string().as_bytes()).expect_err("refused")
}

#[test]
fn new_4_bad_layer_files_are_refused_naming_the_feature_and_reason() {
    let square = || polygon_feature(&[(0.0, 0.0), (9.0, 0.0), (9.0, 9.0), (0.0, 9.0)], json!({}));
    let bow_tie = polygon_feature(&[(0.0, 0.0), (9.0, 9.0), (9.0, 0.0), (0.0, 9.0)], json!({}));
    let projected = json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
        "coordinates": [[[38_520_000.0, 3_930_000.0], [38_520_100.0, 3_930_000.0],
                         [38_520_100.0, 3_930_100.0], [38_520_000.0, 3_930_000.0]]]}});
    let collection = |features: Vec<serde_json::Value>| json!({"type": "FeatureCollection", "features": features});
    let cases: Vec<(&str, LayerKind, serde_json::Value, Option<usize>, &str)> = vec![
        (
            "a projected CRS",
            LayerKind::EcologicalRedLine,
            json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}},
                "features": [square()]}),
            None,
            "EPSG:4547",
        ),
        (
            "metres for degrees",
            LayerKind::EcologicalRedLine,
            collection(vec![square(), projected]),
            Some(1),
            "疑为投影坐标",
        ),
        (
            "a bow-tie ring",
            LayerKind::ProtectedArea,
            collection(vec![square(), square(), bow_tie]),
            Some(2),
            "自相交",
        ),
        (
            "no feature",
            LayerKind::ProtectedArea,
            collection(vec![]),
            None,
            "没有要素",
        ),
        (
            "a zone layer without zones",
            LayerKind::MasterPlanZone,
            collection(vec![square()]),
            Some(0),
            "分区",
        ),
        (
            "a line in an area layer",
            LayerKind::BasicFarmland,
            collection(vec![
                json!({"type": "Feature", "properties": {}, "geometry":
            {"type": "LineString", "coordinates": [[112.8, 35.5], [112.81, 35.5]]}}),
            ]),
            Some(0),
            "须为面",
        ),
        (
            "not GeoJSON",
            LayerKind::Transport,
            json!({"type": "Nonsense"}),
            None,
            "GeoJSON",
        ),
    ];
    for (name, kind, file, feature, reason) in cases {
        let problem = refused(kind, file);
        assert_eq!(problem.feature, feature, "{name}: {problem}");
        assert!(problem.to_string().contains(reason), "{name}: {problem}");
    }
}

#[test]
fn new_4_geographic_crs_and_unnamed_features_are_read() {
    let file = json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
        "features": [polygon_feature(&[(0.0, 0.0), (9.0, 0.0), (9.0, 9.0)], json!({}))]});
    let read: Vec<LayerFeature> =
        read_layer(LayerKind::WaterSource, file.to_string().as_bytes()).expect("read");
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].name, "要素1");
}

#[test]
fn new_4_a_ring_whose_every_edge_spans_every_other_is_refused_in_linear_time() {
    // A zigzag of 400 edges, each 1 km wide: every pair overlaps in x, none crosses.
    let mut points: Vec<PlanePoint> = (0..400)
        .map(|k| PlanePoint {
            x: 3_930_000.0 + k as f64,
            y: 38_520_000.0 + if k % 2 == 0 { 0.0 } else { 1_000.0 },
        })
        .collect();
    // Closed round the north end and back along the south-west, crossing nothing.
    let closing = |north: f64| PlanePoint {
        x: 3_930_000.0 + north,
        y: 38_519_500.0,
    };
    points.push(closing(410.0));
    assert_eq!(ring(&points), Err(RingError::TooComplex { edges: 401 }));
    // The same zigzag of 20 edges is a ring.
    let mut few: Vec<PlanePoint> = points[..20].to_vec();
    few.push(closing(30.0));
    assert!(ring(&few).is_ok());
}

#[test]
fn new_4_a_feature_within_a_millimetre_touches_and_one_beyond_is_not_reported() {
    // Corners written to a few decimals of a degree meet only to round-off.
    let beside = |gap: f64| {
        polygon_feature(
            &[
                (500.0 + gap, 0.0),
                (900.0, 0.0),
                (900.0, 500.0),
                (500.0 + gap, 500.0),
            ],
            json!({"name": "红线"}),
        )
    };
    let near = screened(LayerKind::EcologicalRedLine, vec![beside(0.0005)]);
    assert_eq!(near.len(), 1, "{near:?}");
    assert!(!near[0].overlaps);
    assert!(near[0].distance_m < 0.001, "{near:?}");
    assert!(screened(LayerKind::EcologicalRedLine, vec![beside(0.002)]).is_empty());
}

#[test]
fn new_4_a_city_setting_makes_a_farmland_overlap_block_but_never_a_touch() {
    let kind = LayerKind::BasicFarmland;
    let overlapping = polygon_feature(
        &[(400.0, 0.0), (900.0, 0.0), (900.0, 500.0), (400.0, 500.0)],
        json!({"name": "农田"}),
    );
    let touching = polygon_feature(
        &[
            (500.0, 500.0),
            (900.0, 500.0),
            (900.0, 900.0),
            (500.0, 900.0),
        ],
        json!({"name": "相邻农田"}),
    );
    let index = layer(kind, vec![overlapping, touching]);
    for (also_blocking, severity) in [
        (&[][..], Severity::Warning),
        (&[kind][..], Severity::Blocking),
    ] {
        let findings = screen(&block(), (kind, also_blocking), &index).expect("screens");
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert_eq!(findings[0].severity, severity, "{also_blocking:?}");
        assert_eq!(
            findings[1].severity,
            Severity::Warning,
            "a touch never blocks"
        );
    }
}
