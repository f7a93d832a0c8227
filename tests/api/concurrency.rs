//! Races of real requests: optimistic versions, unique licences, revocations, standards
//! versions and the audit chain hold with many clients at once.

use std::sync::Arc;

use futures_util::future::join_all;
use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{CREATE_MINE, TestApp, ZEZHOU, error_code, mine_input};

const CLIENTS: usize = 12;

/// Sends `count` requests at once as `token`, the i-th with `variables(i)`.
async fn race(
    app: &Arc<TestApp>,
    token: &str,
    count: usize,
    query: &'static str,
    variables: impl Fn(usize) -> Value,
) -> Vec<Value> {
    join_all((0..count).map(|i| {
        let (app, token, variables) = (app.clone(), token.to_owned(), variables(i));
        async move { app.gql(Some(&token), query, variables).await }
    }))
    .await
}

/// How many requests succeeded, and how many failed with `code`.
fn tally(results: &[Value], code: &str) -> (usize, usize) {
    let succeeded = results
        .iter()
        .filter(|body| body["errors"].is_null())
        .count();
    let refused = results
        .iter()
        .filter(|body| error_code(body) == Some(code))
        .count();
    (succeeded, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_of_one_version_have_exactly_one_winner() {
    let app = Arc::new(TestApp::spawn().await);
    let id = app.create_mine(mine_input(ZEZHOU, "RACE-1")).await;
    let token = app.admin();
    let update = "mutation($id: ID!, $name: String!) { updateMine(id: $id, version: 1, input: { name: $name }) { version } }";
    let results = race(
        &app,
        &token,
        CLIENTS,
        update,
        |i| json!({ "id": id, "name": format!("并发{i}") }),
    )
    .await;
    assert_eq!(tally(&results, "CONFLICT"), (1, CLIENTS - 1), "{results:?}");
    let body = app
        .gql(
            Some(&token),
            "query($id: ID!) { mine(id: $id) { version } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(body["data"]["mine"]["version"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_with_one_licence_number_have_exactly_one_winner() {
    let app = Arc::new(TestApp::spawn().await);
    let results = race(
        &app,
        &app.admin(),
        CLIENTS,
        CREATE_MINE,
        |_| json!({ "input": mine_input(ZEZHOU, "SAME-LICENCE") }),
    )
    .await;
    assert_eq!(
        tally(&results, "BAD_USER_INPUT"),
        (1, CLIENTS - 1),
        "{results:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_mutations_keep_the_audit_chain_intact() {
    let app = Arc::new(TestApp::spawn().await);
    let creates = CLIENTS * 2;
    let results = race(
        &app,
        &app.admin(),
        creates,
        CREATE_MINE,
        |i| json!({ "input": mine_input(ZEZHOU, &format!("CHAIN-{i}")) }),
    )
    .await;
    assert_eq!(tally(&results, "INTERNAL"), (creates, 0), "{results:?}");
    let verify = "{ verifyAuditChain { valid checkedEntries } }";
    let body = app
        .gql(Some(&app.token(Role::Auditor, None)), verify, json!({}))
        .await;
    assert_eq!(body["data"]["verifyAuditChain"]["valid"], true, "{body}");
    assert_eq!(
        body["data"]["verifyAuditChain"]["checkedEntries"],
        creates as i64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_revocations_of_one_token_have_exactly_one_winner() {
    let app = Arc::new(TestApp::spawn().await);
    let revoke = "mutation { revokeToken(jti: \"shared-jti\", reason: \"并发吊销\") }";
    let results = race(&app, &app.admin(), CLIENTS, revoke, |_| json!({})).await;
    assert_eq!(tally(&results, "CONFLICT"), (1, CLIENTS - 1), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_standards_changes_each_build_on_the_last() {
    let app = Arc::new(TestApp::spawn().await);
    let minerals = [
        "FLUX_LIMESTONE",
        "DOLOMITE",
        "REFRACTORY_CLAY",
        "PYRITE",
        "GYPSUM",
        "KAOLIN",
    ];
    let change =
        "mutation($input: StandardsChangeInput!) { updateStandards(input: $input) { id } }";
    let results = race(&app, &app.admin(), minerals.len(), change, |i| {
        json!({ "input": {
            "effectiveFrom": "2026-01-01", "reason": format!("并发修订{i}"),
            "minimums": [{ "mineralCode": minerals[i], "minScale": 10 + i, "source": "并发测试" }]
        } })
    })
    .await;
    assert_eq!(
        tally(&results, "INTERNAL"),
        (minerals.len(), 0),
        "{results:?}"
    );
    let newest = app
        .gql(
            None,
            "{ standardsVersions { id minimums { mineralCode } } }",
            json!({}),
        )
        .await;
    let versions = newest["data"]["standardsVersions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(versions.len(), minerals.len() + 1);
    let latest: Vec<String> = versions[0]["minimums"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|m| m["mineralCode"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for mineral in minerals {
        assert!(
            latest.iter().any(|m| m == mineral),
            "{mineral} lost from the newest version: {latest:?}"
        );
    }
}
