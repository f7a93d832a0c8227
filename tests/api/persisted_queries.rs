//! Automatic persisted queries and trusted documents through the real server
//! (docs/operations.md, "Persisted queries"); tests/apollo runs Apollo's own client
//! against it.

use mineright::domain::access::Role;
use mineright::infra::persisted_queries::sha256_hex;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const ME: &str = "query Me { me { role } }";

/// A POST of `query` (empty: none) naming `hash`.
async fn persisted(app: &TestApp, token: Option<&str>, query: &str, hash: &str) -> Value {
    let mut body = json!({
        "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } }
    });
    if !query.is_empty() {
        body["query"] = json!(query);
    }
    let mut request = app.client.post(app.url("/graphql")).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// A GET naming `hash` alone, with `token`.
async fn by_get(app: &TestApp, token: &str, hash: &str) -> Value {
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    app.client
        .get(app.url("/graphql"))
        .query(&[("extensions", extensions.to_string())])
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_document_registered_once_runs_by_its_hash_on_every_instance() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let hash = sha256_hex(ME);
    let unknown = persisted(&app, Some(&admin), "", &hash).await;
    assert_eq!(
        error_code(&unknown),
        Some("PERSISTED_QUERY_NOT_FOUND"),
        "{unknown}"
    );
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");

    let registered = persisted(&app, Some(&admin), ME, &hash).await;
    assert_eq!(
        registered["data"]["me"]["role"], "CITY_ADMIN",
        "{registered}"
    );
    let by_hash = persisted(&app, Some(&admin), "", &hash).await;
    assert_eq!(by_hash["data"], registered["data"]);

    // Another instance on the database knows it without being sent it.
    let other = app.second_instance().await;
    let elsewhere = persisted(&other, Some(&other.admin()), "", &hash).await;
    assert_eq!(elsewhere["data"]["me"]["role"], "CITY_ADMIN", "{elsewhere}");
}

#[tokio::test]
async fn a_hash_that_is_not_the_documents_or_malformed_is_refused_naming_the_extension() {
    let app = TestApp::spawn().await;
    let wrong = persisted(&app, None, ME, &sha256_hex("{ __typename }")).await;
    assert_eq!(error_code(&wrong), Some("BAD_USER_INPUT"), "{wrong}");
    assert_eq!(error_field(&wrong), Some("extensions.persistedQuery"));
    // Nothing was registered under the hash it named.
    let still = persisted(&app, None, "", &sha256_hex("{ __typename }")).await;
    assert_eq!(error_code(&still), Some("PERSISTED_QUERY_NOT_FOUND"));
    let short = persisted(&app, None, "", "abc").await;
    assert_eq!(
        error_field(&short),
        Some("extensions.persistedQuery"),
        "{short}"
    );
    // A document over the limits is refused and not registered.
    let deep = format!("{{ me {} }}", "{ role ".repeat(40) + &"}".repeat(40));
    let refused = persisted(&app, None, &deep, &sha256_hex(&deep)).await;
    assert!(refused["errors"].is_array(), "{refused}");
    let absent = persisted(&app, None, "", &sha256_hex(&deep)).await;
    assert_eq!(error_code(&absent), Some("PERSISTED_QUERY_NOT_FOUND"));
}

#[tokio::test]
async fn a_mutation_registered_by_post_does_not_run_by_its_hash_over_get() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let mutation = "mutation Revoke { revokeToken(jti: \"x\", reason: \"测试\") { jti } }";
    let hash = sha256_hex(mutation);
    persisted(&app, Some(&admin), mutation, &hash).await;
    let body = by_get(&app, &admin, &hash).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(error_field(&body), Some("query"), "{body}");
    assert!(body["data"].is_null(), "{body}");
    // A query registered the same way does run over GET by its hash.
    let hash = sha256_hex(ME);
    persisted(&app, Some(&admin), ME, &hash).await;
    let body = by_get(&app, &admin, &hash).await;
    assert_eq!(body["data"]["me"]["role"], "CITY_ADMIN", "{body}");
}

#[tokio::test]
async fn integrators_held_to_trusted_documents_run_those_only() {
    let dir = tempfile::tempdir().expect("dir");
    let listed = "query Listed { __typename }";
    let manifest = dir.path().join("manifest.json");
    let text = json!({
        "format": "apollo-persisted-query-manifest", "version": 1,
        "operations": [{ "id": sha256_hex(listed), "name": "Listed", "type": "query", "body": listed }]
    });
    std::fs::write(&manifest, text.to_string()).expect("manifest");
    let app = TestApp::spawn_with(move |config| {
        config.trusted_documents = Some(manifest);
        config.require_trusted_documents = vec!["INTEGRATOR".into()];
    })
    .await;
    let integrator = app.token(Role::Integrator, None);
    // By hash without registering, or in full.
    let by_hash = persisted(&app, Some(&integrator), "", &sha256_hex(listed)).await;
    assert_eq!(by_hash["data"]["__typename"], "Query", "{by_hash}");
    let in_full = app.gql(Some(&integrator), listed, json!({})).await;
    assert_eq!(in_full["data"]["__typename"], "Query", "{in_full}");
    // Anything else, however sent, is not in the list.
    let other = app.gql(Some(&integrator), ME, json!({})).await;
    assert_eq!(
        error_code(&other),
        Some("PERSISTED_QUERY_NOT_IN_LIST"),
        "{other}"
    );
    let registering = persisted(&app, Some(&integrator), ME, &sha256_hex(ME)).await;
    assert_eq!(
        error_code(&registering),
        Some("PERSISTED_QUERY_NOT_IN_LIST")
    );
    // Other roles are not held to the list.
    let admin = app.gql(Some(&app.admin()), ME, json!({})).await;
    assert_eq!(admin["data"]["me"]["role"], "CITY_ADMIN", "{admin}");
}
