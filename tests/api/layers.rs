//! Reference layers and the spatial screen through the router (NEW-4, docs/spatial.md):
//! GeoJSON imported by the city admin as versions, a block screened against the versions
//! in force on any instance, bad files refused naming the feature.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{GAOPING, TestApp, ZEZHOU, block_input, error_code, error_field};

const IMPORT: &str =
    "mutation($kind: LayerKind!, $name: String!, $reason: String!, $file: Upload!) {
    importReferenceLayer(kind: $kind, name: $name, reason: $reason, file: $file) {
        version kind name featureCount sha256 createdBy } }";

const SCREEN: &str = "query($id: ID!) { block(id: $id) { spatialScreen {
    layers { version kind } blocking missingKinds
    findings { layerKind layerVersion featureIndex featureName overlaps overlapM2
               shareOfBlock distanceM severity } } } }";

/// A rectangle feature from (south, west) to (north, east), degrees.
fn rectangle(name: &str, (south, west): (f64, f64), (north, east): (f64, f64)) -> Value {
    json!({"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]]}})
}

fn layer_file(features: Vec<Value>) -> Vec<u8> {
    json!({"type": "FeatureCollection", "features": features})
        .to_string()
        .into_bytes()
}

/// Imports `features` as a layer of `kind` with `token`: the status and the body.
async fn import(app: &TestApp, token: &str, kind: &str, features: Vec<Value>) -> (u16, Value) {
    let variables = json!({"kind": kind, "name": format!("{kind}图层"), "reason": "2026年成果"});
    app.upload(
        Some(token),
        (IMPORT, variables),
        ("layer.geojson", layer_file(features)),
    )
    .await
}

#[tokio::test]
async fn new_4_a_block_is_screened_against_the_layers_in_force() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = app
        .create_cell_block(ZEZHOU, "筛查区块", (35.50, 112.80))
        .await;
    // The red line covers the block's east half; a protected area touches its north-east
    // corner only.
    let red_line = rectangle("红线甲", (35.49, 112.805), (35.52, 112.82));
    let (status, body) = import(&app, &admin, "ECOLOGICAL_RED_LINE", vec![red_line]).await;
    assert_eq!(status, 200, "{body}");
    let red_version = body["data"]["importReferenceLayer"]["version"].clone();
    assert_eq!(
        body["data"]["importReferenceLayer"]["featureCount"],
        json!(1),
        "{body}"
    );
    let touching = rectangle("保护地乙", (35.51, 112.81), (35.52, 112.82));
    let (_, body) = import(&app, &admin, "PROTECTED_AREA", vec![touching]).await;
    let protected_version = body["data"]["importReferenceLayer"]["version"].clone();

    let body = app.gql(Some(&admin), SCREEN, json!({"id": block})).await;
    let screen = &body["data"]["block"]["spatialScreen"];
    assert_eq!(screen["blocking"], json!(true), "{body}");
    let findings = screen["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2, "{body}");
    let overlap = &findings[0];
    assert_eq!(overlap["layerVersion"], red_version);
    assert_eq!(overlap["featureName"], json!("红线甲"));
    assert_eq!(overlap["severity"], json!("BLOCKING"));
    let share = overlap["shareOfBlock"].as_f64().unwrap_or_default();
    assert!((share - 0.5).abs() < 0.01, "{body}");
    let touch = &findings[1];
    assert_eq!(touch["layerVersion"], protected_version);
    assert_eq!(touch["overlaps"], json!(false), "{body}");
    assert_eq!(touch["distanceM"], json!(0.0), "{body}");
    assert_eq!(touch["severity"], json!("WARNING"));
    let missing = screen["missingKinds"].as_array().expect("missing kinds");
    assert!(missing.contains(&json!("BASIC_FARMLAND")), "{body}");
    assert!(!missing.contains(&json!("ECOLOGICAL_RED_LINE")), "{body}");

    // A new red-line version that clears the block replaces the old one in force, on this
    // instance and on another sharing the database.
    let cleared = rectangle("红线甲（调整后）", (35.49, 112.83), (35.52, 112.84));
    let (_, body) = import(&app, &admin, "ECOLOGICAL_RED_LINE", vec![cleared]).await;
    let new_version = body["data"]["importReferenceLayer"]["version"].clone();
    let other = app.second_instance().await;
    for instance in [&app, &other] {
        let body = instance
            .gql(Some(&admin), SCREEN, json!({"id": block}))
            .await;
        let screen = &body["data"]["block"]["spatialScreen"];
        assert_eq!(screen["blocking"], json!(false), "{body}");
        let versions: Vec<&Value> = screen["layers"]
            .as_array()
            .map(|layers| layers.iter().map(|l| &l["version"]).collect())
            .unwrap_or_default();
        assert_eq!(versions, vec![&new_version, &protected_version], "{body}");
    }
    let list = "query($h: Boolean) { referenceLayers(history: $h) { version kind } }";
    let body = app.gql(Some(&admin), list, json!({"h": false})).await;
    assert_eq!(
        body["data"]["referenceLayers"].as_array().map(Vec::len),
        Some(2)
    );
    let body = app.gql(Some(&admin), list, json!({"h": true})).await;
    assert_eq!(
        body["data"]["referenceLayers"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn new_4_a_bad_layer_file_is_refused_whole_naming_the_feature() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let good = rectangle("好", (35.49, 112.805), (35.52, 112.82));
    let bow_tie = json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
        "coordinates": [[[112.8, 35.5], [112.81, 35.51], [112.81, 35.5], [112.8, 35.51], [112.8, 35.5]]]}});
    let metres = rectangle(
        "投影坐标",
        (3_930_000.0, 38_520_000.0),
        (3_931_000.0, 38_521_000.0),
    );
    let cases = [
        (vec![good.clone(), bow_tie], "第2个要素", "自相交"),
        (
            vec![good.clone(), good.clone(), metres],
            "第3个要素",
            "投影坐标",
        ),
    ];
    for (features, which, why) in cases {
        let (status, body) = import(&app, &admin, "ECOLOGICAL_RED_LINE", features).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
        assert_eq!(error_field(&body), Some("file"), "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(which) && message.contains(why), "{body}");
    }
    let body = app
        .gql(
            Some(&admin),
            "{ referenceLayers(history: true) { version } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["referenceLayers"], json!([]), "{body}");
}

#[tokio::test]
async fn only_the_city_admin_imports_layers_and_only_full_readers_see_a_screen() {
    let app = TestApp::spawn().await;
    let layer = || vec![rectangle("红线", (35.49, 112.805), (35.52, 112.82))];
    for role in Role::ALL.into_iter().filter(|r| *r != Role::CityAdmin) {
        let token = app.token(role, Some(ZEZHOU));
        let (_, body) = import(&app, &token, "ECOLOGICAL_RED_LINE", layer()).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{role:?}: {body}");
    }
    let (_, body) = import(&app, &app.admin(), "ECOLOGICAL_RED_LINE", layer()).await;
    assert!(body["errors"].is_null(), "{body}");
    let block = app
        .create_cell_block(ZEZHOU, "读者区块", (35.50, 112.80))
        .await;
    let other_county = app.token(Role::CountyOfficial, Some(GAOPING));
    let own_county = app.token(Role::CountyOfficial, Some(ZEZHOU));
    for (token, sees) in [
        (Some(own_county), true),
        (Some(other_county), false),
        (None, false),
    ] {
        let body = app
            .gql(token.as_deref(), SCREEN, json!({"id": block}))
            .await;
        let screen = &body["data"]["block"]["spatialScreen"];
        assert_eq!(screen.is_object(), sees, "{body}");
    }
    let integrator = app.token(Role::Integrator, None);
    let body = app
        .gql(
            Some(&integrator),
            "{ referenceLayers { version } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
}

const CHECKS: &str = "query($id: ID!) { block(id: $id) { eligibility(year: 2026) {
    checks { code passed detail } } } }";

/// The (passed, detail) of the check `code` in `body`.
fn check<'a>(body: &'a Value, code: &str) -> (&'a Value, &'a str) {
    let checks = body["data"]["block"]["eligibility"]["checks"].as_array();
    let found = checks
        .into_iter()
        .flatten()
        .find(|c| c["code"] == json!(code))
        .unwrap_or_else(|| panic!("no {code} check: {body}"));
    (
        &found["passed"],
        found["detail"].as_str().unwrap_or_default(),
    )
}

