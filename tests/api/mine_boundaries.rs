//! Licensed boundaries on mines (docs/spatial.md) and INTEGRATE-1/-2 read from them
//! (docs/rules.md, "Distance between mines"), through the real server.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field, mine_input};

const ZEZHOU: &str = "140525";

/// A square quarry boundary of `side` metres centred `east` metres east of a point of
/// 泽州县, in the official notation of zone 38 (X northing, Y easting with the zone prefix).
fn square(east: f64, side: f64) -> Value {
    let (x, y, half) = (3_930_000.0, 38_390_000.0 + east, side / 2.0);
    json!([
        { "zone": 38, "x": x - half, "y": y - half },
        { "zone": 38, "x": x - half, "y": y + half },
        { "zone": 38, "x": x + half, "y": y + half },
        { "zone": 38, "x": x + half, "y": y - half },
    ])
}

/// A quarry of its own holder with `corners` and no position of its own.
fn bounded(licence: &str, corners: Value) -> Value {
    let mut input = mine_input(ZEZHOU, licence);
    input["holder"] = json!(format!("公司{licence}"));
    input["latitude"] = Value::Null;
    input["longitude"] = Value::Null;
    input["corners"] = corners;
    input
}

const READ: &str = "query($id: ID!) { mine(id: $id) { latitude longitude boundaryAreaKm2
    corners { latitude longitude }
    assessment { findings { ruleId advisory message facts { name value } } } } }";

