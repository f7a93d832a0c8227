//! Reference layers from zipped shapefiles through the router (NEW-4, docs/spatial.md):
//! `tests/fixtures/layer-gk38.zip` was written by pyshp in zone 38's Gauss-Krüger plane
//! with GBK names (`tests/fixtures/make_shapefile.py`).

use serde_json::json;

use crate::helpers::{TestApp, ZEZHOU, block_input, error_code, error_field};

const FIXTURE: &[u8] = include_bytes!("../fixtures/layer-gk38.zip");

const IMPORT: &str = "mutation($file: Upload!) {
    importReferenceLayer(kind: ECOLOGICAL_RED_LINE, name: \"生态保护红线（shp）\",
        reason: \"省厅下发成果\", file: $file) { version featureCount } }";

const SCREEN: &str = "query($id: ID!) { block(id: $id) { spatialScreen { blocking
    findings { featureName overlaps overlapM2 severity } } } }";

/// NEW-4: the zipped shapefile imports as a layer version of its three features, and a
/// block drawn in the same notation over the first one's corner overlaps it by the square
/// they share (50 m × 50 m), named as the attributes name it.
#[tokio::test]
async fn new_4_a_zipped_shapefile_layer_screens_a_block_drawn_over_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let (status, body) = app
        .upload(
            Some(&admin),
            (IMPORT, json!({})),
            ("红线.zip", FIXTURE.to_vec()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["importReferenceLayer"]["featureCount"],
        json!(3),
        "{body}"
    );
    let mut input = block_input(ZEZHOU, "压红线区块");
    let (x, y) = (3_929_825.0, 38_389_825.0);
    input["corners"] = json!([
        { "zone": 38, "x": x, "y": y },
        { "zone": 38, "x": x + 100.0, "y": y },
        { "zone": 38, "x": x + 100.0, "y": y + 100.0 },
        { "zone": 38, "x": x, "y": y + 100.0 },
    ]);
    input["areaKm2"] = json!(0.01);
    let block = app.create_block(input).await;
    let body = app.gql(Some(&admin), SCREEN, json!({ "id": block })).await;
    let screen = &body["data"]["block"]["spatialScreen"];
    assert_eq!(screen["blocking"], json!(true), "{body}");
    let finding = &screen["findings"][0];
    assert_eq!(finding["featureName"], json!("生态红线甲"), "{body}");
    assert_eq!(finding["severity"], json!("BLOCKING"), "{body}");
    let shared = finding["overlapM2"].as_f64().unwrap_or_default();
    assert!((shared - 2_500.0).abs() < 1.0, "{body}");
}

/// A zip without its coordinate system is refused whole, naming the file and the `.prj`.
#[tokio::test]
async fn a_shapefile_without_its_prj_is_refused() {
    let app = TestApp::spawn().await;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(FIXTURE)).expect("zip");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        if !entry.name().expect("name").ends_with(".prj") {
            writer.raw_copy_file(entry).expect("copy");
        }
    }
    let bytes = writer.finish().expect("zip").into_inner();
    let (_, body) = app
        .upload(
            Some(&app.admin()),
            (IMPORT, json!({})),
            ("无坐标系.zip", bytes),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(error_field(&body), Some("file"), "{body}");
    assert!(body.to_string().contains(".prj"), "{body}");
}