/// NEW-4 and NEW-1 read the screen: an overlap with the red line fails the survey check
/// whatever the departments recorded; once a zone layer is in force, the master plan's
/// zones decide NEW-1 in place of the block's own yes/no.
#[tokio::test]
async fn new_4_a_red_line_overlap_fails_the_survey_and_zones_decide_new_1() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = app
        .create_cell_block(ZEZHOU, "红线区块", (35.50, 112.80))
        .await;
    let body = app.gql(Some(&admin), CHECKS, json!({"id": block})).await;
    let (_, detail) = check(&body, "SURVEY");
    assert!(!detail.contains("重叠"), "{body}");
    let red_line = rectangle("红线甲", (35.49, 112.805), (35.52, 112.82));
    import(&app, &admin, "ECOLOGICAL_RED_LINE", vec![red_line]).await;
    let body = app.gql(Some(&admin), CHECKS, json!({"id": block})).await;
    let (passed, detail) = check(&body, "SURVEY");
    assert_eq!(passed, &json!(false), "{body}");
    assert!(detail.contains("生态保护红线“红线甲”"), "{body}");

    // The block says it does not fit the plan; a zone layer that puts it in a priority
    // zone overrides that, and a forbidden zone fails it, naming the zone.
    let mut input = block_input(GAOPING, "分区区块");
    input["inMasterPlan"] = json!(false);
    let zoned = app.create_block(input).await;
    let body = app.gql(Some(&admin), CHECKS, json!({"id": zoned})).await;
    assert_eq!(check(&body, "MASTER_PLAN").0, &json!(false), "{body}");
    let zone = |name: &str, zone: &str| {
        let mut feature = rectangle(name, (35.4, 112.7), (35.6, 112.9));
        feature["properties"]["zone"] = json!(zone);
        feature
    };
    for (written, passes) in [("重点开采区", true), ("禁止开采区", false)] {
        import(
            &app,
            &admin,
            "MASTER_PLAN_ZONE",
            vec![zone("规划分区", written)],
        )
        .await;
        let body = app.gql(Some(&admin), CHECKS, json!({"id": zoned})).await;
        let (passed, detail) = check(&body, "MASTER_PLAN");
        assert_eq!(passed, &json!(passes), "{written}: {body}");
        assert_eq!(detail.contains("规划分区“规划分区”"), !passes, "{body}");
    }
}