/// The facts of `mine`'s finding under `rule`, by name.
fn facts_of(mine: &Value, rule: &str) -> Option<Vec<(String, String)>> {
    let finding = mine["assessment"]["findings"]
        .as_array()?
        .iter()
        .find(|f| f["ruleId"] == rule)?;
    Some(
        finding["facts"]
            .as_array()?
            .iter()
            .map(|f| {
                let value = match &f["value"] {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                (f["name"].as_str().unwrap_or_default().to_owned(), value)
            })
            .collect(),
    )
}

fn fact(facts: &[(String, String)], name: &str) -> Option<String> {
    facts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// INTEGRATE-2 (issue 23's figure): two quarries whose centres are 500 m apart but whose
/// boundaries are 250 m apart are found, measured between boundaries; the boundary reads
/// back in degrees with its area, and the position is the centre of its extent.
#[tokio::test]
async fn integrate_2_quarries_500_m_apart_with_boundaries_250_m_apart_are_found() {
    let app = TestApp::spawn().await;
    let west = app.create_mine(bounded("B-WEST", square(0.0, 250.0))).await;
    let east = app
        .create_mine(bounded("B-EAST", square(500.0, 250.0)))
        .await;
    let admin = app.admin();
    let body = app.gql(Some(&admin), READ, json!({ "id": west })).await;
    let mine = &body["data"]["mine"];
    let area = mine["boundaryAreaKm2"].as_f64().expect("an area");
    assert!((area - 0.0625).abs() < 1e-6, "{body}");
    assert_eq!(mine["corners"].as_array().map(Vec::len), Some(4), "{body}");
    let (lat, lon) = (mine["latitude"].as_f64(), mine["longitude"].as_f64());
    assert!(lat.is_some_and(|lat| (lat - 35.5).abs() < 0.1), "{body}");
    assert!(lon.is_some_and(|lon| (lon - 112.79).abs() < 0.1), "{body}");
    let facts = facts_of(mine, "INTEGRATE-2").unwrap_or_else(|| panic!("found: {body}"));
    assert_eq!(fact(&facts, "nearestMine"), Some(east.clone()), "{body}");
    assert_eq!(fact(&facts, "distanceMeters"), Some("250".into()), "{body}");
    assert_eq!(
        fact(&facts, "distanceMeasure"),
        Some("BOUNDARIES".into()),
        "{body}"
    );
    // The same two quarries known only by their centres are 500 m apart.
    let clear = "mutation($id: ID!, $v: Int!) { updateMine(id: $id, version: $v, input: { corners: null }) { version corners { latitude } } }";
    for id in [&west, &east] {
        let cleared = app
            .gql(Some(&admin), clear, json!({ "id": id, "v": 1 }))
            .await;
        assert_eq!(
            cleared["data"]["updateMine"]["corners"],
            json!([]),
            "{cleared}"
        );
    }
    let body = app.gql(Some(&admin), READ, json!({ "id": west })).await;
    assert!(
        facts_of(&body["data"]["mine"], "INTEGRATE-2").is_none(),
        "{body}"
    );
}

const BY_RULE: &str = "query($rule: String!) { mines(first: 50, filter: { ruleId: $rule }) { edges { node { id } } } }";

/// The ids of the mines whose stored assessment today carries `rule`.
async fn with_rule(app: &TestApp, rule: &str) -> Vec<String> {
    let body = app
        .gql(Some(&app.admin()), BY_RULE, json!({ "rule": rule }))
        .await;
    body["data"]["mines"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
        .collect()
}

/// Stored assessments follow a boundary's reach: a wide neighbour whose centre lies 1.4 km
/// away but whose edge lies 275 m from a quarry makes it an INTEGRATE-2 candidate when it
/// is written, and stops when its boundary is removed (its old reach finds the quarry).
#[tokio::test]
async fn stored_findings_follow_a_wide_boundary_written_and_removed() {
    let app = TestApp::spawn().await;
    let quarry = app
        .create_mine(bounded("R-SMALL", square(0.0, 250.0)))
        .await;
    assert!(with_rule(&app, "INTEGRATE-2").await.is_empty());
    let wide = app
        .create_mine(bounded("R-WIDE", square(1_400.0, 2_000.0)))
        .await;
    let mut both = vec![quarry.clone(), wide.clone()];
    both.sort();
    let mut found = with_rule(&app, "INTEGRATE-2").await;
    found.sort();
    assert_eq!(found, both);
    let clear = "mutation($id: ID!) { updateMine(id: $id, version: 1, input: { corners: null }) { version } }";
    let cleared = app
        .gql(Some(&app.admin()), clear, json!({ "id": wide }))
        .await;
    assert_eq!(cleared["data"]["updateMine"]["version"], 2, "{cleared}");
    assert!(with_rule(&app, "INTEGRATE-2").await.is_empty());
}

/// INTEGRATE-1's hint: overlapping boundaries of two holders are an advisory finding on
/// both, naming the other mine.
#[tokio::test]
async fn overlapping_boundaries_hint_at_a_shared_ore_body() {
    let app = TestApp::spawn().await;
    let mut first = bounded("O-1", square(0.0, 250.0));
    first["mineralCode"] = json!("IRON");
    first["miningMethod"] = json!("UNDERGROUND");
    let one = app.create_mine(first).await;
    let two = app.create_mine(bounded("O-2", square(200.0, 250.0))).await;
    let body = app
        .gql(Some(&app.admin()), READ, json!({ "id": one }))
        .await;
    let facts = facts_of(&body["data"]["mine"], "INTEGRATE-1").unwrap_or_else(|| panic!("{body}"));
    assert_eq!(fact(&facts, "overlappingMines"), Some(two), "{body}");
    let hint = body["data"]["mine"]["assessment"]["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["ruleId"] == "INTEGRATE-1"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(hint["advisory"], true, "{body}");
}

/// A boundary that is no ring is refused, naming the corner: with the last two corners
/// swapped, the closing edge (corner 4 to 1) crosses the edge from corner 2 to 3.
#[tokio::test]
async fn a_bow_tie_mine_boundary_is_refused_naming_the_corner() {
    let app = TestApp::spawn().await;
    let mut corners = square(0.0, 250.0);
    if let Some(list) = corners.as_array_mut() {
        list.swap(2, 3);
    }
    let body = app
        .gql(
            Some(&app.admin()),
            crate::helpers::CREATE_MINE,
            json!({ "input": bounded("X-1", corners) }),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(error_field(&body), Some("corners[3]"), "{body}");
}
