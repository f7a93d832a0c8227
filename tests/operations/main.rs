//! Operations under load, against the built binary: fair use while one token is greedy,
//! and stopping while requests and sockets are open.
//! Each test measures latency, so they run one at a time (the [`SERIAL`] lock) and in a
//! test binary of their own, never beside the API suite's hundreds of tests.

// Shared with the end-to-end suite, which uses all of it.
#[allow(dead_code)]
#[path = "../e2e/binary.rs"]
mod binary;
#[path = "../support/database.rs"]
mod database;

mod fair_use;
mod shutdown;

use binary::token;

/// Held for the whole of each test here: no two load tests share the cores.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

use serde_json::json;

/// Another caller's everyday page.
const EVERYDAY: &str =
    "query Everyday { mines(first: 10) { totalCount edges { node { id name } } } }";

/// The binary with `settings`, over 3,000 synthetic mines in a fresh database (SQLite in
/// the returned directory, or PostgreSQL where the tests are pointed at one).
async fn seeded_server(
    settings: &[(&str, &str)],
) -> (tempfile::TempDir, Option<String>, binary::Server) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database::fresh_database_url().await;
    let seeded = binary::command(dir.path(), url.as_deref())
        .args(["seed-synthetic", "--mines", "3000"])
        .output()
        .expect("seed");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let server = binary::start_with(dir.path(), url.as_deref(), settings).await;
    (dir, url, server)
}

/// The status of `query` run with `token`; an admitted one must have answered data.
async fn post(client: &reqwest::Client, port: u16, token: &str, query: &str) -> u16 {
    let response = client
        .post(format!("http://127.0.0.1:{port}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("json");
    if status == 200 {
        assert!(body["errors"].is_null(), "{body}");
    }
    status
}
