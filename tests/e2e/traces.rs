//! Traces over OTLP/HTTP (docs/operations.md, "Traces"): the binary exports to a collector
//! (here a stand-in keeping each JSON body) a span per operation with its name and the
//! caller's role, and a span per SQL statement under it; no token, variable or name of a
//! natural person is in any span.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::binary::{graphql, start_with, stop, token};
use crate::database::fresh_database_url;

/// A collector's OTLP/HTTP receiver that keeps what it is sent.
async fn collector() -> (String, Arc<Mutex<Vec<Value>>>) {
    let kept: Arc<Mutex<Vec<Value>>> = Arc::default();
    let keeping = kept.clone();
    let router = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move |body: String| {
            let keeping = keeping.clone();
            async move {
                if let Ok(value) = serde_json::from_str(&body) {
                    keeping.lock().expect("kept").push(value);
                }
                "{}"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, kept)
}

/// Every span the collector was sent.
fn spans(kept: &[Value]) -> Vec<Value> {
    kept.iter()
        .flat_map(|body| {
            body["resourceSpans"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .flat_map(|resource| {
            resource["scopeSpans"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .flat_map(|scope| scope["spans"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn attribute<'a>(span: &'a Value, key: &str) -> Option<&'a str> {
    span["attributes"]
        .as_array()?
        .iter()
        .find(|a| a["key"] == key)?["value"]["stringValue"]
        .as_str()
}

// Two workers: the stand-in collector answers while `stop` waits for the server to exit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_and_their_statements_reach_the_collector_without_secrets() {
    let (endpoint, kept) = collector().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = fresh_database_url().await;
    let server = start_with(
        dir.path(),
        url.as_deref(),
        &[("MINERIGHT_OTLP_ENDPOINT", endpoint.as_str())],
    )
    .await;
    let port = server.port;
    let token = token(dir.path(), url.as_deref(), "CITY_ADMIN");
    let page = graphql(
        port,
        &token,
        "query MinesPage { mines(first: 5) { totalCount } }",
        json!({}),
    )
    .await;
    assert!(page["errors"].is_null(), "{page}");
    // A natural person's name, in variables and in a GET's query string.
    let person = "张三丰";
    let named = graphql(
        port,
        &token,
        "query Holder($holder: String) { mines(first: 1, filter: { search: $holder }) { totalCount } }",
        json!({ "holder": person }),
    )
    .await;
    let _ = named;
    reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/graphql"))
        .query(&[(
            "query",
            format!("{{ mines(first: 1, filter: {{ search: \"{person}\" }}) {{ totalCount }} }}"),
        )])
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    stop(server);

    let kept = kept.lock().expect("kept").clone();
    let spans = spans(&kept);
    let operation = spans
        .iter()
        .find(|s| s["name"] == "graphql MinesPage")
        .unwrap_or_else(|| panic!("no operation span in {kept:?}"));
    assert_eq!(attribute(operation, "mineright.role"), Some("CITY_ADMIN"));
    assert_eq!(
        attribute(operation, "graphql.operation.name"),
        Some("MinesPage")
    );
    let statements: Vec<&Value> = spans
        .iter()
        .filter(|s| {
            attribute(s, "graphql.operation.name") == Some("MinesPage")
                && attribute(s, "db.statement").is_some()
        })
        .collect();
    assert!(!statements.is_empty(), "no statement spans");
    for statement in &statements {
        assert_eq!(statement["traceId"], operation["traceId"], "{statement}");
        assert_eq!(attribute(statement, "mineright.role"), Some("CITY_ADMIN"));
    }
    // The operation span sits under the request's.
    assert!(
        spans
            .iter()
            .any(|s| s["spanId"] == operation["parentSpanId"] && s["name"] == "POST /graphql"),
        "the operation's parent is the request"
    );
    let everything = serde_json::to_string(&kept).expect("json");
    assert!(!everything.contains(&token), "a token in the traces");
    assert!(
        !everything.contains(person),
        "a person's name in the traces"
    );
}
