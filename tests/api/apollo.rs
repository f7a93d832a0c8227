//! Apollo Client's persisted-queries link (from npm, run by node: tests/apollo) against the
//! real server: a document is sent by hash, registered once, found by a fresh client and
//! over GET; an integrator held to trusted documents runs the listed one only.
//!
//! Needs node and `npm ci --prefix tests/apollo` (CI does both); without them the test says
//! so and passes, unless `MINERIGHT_REQUIRE_APOLLO=1` (set by `.ci/run`) makes it fail.

use std::path::PathBuf;
use std::process::Command;

use mineright::domain::access::Role;
use serde_json::Value;

use crate::helpers::TestApp;

fn apollo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/apollo")
}

/// Whether node and the client's modules are here; if not, whether that fails the test.
fn ready() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok();
    let modules = apollo_dir().join("node_modules/@apollo/client").is_dir();
    if node && modules {
        return true;
    }
    assert!(
        std::env::var("MINERIGHT_REQUIRE_APOLLO").is_err(),
        "node and tests/apollo/node_modules are required (npm ci --prefix tests/apollo)"
    );
    eprintln!("skipped: node or tests/apollo/node_modules missing (npm ci --prefix tests/apollo)");
    false
}

/// `node client.mjs ARGS`, its stdout as JSON.
async fn client(args: Vec<String>) -> Value {
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(apollo_dir())
            .arg("client.mjs")
            .args(args)
            .output()
            .expect("node")
    })
    .await
    .expect("joined");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
}

fn sent(run: &Value) -> Vec<(String, bool)> {
    run["sent"]
        .as_array()
        .map(|sent| {
            sent.iter()
                .map(|r| {
                    (
                        r["method"].as_str().unwrap_or_default().to_owned(),
                        r["withQuery"].as_bool().unwrap_or(true),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn apollos_link_registers_once_then_sends_hashes_alone() {
    if !ready() {
        return;
    }
    let app = TestApp::spawn().await;
    let url = app.url("/graphql");
    let got = client(vec!["apq".into(), url, app.admin()]).await;
    for run in ["first", "second", "overGet"] {
        assert_eq!(got[run]["data"]["me"]["role"], "CITY_ADMIN", "{run}: {got}");
    }
    let post = |with_query| ("POST".to_owned(), with_query);
    // The first client: the hash alone, not found, then hash and text.
    assert_eq!(sent(&got["first"]), vec![post(false), post(true)], "{got}");
    // A fresh client: the hash alone, found.
    assert_eq!(sent(&got["second"]), vec![post(false)], "{got}");
    assert_eq!(
        sent(&got["overGet"]),
        vec![("GET".to_owned(), false)],
        "{got}"
    );
}

#[tokio::test]
async fn apollos_link_runs_trusted_documents_only_for_an_integrator_held_to_them() {
    if !ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let manifest = dir.path().join("manifest.json");
    client(vec![
        "manifest".into(),
        manifest.to_string_lossy().into_owned(),
    ])
    .await;
    let app = TestApp::spawn_with(move |config| {
        config.trusted_documents = Some(manifest);
        config.require_trusted_documents = vec!["INTEGRATOR".into()];
    })
    .await;
    let integrator = app.token(Role::Integrator, None);
    let got = client(vec!["trusted".into(), app.url("/graphql"), integrator]).await;
    assert_eq!(got["listed"]["data"]["__typename"], "Query", "{got}");
    // Listed: found by its hash at once, never registered.
    assert_eq!(sent(&got["listed"]).len(), 1, "{got}");
    assert_eq!(
        got["unlisted"]["codes"],
        serde_json::json!(["PERSISTED_QUERY_NOT_IN_LIST"]),
        "{got}"
    );
}
