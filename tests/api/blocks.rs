//! Planned blocks through the router: creation, computed classes, scope, refusals.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{
    CREATE_BLOCK, GAOPING, TestApp, ZEZHOU, block_input, error_code, error_field,
};

const BLOCK: &str = "query($id: ID!) { block(id: $id) { id name county { name } mineralCode \
    areaKm2 predictedResources location designedProductionScale miningMethod oreGrade \
    depositScaleClass depositClassPredicted productionScaleClass priority inMasterPlan \
    corners { latitude longitude } version } }";

/// NEW-2: the classes are computed from the figures by the standards in force, never typed.
#[tokio::test]
async fn a_block_is_stored_with_its_classes_computed() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut input = block_input(ZEZHOU, "南村铁矿区块");
    input["oreGrade"] = json!("RICH");
    input["predictedResources"] = json!(600.0);
    input["corners"] = json!([
        { "latitude": 35.50, "longitude": 112.80 },
        { "latitude": 35.51, "longitude": 112.80 },
        { "latitude": 35.51, "longitude": 112.81 }
    ]);
    let body = app
        .gql(Some(&official), CREATE_BLOCK, json!({ "input": input }))
        .await;
    let id = body["data"]["createBlock"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("created: {body}"))
        .to_owned();
    let block = app.gql(Some(&official), BLOCK, json!({ "id": id })).await;
    let block = &block["data"]["block"];
    assert_eq!(block["county"]["name"], "泽州县");
    // 600 万吨 of rich iron ore is a medium deposit (≥ 500); lean it would be small.
    assert_eq!(block["depositScaleClass"], "MEDIUM");
    assert_eq!(block["depositClassPredicted"], true);
    // 60 万吨/年 underground iron is medium (30 ≤ x < 100).
    assert_eq!(block["productionScaleClass"], "MEDIUM");
    assert_eq!(block["priority"], "MAJOR_PROJECT");
    assert_eq!(block["corners"].as_array().map(Vec::len), Some(3));
    assert_eq!(block["version"], 1);

    let mut lean = block_input(ZEZHOU, "贫矿区块");
    lean["predictedResources"] = json!(600.0);
    lean["designedProductionScale"] = json!(29.0);
    let lean = app.create_block(lean).await;
    let lean = app.gql(Some(&official), BLOCK, json!({ "id": lean })).await;
    assert_eq!(lean["data"]["block"]["depositScaleClass"], "SMALL");
    assert_eq!(lean["data"]["block"]["productionScaleClass"], "SMALL");
    assert_eq!(lean["data"]["block"]["oreGrade"], json!(null));

    let mut sand = block_input(ZEZHOU, "砂矿区块");
    sand["mineralCode"] = json!("CONSTRUCTION_SAND");
    let sand = app.create_block(sand).await;
    let sand = app.gql(Some(&official), BLOCK, json!({ "id": sand })).await;
    assert_eq!(
        sand["data"]["block"]["depositScaleClass"],
        json!(null),
        "no standard, no class"
    );
}

#[tokio::test]
async fn bad_block_input_names_its_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let cases = [
        ("name", json!("  ")),
        ("areaKm2", json!(0.0)),
        ("predictedResources", json!(-5.0)),
        ("designedProductionScale", json!(1e12)),
        ("location", json!("镇\u{0007}")),
        ("mineralCode", json!("GOLDX")),
        ("countyCode", json!("999999")),
        ("corners", json!([{ "latitude": 35.5, "longitude": 112.8 }])),
    ];
    for (field, value) in cases {
        let mut input = block_input(ZEZHOU, "区块");
        input[field] = value;
        let body = app
            .gql(Some(&admin), CREATE_BLOCK, json!({ "input": input }))
            .await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{field}: {body}");
        assert_eq!(error_field(&body), Some(field), "{body}");
    }
    app.create_block(block_input(ZEZHOU, "同名区块")).await;
    let again = app
        .gql(
            Some(&admin),
            CREATE_BLOCK,
            json!({ "input": block_input(ZEZHOU, " 同名区块 ") }),
        )
        .await;
    assert_eq!(error_field(&again), Some("name"), "{again}");
    let elsewhere = app
        .gql(
            Some(&admin),
            CREATE_BLOCK,
            json!({ "input": block_input(GAOPING, "同名区块") }),
        )
        .await;
    assert!(
        elsewhere["errors"].is_null(),
        "another county may: {elsewhere}"
    );
}