/// NEW-4: a department's survey record keeps the screen's findings in its field as they
/// stood when it recorded; a later layer version changes the screen, not the record.
#[tokio::test]
async fn new_4_a_survey_record_keeps_the_findings_its_department_was_shown() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = app
        .create_cell_block(ZEZHOU, "踏勘区块", (35.50, 112.80))
        .await;
    let protected = rectangle("自然保护区丙", (35.49, 112.805), (35.52, 112.82));
    import(&app, &admin, "PROTECTED_AREA", vec![protected]).await;
    let red_line = rectangle("红线丁", (35.49, 112.805), (35.52, 112.82));
    import(&app, &admin, "ECOLOGICAL_RED_LINE", vec![red_line]).await;
    let forestry = app.token(Role::DepartmentReviewer, Some(ZEZHOU));
    let record = "mutation($b: ID!) { recordSurvey(blockId: $b, department: \"FORESTRY\",
        conflict: true, obstacle: NATURE_RESERVE) { id } }";
    let body = app.gql(Some(&forestry), record, json!({"b": block})).await;
    assert!(body["errors"].is_null(), "{body}");
    let cleared = rectangle("自然保护区丙（调整后）", (35.49, 112.83), (35.52, 112.84));
    import(&app, &admin, "PROTECTED_AREA", vec![cleared]).await;

    let read = "query($id: ID!) { block(id: $id) { surveys { department screenFindings {
        layerKind featureName overlaps departments } } } }";
    let body = app.gql(Some(&admin), read, json!({"id": block})).await;
    let shown = &body["data"]["block"]["surveys"][0]["screenFindings"];
    assert_eq!(shown.as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(shown[0]["layerKind"], json!("PROTECTED_AREA"), "{body}");
    assert_eq!(shown[0]["featureName"], json!("自然保护区丙"), "{body}");
    assert!(
        shown[0]["departments"]
            .as_array()
            .is_some_and(|d| d.contains(&json!("FORESTRY"))),
        "{body}"
    );
}

