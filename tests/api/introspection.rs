//! Introspection for callers without a token is a setting (docs/operations.md): on by
//! default; off, the schema is kept from them — `__schema` and `__type` answer null and
//! `/schema.graphql` 404 — while officials and integrators introspect as before, and no
//! error names a field the caller did not write.

use serde_json::json;

use crate::helpers::TestApp;

const SCHEMA: &str = "{ __schema { queryType { name } } }";
const TYPE: &str = "{ __type(name: \"Mine\") { fields { name } } }";

#[tokio::test]
async fn anonymous_introspection_is_refused_when_the_deployment_turns_it_off() {
    let app = TestApp::spawn_with(|config| config.anonymous_introspection = false).await;
    let admin = app.admin();
    for (query, root) in [(SCHEMA, "__schema"), (TYPE, "__type")] {
        let body = app.gql(None, query, json!({})).await;
        assert!(body["data"][root].is_null(), "{query}: {body}");
        assert!(!body.to_string().contains("fields"), "{body}");
        let body = app.gql(Some(&admin), query, json!({})).await;
        assert!(!body["data"][root].is_null(), "{query}: {body}");
    }
    // A misspelt field is refused without suggesting the field it resembles.
    let body = app.gql(None, "{ minez { totalCount } }", json!({})).await;
    let text = body.to_string();
    assert!(
        text.contains("minez") && !text.contains("\"mines\""),
        "{text}"
    );
    assert_eq!(app.download(None, "/schema.graphql").await.0, 404);
    let (status, sdl) = app.download(Some(&admin), "/schema.graphql").await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&sdl).contains("type Mine"));
}

#[tokio::test]
async fn anonymous_introspection_is_on_by_default() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, SCHEMA, json!({})).await;
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"],
        json!("Query"),
        "{body}"
    );
    assert_eq!(app.download(None, "/schema.graphql").await.0, 200);
}
