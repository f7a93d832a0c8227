//! Hostile files through the real router: every file of the corpus
//! (`tests/support/hostile.rs`) is refused with its sheet and cell or its limit named, and
//! the server answers the next request; uploads beyond the concurrent limit are told to
//! retry; a multipart `operations` part is held to the JSON body limit.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, ZEZHOU, error_code, error_field};
use crate::hostile::corpus;

const IMPORT: &str = "mutation($file: Upload!) { importMines(file: $file, dryRun: true) { rowsRead problems { row column message } } }";

async fn alive(app: &TestApp) {
    let body = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn every_hostile_file_is_refused_by_name_and_the_server_lives_on() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    for file in corpus() {
        let (status, body) = app
            .upload(Some(&admin), (IMPORT, json!({})), (file.name, file.bytes))
            .await;
        assert_eq!(status, 200, "{}: {body}", file.name);
        assert_eq!(
            (error_code(&body), error_field(&body)),
            (Some("BAD_USER_INPUT"), Some("file")),
            "{}: {body}",
            file.name
        );
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(file.refusal),
            "{}: {message} should name {}",
            file.name,
            file.refusal
        );
        alive(&app).await;
    }
}

#[tokio::test]
async fn an_attachment_import_reads_through_the_same_limits() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    let far = corpus()
        .into_iter()
        .find(|f| f.name == "far-corner.xlsx")
        .expect("in the corpus");
    let (_, body) = app
        .upload(
            Some(&official),
            (
                "mutation($plan: ID!, $file: Upload!) { importAttachment(planId: $plan, attachment: 2, file: $file, dryRun: true) { rowsRead } }",
                json!({ "plan": plan }),
            ),
            (far.name, far.bytes),
        )
        .await;
    assert_eq!(error_field(&body), Some("file"), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("XFD1048576")),
        "{body}"
    );
}

#[tokio::test]
async fn uploads_beyond_the_concurrent_limit_are_told_to_retry() {
    let app = TestApp::spawn_with(|config| {
        config.max_concurrent_uploads = 1;
        config.upload_wait = std::time::Duration::from_millis(50);
    })
    .await;
    let admin = app.admin();
    let held = app.state.uploads.enter().await.expect("the one place");
    let tiny = || {
        app.upload(
            Some(&admin),
            (IMPORT, json!({})),
            ("a.csv", b"x\n".to_vec()),
        )
    };
    let (_, body) = tiny().await;
    assert_eq!(error_code(&body), Some("SERVER_BUSY"), "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["retryAfterSeconds"], 1,
        "{body}"
    );
    drop(held);
    let (_, body) = tiny().await;
    assert_eq!(
        body["data"]["importMines"]["rowsRead"],
        Value::from(0),
        "{body}"
    );
}

#[tokio::test]
async fn a_multipart_operations_part_is_held_to_the_json_limit() {
    let app = TestApp::spawn().await;
    let padding = "#".repeat(1024 * 1024 + 1);
    let query = format!("{IMPORT}\n{padding}");
    let (status, body) = app
        .upload(
            Some(&app.admin()),
            (&query, json!({})),
            ("a.csv", b"x\n".to_vec()),
        )
        .await;
    assert_eq!(status, 413, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("operations")),
        "{body}"
    );
    alive(&app).await;
}