/// Integrators and map clients read the approved blocks of a year as GeoJSON: each
/// standing entry with its boundary (longitude, latitude, closed) and the feed's facts;
/// public once approved, 404 while the plan is a draft.
#[tokio::test]
async fn the_approved_blocks_export_as_geojson_once_approved() {
    use crate::fixtures::{ADMIT, Scenario, must, surveyed};

    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks(1)
        .approved_plan()
        .await;
    surveyed(&app, &blocks[0]).await;
    let admin = app.admin();
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    let path = "/exports/transfer-plans/2026.geojson";
    assert_eq!(
        app.download(None, path).await.0,
        404,
        "a draft plan is not public"
    );
    let approve = "mutation { approveTransferPlan(year: 2026) { status } }";
    must(
        &app,
        &app.token(Role::CityApprover, None),
        approve,
        json!({}),
    )
    .await;
    let (status, bytes) = app.download(None, path).await;
    assert_eq!(status, 200);
    let collection: Value = serde_json::from_slice(&bytes).expect("GeoJSON");
    assert_eq!(collection["type"], json!("FeatureCollection"));
    let feature = &collection["features"][0];
    assert_eq!(
        feature["properties"]["blockId"],
        json!(blocks[0]),
        "{collection}"
    );
    assert_eq!(
        feature["properties"]["platform"],
        json!("PROVINCIAL_ONLINE"),
        "{collection}"
    );
    let ring = feature["geometry"]["coordinates"][0]
        .as_array()
        .expect("a ring");
    assert_eq!(ring.first(), ring.last(), "closed: {collection}");
    assert_eq!(
        ring[0],
        json!([112.80, 35.50]),
        "longitude first: {collection}"
    );
    assert_eq!(
        app.download(None, "/exports/transfer-plans/x.geojson")
            .await
            .0,
        404
    );
}

/// NEW-4: farmland and the other conflicts are warnings until the city's settings make
/// their overlap block (`blockingLayerKinds`).
#[tokio::test]
async fn new_4_the_city_may_make_a_farmland_overlap_block() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = app
        .create_cell_block(ZEZHOU, "农田区块", (35.50, 112.80))
        .await;
    let farmland = rectangle("基本农田", (35.49, 112.805), (35.52, 112.82));
    import(&app, &admin, "BASIC_FARMLAND", vec![farmland]).await;
    let body = app.gql(Some(&admin), CHECKS, json!({"id": block})).await;
    assert!(!check(&body, "SURVEY").1.contains("重叠"), "{body}");
    let set =
        "mutation { updateAdmissionSettings(input: { blockingLayerKinds: [BASIC_FARMLAND] }) {
        blockingLayerKinds } }";
    let body = app.gql(Some(&admin), set, json!({})).await;
    let kinds = &body["data"]["updateAdmissionSettings"]["blockingLayerKinds"];
    assert_eq!(kinds, &json!(["BASIC_FARMLAND"]), "{body}");
    let body = app.gql(Some(&admin), CHECKS, json!({"id": block})).await;
    let (passed, detail) = check(&body, "SURVEY");
    assert_eq!(passed, &json!(false), "{body}");
    assert!(detail.contains("永久基本农田“基本农田”"), "{body}");
    let body = app.gql(Some(&admin), SCREEN, json!({"id": block})).await;
    assert_eq!(
        body["data"]["block"]["spatialScreen"]["blocking"],
        json!(true),
        "{body}"
    );
}
