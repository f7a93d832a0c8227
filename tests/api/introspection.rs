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

/// Documents whose refusals would name a type: a field unknown on a page's type, a page
/// without a selection, a wrong argument type.
const TYPE_REVEALING: [&str; 3] = [
    "{ mines { lol } }",
    "{ mines }",
    "{ mines(first: \"many\") { totalCount } }",
];

#[tokio::test]
async fn with_the_schema_kept_from_them_refusals_name_only_what_the_caller_wrote() {
    let app = TestApp::spawn_with(|config| config.anonymous_introspection = false).await;
    for query in TYPE_REVEALING {
        let body = app.gql(None, query, json!({})).await;
        let text = body.to_string();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{text}"
        );
        assert!(
            body["errors"][0]["extensions"]["detail"].is_null(),
            "{text}"
        );
        for named in ["MineConnection", "Int", "type"] {
            assert!(!text.contains(named), "{query} names {named}: {text}");
        }
    }
    // The field the caller wrote is still named, so the refusal can be acted on.
    let body = app.gql(None, TYPE_REVEALING[0], json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "lol", "{body}");
    // Officials still get the whole explanation.
    let body = app
        .gql(Some(&app.admin()), TYPE_REVEALING[0], json!({}))
        .await;
    assert!(body.to_string().contains("MineConnection"), "{body}");
}

/// clairvoyance (PyPI), the schema-recovery tool, against the server with anonymous
/// introspection off: given a word list holding real field names, it recovers no schema.
/// Runs where `MINERIGHT_CLAIRVOYANCE` names its executable (CI installs it; with
/// `MINERIGHT_REQUIRE_CLAIRVOYANCE=1` its absence fails the test).
#[tokio::test]
async fn clairvoyance_recovers_no_schema_with_introspection_off() {
    let Some(tool) = std::env::var_os("MINERIGHT_CLAIRVOYANCE") else {
        assert!(
            std::env::var("MINERIGHT_REQUIRE_CLAIRVOYANCE").is_err(),
            "MINERIGHT_CLAIRVOYANCE must name clairvoyance"
        );
        eprintln!("skipped: MINERIGHT_CLAIRVOYANCE is not set");
        return;
    };
    let app = TestApp::spawn_with(|config| config.anonymous_introspection = false).await;
    let dir = tempfile::tempdir().expect("dir");
    let words = dir.path().join("words.txt");
    std::fs::write(
        &words,
        "mines\nmine\nme\nblocks\ntransferPlans\nid\nname\nrole\ntotalCount\nedges\nnode\nlol\n",
    )
    .expect("words");
    let schema = dir.path().join("schema.json");
    let url = app.url("/graphql");
    let (words, schema_path) = (words.clone(), schema.clone());
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(tool)
            .arg("-w")
            .arg(&words)
            .arg("-o")
            .arg(&schema_path)
            .arg(&url)
            .output()
            .expect("clairvoyance")
    })
    .await
    .expect("joined");
    let said = String::from_utf8_lossy(&output.stderr);
    // It cannot type a single field it guessed, so it gives up without a schema.
    assert!(!output.status.success(), "{said}");
    assert!(!schema.exists(), "a schema was recovered");
    assert!(said.contains("Unable to get TypeRef"), "{said}");
}