#[tokio::test]
async fn create_block_is_refused_to_every_role_that_must_not_write() {
    let app = TestApp::spawn().await;
    let input = json!({ "input": block_input(ZEZHOU, "区块") });
    let body = app.gql(None, CREATE_BLOCK, input.clone()).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
    for role in [
        Role::CityApprover,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        let body = app.gql(Some(&token), CREATE_BLOCK, input.clone()).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{role:?}");
    }
    let other = app.token(Role::CountyOfficial, Some(GAOPING));
    // Authorisation comes before validation: even a bad figure is FORBIDDEN here.
    let mut bad = block_input(ZEZHOU, "区块");
    bad["areaKm2"] = json!(-1.0);
    let body = app
        .gql(Some(&other), CREATE_BLOCK, json!({ "input": bad }))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    let listed = app
        .gql(Some(&app.admin()), "{ blocks { totalCount } }", json!({}))
        .await;
    assert_eq!(listed["data"]["blocks"]["totalCount"], 0);
}

/// Blocks are scoped like mines: out-of-scope single reads are null, lists leave them out.
#[tokio::test]
async fn blocks_are_read_within_the_readers_scope() {
    let app = TestApp::spawn().await;
    let zezhou = app.create_block(block_input(ZEZHOU, "泽州区块")).await;
    let gaoping = app.create_block(block_input(GAOPING, "高平区块")).await;
    let list = "query($f: BlockFilter) { blocks(filter: $f, first: 10) { totalCount edges { node { id } } } }";
    let ids = |body: serde_json::Value| -> Vec<String> {
        body["data"]["blocks"]["edges"]
            .as_array()
            .map(|edges| {
                edges
                    .iter()
                    .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let reviewer = app.token(Role::DepartmentReviewer, Some(GAOPING));
    let city_reviewer = app.token(Role::DepartmentReviewer, None);
    let approver = app.token(Role::CityApprover, None);
    let integrator = app.token(Role::Integrator, None);
    for (token, expected) in [
        (Some(&official), vec![zezhou.clone()]),
        (Some(&reviewer), vec![gaoping.clone()]),
        (Some(&city_reviewer), vec![zezhou.clone(), gaoping.clone()]),
        (Some(&approver), vec![zezhou.clone(), gaoping.clone()]),
        (Some(&integrator), vec![]),
        (None, vec![]),
    ] {
        let body = app.gql(token.map(String::as_str), list, json!({})).await;
        assert_eq!(ids(body.clone()), expected, "{body}");
        assert_eq!(body["data"]["blocks"]["totalCount"], expected.len());
    }
    let foreign = app
        .gql(
            Some(&official),
            "query($id: ID!) { block(id: $id) { id } }",
            json!({ "id": gaoping }),
        )
        .await;
    assert_eq!(foreign["data"]["block"], json!(null));
    let filtered = app
        .gql(
            Some(&approver),
            list,
            json!({ "f": { "countyCode": GAOPING, "search": "高平" } }),
        )
        .await;
    assert_eq!(ids(filtered), vec![gaoping]);
    let none = app
        .gql(Some(&approver), list, json!({ "f": { "search": "100%" } }))
        .await;
    assert_eq!(ids(none), Vec::<String>::new());
}

/// A published block shows its announcement data only: no survey records, no clean-mine
/// confirmation, no live eligibility, to the public or to an integrator.
#[tokio::test]
async fn the_published_view_of_a_block_carries_its_announcement_data_only() {
    let app = TestApp::spawn().await;
    let blocks = crate::fixtures::Scenario::new(&app)
        .closures(1)
        .blocks(1)
        .approved_plan()
        .await;
    crate::fixtures::surveyed(&app, &blocks[0]).await;
    let query = "query($id: ID!) { block(id: $id) { name location surveys { note recordedBy } \
        cleanMineConfirmation { confirmedBy } eligibility(year: 2026) { eligible } } }";
    let full = app
        .gql(Some(&app.admin()), query, json!({ "id": blocks[0] }))
        .await;
    let block = &full["data"]["block"];
    assert_eq!(
        block["surveys"].as_array().map(Vec::len),
        Some(16),
        "{full}"
    );
    assert!(
        block["cleanMineConfirmation"]["confirmedBy"].is_string(),
        "{full}"
    );
    assert_eq!(block["eligibility"]["eligible"], true, "{full}");
    for token in [None, Some(app.token(Role::Integrator, None))] {
        let published = app
            .gql(token.as_deref(), query, json!({ "id": blocks[0] }))
            .await;
        let block = &published["data"]["block"];
        assert!(block["name"].is_string(), "published: {published}");
        assert_eq!(
            (
                block["surveys"].clone(),
                block["cleanMineConfirmation"].clone(),
                block["eligibility"].clone()
            ),
            (json!([]), Value::Null, Value::Null),
            "{published}"
        );
    }
}

/// NEW-4's boundary is a simple ring (docs/spatial.md): a bow-tie is refused through the
/// server with the corner that starts the crossing edge named.
#[tokio::test]
async fn new_4_a_bow_tie_boundary_is_refused_naming_its_corner() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let mut input = block_input(ZEZHOU, "交叉区块");
    input["corners"] = json!([
        { "latitude": 35.50, "longitude": 112.80 },
        { "latitude": 35.51, "longitude": 112.81 },
        { "latitude": 35.50, "longitude": 112.81 },
        { "latitude": 35.51, "longitude": 112.80 }
    ]);
    let body = app
        .gql(Some(&admin), CREATE_BLOCK, json!({ "input": input }))
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(error_field(&body), Some("corners[2]"), "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("自相交"), "{body}");
}

/// NEW-4: the area a boundary encloses is set against the declared 矿区面积 and shown, a
/// difference beyond 1% being a warning, not a refusal (docs/spatial.md).
#[tokio::test]
async fn new_4_a_boundarys_area_is_set_against_the_declared_area() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    // 0.01° by 0.01° at 35.5° N: 1.00658 km² on the ellipsoid, 1.00687 km² in zone 38's
    // plane 1.2° west of its meridian (scale² 1.00029), both integrated independently.
    let cell = json!([
        { "latitude": 35.50, "longitude": 112.80 },
        { "latitude": 35.51, "longitude": 112.80 },
        { "latitude": 35.51, "longitude": 112.81 },
        { "latitude": 35.50, "longitude": 112.81 }
    ]);
    let read = "query($id: ID!) { block(id: $id) { boundaryArea { computedKm2 declaredKm2 agrees zone } } }";
    for (declared, agrees) in [(1.0066, true), (1.2, false)] {
        let mut input = block_input(ZEZHOU, &format!("面积区块{declared}"));
        input["corners"] = cell.clone();
        input["areaKm2"] = json!(declared);
        let id = app.create_block(input).await;
        let body = app.gql(Some(&admin), read, json!({ "id": id })).await;
        let area = &body["data"]["block"]["boundaryArea"];
        let computed = area["computedKm2"].as_f64().unwrap_or_default();
        assert!((computed - 1.00687).abs() < 0.0005, "{body}");
        assert_eq!(area["declaredKm2"], json!(declared), "{body}");
        assert_eq!(area["agrees"], json!(agrees), "{body}");
        assert_eq!(area["zone"], json!(38), "{body}");
    }
    let mut bare = block_input(GAOPING, "无边界区块");
    bare["corners"] = Value::Null;
    let bare = app.create_block(bare).await;
    let body = app.gql(Some(&admin), read, json!({ "id": bare })).await;
    assert_eq!(body["data"]["block"]["boundaryArea"], json!(null), "{body}");
}

/// NEW-4: corners may be given as announcements write them — zone, X, Y on the CGCS2000
/// Gauss-Krüger 3° projection — and are stored in degrees; a Y of another zone, or a
/// corner in neither notation whole, is refused naming the corner.
#[tokio::test]
async fn new_4_corners_in_the_official_notation_are_stored_in_degrees() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    // 35.5° N on zone 38's central meridian (114° E) lies at X = 3 930 065.48 m (the GRS80
    // meridian arc), Y = 38 500 000 m; the other corners are 1 km north and east of it.
    let plane = |x: f64, y: f64| json!({ "zone": 38, "x": x, "y": y });
    let mut input = block_input(ZEZHOU, "投影坐标区块");
    input["corners"] = json!([
        plane(3_930_065.482_6, 38_500_000.0),
        plane(3_931_065.482_6, 38_500_000.0),
        plane(3_931_065.482_6, 38_501_000.0)
    ]);
    let id = app.create_block(input).await;
    let body = app.gql(Some(&admin), BLOCK, json!({ "id": id })).await;
    let first = &body["data"]["block"]["corners"][0];
    let (lat, lon) = (
        first["latitude"].as_f64().unwrap_or_default(),
        first["longitude"].as_f64().unwrap_or_default(),
    );
    assert!(
        (lat - 35.5).abs() < 1e-7 && (lon - 114.0).abs() < 1e-7,
        "{body}"
    );

    let cases = [
        (
            json!([plane(3_930_000.0, 38_500_000.0), { "zone": 37, "x": 3_931_000.0, "y": 38_500_000.0 }, plane(3_931_000.0, 38_501_000.0)]),
            "corners[1]",
            "带号前缀",
        ),
        (
            json!([{ "latitude": 35.5 }, plane(3_931_000.0, 38_500_000.0), plane(3_931_000.0, 38_501_000.0)]),
            "corners[0]",
            "二者择一",
        ),
    ];
    for (corners, field, says) in cases {
        let mut input = block_input(ZEZHOU, "坏坐标区块");
        input["corners"] = corners;
        let body = app
            .gql(Some(&admin), CREATE_BLOCK, json!({ "input": input }))
            .await;
        assert_eq!(error_field(&body), Some(field), "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{body}");
    }
}
