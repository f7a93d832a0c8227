//! Documents built to exhaust the server: each is refused quickly while other callers,
//! health checks included, keep being answered.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{TestApp, error_code};

/// `levels` fragments, each spreading the one below twice: about 1 KB
/// that expands to 2^levels fields.
fn fan_out(levels: usize) -> String {
    let mut query = format!("{{ ...F{levels} }}\nfragment F0 on Query {{ __typename }}\n");
    for level in 1..=levels {
        let below = level - 1;
        query.push_str(&format!(
            "fragment F{level} on Query {{ ...F{below} ...F{below} }}\n"
        ));
    }
    query
}

#[tokio::test]
async fn a_thirty_level_fragment_fan_out_is_refused_while_health_checks_answer() {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    let attack = async {
        let mut codes = Vec::new();
        for _ in 0..4 {
            let body = app.gql(None, &fan_out(30), json!({})).await;
            codes.push(error_code(&body).map(str::to_owned));
        }
        codes
    };
    let health = async {
        let mut answered = 0;
        for _ in 0..20 {
            let response = app.client.get(app.url("/healthz")).send().await;
            answered += usize::from(response.is_ok_and(|r| r.status() == 200));
        }
        answered
    };
    let (codes, answered) = tokio::join!(attack, health);
    assert!(
        codes
            .iter()
            .all(|code| code.as_deref() == Some("QUERY_TOO_COMPLEX")),
        "{codes:?}"
    );
    assert_eq!(answered, 20);
    // Unbounded, the library alone needs minutes and gigabytes for one such document; the
    // bound is loose so that a slow CI machine cannot fail it.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn fragment_cycles_are_bad_input() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(
            None,
            "{ ...A } fragment A on Query { ...B } fragment B on Query { minerals { code } ...A }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
}

#[tokio::test]
async fn aliases_spread_through_fragments_count_every_time() {
    let app = TestApp::spawn().await;
    let aliases: Vec<String> = (0..30)
        .map(|i| format!("m{i}: minerals {{ code }}"))
        .collect();
    let query = format!(
        "{{ ...F ...F ...F ...F }} fragment F on Query {{ {} }}",
        aliases.join(" ")
    );
    let body = app.gql(None, &query, json!({})).await;
    assert_eq!(error_code(&body), Some("QUERY_TOO_COMPLEX"), "{body}");
}

#[tokio::test]
async fn a_large_variable_spread_many_times_is_too_complex() {
    let app = TestApp::spawn().await;
    let spreads = "...F ".repeat(10);
    let query = format!(
        "query($c: String) {{ {spreads} }} fragment F on Query {{ counties(cityCode: $c) {{ code }} }}"
    );
    let body = app
        .gql(None, &query, json!({ "c": "1".repeat(300_000) }))
        .await;
    assert_eq!(error_code(&body), Some("QUERY_TOO_COMPLEX"), "{body}");
}
