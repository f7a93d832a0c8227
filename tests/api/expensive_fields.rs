//! Fields that assess a whole county or city are priced at their work, and only a bounded
//! number of them run at once; a caller who finds no place is told to retry.

use std::time::Duration;

use mineright::domain::access::Role;
use serde_json::json;

use crate::helpers::{TestApp, ZEZHOU, error_code, mine_input};

fn aliased(field: &str, count: usize) -> String {
    let fields: Vec<String> = (0..count).map(|i| format!("a{i}: {field}")).collect();
    format!("{{ {} }}", fields.join(" "))
}

#[tokio::test]
async fn many_county_scans_in_one_request_are_too_complex() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let summary = "assessmentSummary { asOf }";
    let lists = format!("rectificationLists(countyCode: \"{ZEZHOU}\") {{ asOf }}");
    let filtered = "mines(filter: { disposition: CLOSE }, first: 1) { edges { cursor } }";
    for field in [summary, lists.as_str(), filtered] {
        let body = app.gql(Some(&admin), &aliased(field, 100), json!({})).await;
        assert_eq!(
            error_code(&body),
            Some("QUERY_TOO_COMPLEX"),
            "{field}: {body}"
        );
        let body = app.gql(Some(&admin), &aliased(field, 5), json!({})).await;
        assert_eq!(
            error_code(&body),
            Some("QUERY_TOO_COMPLEX"),
            "{field}: {body}"
        );
        let body = app.gql(Some(&admin), &aliased(field, 2), json!({})).await;
        assert!(body["errors"].is_null(), "{field}: {body}");
    }
    // An unfiltered page is not a scan.
    let plain = "mines(first: 1) { edges { cursor } }";
    let body = app.gql(Some(&admin), &aliased(plain, 50), json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn a_scan_that_finds_no_place_is_told_to_retry() {
    let app = TestApp::spawn_with(|config| {
        config.max_concurrent_scans = Some(1);
        config.scan_wait = Duration::from_millis(50);
    })
    .await;
    app.create_mine(mine_input(ZEZHOU, "BUSY-1")).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let query = format!("{{ rectificationLists(countyCode: \"{ZEZHOU}\") {{ asOf }} }}");

    let held = app.state.scans.enter().await.expect("the only place");
    let body = app.gql(Some(&official), &query, json!({})).await;
    assert_eq!(error_code(&body), Some("SERVER_BUSY"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["retryAfterSeconds"], 1);
    // Plain reads do not queue behind scans.
    let body = app
        .gql(
            Some(&official),
            "{ mines(first: 5) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["mines"]["totalCount"], 1, "{body}");

    drop(held);
    let body = app.gql(Some(&official), &query, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
}
