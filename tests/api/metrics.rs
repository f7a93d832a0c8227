//! `/metrics` through the real server (docs/operations.md, "Metrics"): served only where a
//! setting says, counting operations by name with their latency and errors by code, in a
//! format `promtool check metrics` accepts.

use mineright::config::Secret;
use serde_json::json;

use crate::helpers::TestApp;

const TOKEN: &str = "a-scraper-token-of-forty-characters-long";

/// `/metrics` on `address` with `token`: the status, the content type and the body.
async fn scrape(app: &TestApp, address: &str, token: Option<&str>) -> (u16, String, String) {
    let mut request = app.client.get(format!("http://{address}/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("scrape");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, response.text().await.unwrap_or_default())
}

/// The metrics are served to the token, or on the separate listener, never to anyone else;
/// they count each named operation, its failures and latency, errors by code, the pool.
#[tokio::test]
async fn metrics_count_operations_by_name_for_the_token_or_the_separate_listener() {
    let app = TestApp::spawn_with(|config| {
        config.metrics_token = Some(Secret(TOKEN.into()));
        config.metrics_listen = Some("127.0.0.1:0".into());
    })
    .await;
    let admin = app.admin();
    for _ in 0..2 {
        let body = app
            .gql(
                Some(&admin),
                "query MinesPage { mines(first: 2) { totalCount } }",
                json!({}),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let body = app
        .gql(
            None,
            "query Broken { auditLog(first: 1) { totalCount } }",
            json!({}),
        )
        .await;
    assert!(!body["errors"].is_null(), "{body}");

    // A whole-city assessment passes the scans gate; a hash nobody sent misses the cache.
    let summary = app
        .gql(
            Some(&admin),
            "{ assessmentSummary(asOf: \"2026-01-01\") { totalMines } }",
            json!({}),
        )
        .await;
    assert!(summary["errors"].is_null(), "{summary}");
    let unknown_hash = json!({ "extensions": { "persistedQuery": {
        "version": 1, "sha256Hash": "0".repeat(64) } } });
    app.client
        .post(app.url("/graphql"))
        .json(&unknown_hash)
        .send()
        .await
        .expect("sent");

    let main = app.addr.to_string();
    assert_eq!(scrape(&app, &main, None).await.0, 401);
    assert_eq!(scrape(&app, &main, Some("wrong")).await.0, 401);
    let (status, kind, text) = scrape(&app, &main, Some(TOKEN)).await;
    assert_eq!(status, 200, "{text}");
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    for line in [
        "mineright_graphql_operations_total{operation=\"MinesPage\"} 2",
        "mineright_graphql_operations_failed_total{operation=\"MinesPage\"} 0",
        "mineright_graphql_operations_failed_total{operation=\"Broken\"} 1",
        "mineright_graphql_operation_seconds_count{operation=\"MinesPage\"} 2",
        "mineright_db_connections_max 5",
        "mineright_webhook_backlog 0",
        "mineright_webhook_failing 0",
        "mineright_assessments_pending 0",
        "mineright_assessments_catch_up_age_seconds ",
        "mineright_gate_entries_total{gate=\"scans\",outcome=\"immediate\"} 1",
        "mineright_gate_entries_total{gate=\"uploads\",outcome=\"refused\"} 0",
        "mineright_gate_in_use{gate=\"scans\"} 0",
        "mineright_cache_lookups_total{cache=\"persisted_queries\",outcome=\"miss\"} 1",
        "mineright_cache_lookups_total{cache=\"standards_versions\",outcome=\"hit\"}",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(
        text.contains("mineright_graphql_errors_total{code=\""),
        "{text}"
    );
    assert!(text.contains("mineright_build_info{version=\""), "{text}");
    promtool_accepts(&text);

    let separate = app.metrics_addr.expect("a metrics listener").to_string();
    let (status, _, text) = scrape(&app, &separate, None).await;
    assert_eq!(status, 200);
    assert!(text.contains("operation=\"MinesPage\""), "{text}");
    let graphql = app
        .client
        .post(format!("http://{separate}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(graphql.status().as_u16(), 404, "only /metrics there");
}

/// Without either setting there are no metrics to read.
#[tokio::test]
async fn metrics_are_not_served_unless_configured() {
    let app = TestApp::spawn().await;
    let main = app.addr.to_string();
    assert_eq!(scrape(&app, &main, Some(TOKEN)).await.0, 404);
    assert!(app.metrics_addr.is_none());
}

/// Runs `promtool check metrics` on `text` where promtool is installed; CI installs it and
/// sets `MINERIGHT_REQUIRE_PROMTOOL`, so there a missing promtool fails the test.
fn promtool_accepts(text: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            assert!(
                std::env::var_os("MINERIGHT_REQUIRE_PROMTOOL").is_none(),
                "promtool is required here: {err}"
            );
            eprintln!("promtool not installed: the format is not checked here");
            return;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes()).expect("to promtool");
    }
    let output = child.wait_with_output().expect("promtool ran");
    assert!(
        output.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
