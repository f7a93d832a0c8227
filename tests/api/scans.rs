//! Stamped scans through the router: attached to a plan revision and a survey record with
//! real multipart uploads, listed and downloaded under the record's read rules, refused
//! when the content is no scan or not what its name says, and audited with its checksum.

use mineright::auth::TokenRequest;
use mineright::domain::access::Role;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{GAOPING, TestApp, ZEZHOU, error_code};

const ATTACH: &str = "mutation($record: ScanRecord!, $id: ID!, $file: Upload!) { attachScan(record: $record, recordId: $id, file: $file) { \
    id fileName contentType sizeBytes sha256 url } }";
const PDF: &[u8] = b"%PDF-1.4\n% stamped attachment 2\n1 0 obj << >> endobj\n%%EOF\n";

async fn attach(
    app: &TestApp,
    token: &str,
    (record, id): (&str, &str),
    name: &str,
    bytes: &[u8],
) -> Value {
    let variables = json!({ "record": record, "id": id });
    app.upload(Some(token), (ATTACH, variables), (name, bytes.to_vec()))
        .await
        .1
}

/// a stamped plan revision and survey record, with the rules of their records.
#[tokio::test]
async fn scans_keep_to_their_records_rules() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;

    let body = attach(
        &app,
        &official,
        ("PLAN_REVISION", &plan),
        "附件2盖章件.pdf",
        PDF,
    )
    .await;
    let scan = &body["data"]["attachScan"];
    assert_eq!(
        (
            scan["contentType"].clone(),
            scan["sizeBytes"].clone(),
            scan["sha256"].clone()
        ),
        (
            json!("application/pdf"),
            json!(PDF.len()),
            json!(hex::encode(Sha256::digest(PDF)))
        ),
        "{body}"
    );
    let url = scan["url"].as_str().expect("url").to_owned();
    assert_eq!(
        app.download(Some(&official), &url).await,
        (200, PDF.to_vec())
    );

    // Refused: no scan at all, and a PNG named as a PDF; nothing kept.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    for (name, bytes) in [
        ("盖章件.pdf", b"hello, not a scan".as_slice()),
        ("盖章件.pdf", png.as_slice()),
    ] {
        let body = attach(&app, &official, ("PLAN_REVISION", &plan), name, bytes).await;
        assert_eq!(
            (
                error_code(&body),
                body["errors"][0]["extensions"]["field"].as_str()
            ),
            (Some("BAD_USER_INPUT"), Some("file")),
            "{body}"
        );
    }
    let listed = app
        .gql(
            Some(&official),
            "query($id: ID!) { scans(record: PLAN_REVISION, recordId: $id) { fileName } }",
            json!({ "id": plan }),
        )
        .await;
    assert_eq!(
        listed["data"]["scans"],
        json!([{ "fileName": "附件2盖章件.pdf" }]),
        "{listed}"
    );

    // Outside the record's scope: not found, whether listing, downloading or attaching.
    let gaoping = app.token(Role::CountyOfficial, Some(GAOPING));
    assert_eq!(app.download(Some(&gaoping), &url).await.0, 404);
    assert_eq!(app.download(None, &url).await.0, 404);
    let listed = app
        .gql(
            Some(&gaoping),
            "query($id: ID!) { scans(record: PLAN_REVISION, recordId: $id) { id } }",
            json!({ "id": plan }),
        )
        .await;
    assert_eq!(error_code(&listed), Some("NOT_FOUND"));
    let body = attach(&app, &gaoping, ("PLAN_REVISION", &plan), "x.pdf", PDF).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let auditor = app.token(Role::Auditor, None);
    assert_eq!(
        app.download(Some(&auditor), &url).await.0,
        200,
        "city roles read it"
    );
    let body = attach(&app, &auditor, ("PLAN_REVISION", &plan), "x.pdf", PDF).await;
    assert_eq!(
        error_code(&body),
        Some("FORBIDDEN"),
        "an auditor reads but does not attach"
    );

    // A survey record: its own department's reviewer attaches; another department may not.
    let block = app
        .create_block(crate::helpers::block_input(ZEZHOU, "扫描区块"))
        .await;
    let reviewer = |department: &str| {
        app.token_for(TokenRequest {
            role: Role::DepartmentReviewer,
            sub: format!("reviewer-{department}"),
            city: Some("140500".into()),
            county: None,
            department: Some(department.into()),
            ttl: std::time::Duration::from_secs(600),
        })
    };
    let forestry = reviewer("FORESTRY");
    app.gql(
        Some(&forestry),
        "mutation($b: ID!) { recordSurvey(blockId: $b, department: \"FORESTRY\", conflict: false) { id } }",
        json!({ "b": block }),
    )
    .await;
    let surveys = app
        .gql(
            Some(&forestry),
            "query($b: ID!) { block(id: $b) { surveys { id } } }",
            json!({ "b": block }),
        )
        .await;
    let survey = surveys["data"]["block"]["surveys"][0]["id"]
        .as_str()
        .expect("survey")
        .to_owned();
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    let body = attach(
        &app,
        &forestry,
        ("SURVEY_RECORD", &survey),
        "踏勘照片.jpg",
        &jpeg,
    )
    .await;
    assert_eq!(
        body["data"]["attachScan"]["contentType"], "image/jpeg",
        "{body}"
    );
    let body = attach(
        &app,
        &reviewer("WATER"),
        ("SURVEY_RECORD", &survey),
        "x.jpg",
        &jpeg,
    )
    .await;
    assert_eq!(
        error_code(&body),
        Some("NOT_FOUND"),
        "another department: {body}"
    );

    // The audit trail holds the checksum.
    let audit = app
        .gql(
            Some(&auditor),
            "{ auditLog(first: 50) { edges { node { operation after } } } }",
            json!({}),
        )
        .await;
    let attached = audit["data"]["auditLog"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|edge| edge["node"]["operation"] == "attachScan")
        .count();
    assert_eq!(attached, 2, "{audit}");
    assert!(
        audit
            .to_string()
            .contains(&hex::encode(Sha256::digest(PDF)))
    );
}

/// a duty's completion evidence, attached by its county's official only.
#[tokio::test]
async fn a_duty_takes_its_countys_scans_only() {
    let app = TestApp::spawn().await;
    let plan = crate::exports::approved_plan(&app).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let duties = app
        .gql(
            Some(&official),
            "query($p: ID!) { countyPlan(id: $p) { closures { duties { id } } } }",
            json!({ "p": plan }),
        )
        .await;
    let duty = duties["data"]["countyPlan"]["closures"][0]["duties"][0]["id"]
        .as_str()
        .expect("a duty")
        .to_owned();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    let body = attach(&app, &official, ("DUTY", &duty), "复垦验收.png", png).await;
    assert_eq!(
        body["data"]["attachScan"]["contentType"], "image/png",
        "{body}"
    );
    let url = body["data"]["attachScan"]["url"]
        .as_str()
        .expect("url")
        .to_owned();
    assert_eq!(
        app.download(Some(&official), &url).await,
        (200, png.to_vec())
    );
    let gaoping = app.token(Role::CountyOfficial, Some(GAOPING));
    let body = attach(&app, &gaoping, ("DUTY", &duty), "x.png", png).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    assert_eq!(app.download(Some(&gaoping), &url).await.0, 404);
}

/// A scan whose name claims no scan type is kept and served under its content's extension,
/// and each record and each official fills the store only up to their quota.
#[tokio::test]
async fn scans_take_their_contents_extension_and_keep_to_their_quotas() {
    let app = TestApp::spawn_with(|config| {
        config.scan_quota_per_record = 2 * PDF.len();
        config.scan_quota_per_official = 3 * PDF.len();
    })
    .await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let first = app.create_plan(&official, ZEZHOU).await;
    let body = attach(&app, &official, ("PLAN_REVISION", &first), "x.html", PDF).await;
    let scan = &body["data"]["attachScan"];
    assert_eq!(scan["fileName"], "x.pdf", "{body}");
    let url = scan["url"].as_str().expect("url").to_owned();
    let response = app
        .client
        .get(app.url(&url))
        .bearer_auth(&official)
        .send()
        .await
        .expect("download");
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        disposition.contains("x.pdf") && !disposition.contains("html"),
        "{disposition}"
    );
    let body = attach(&app, &official, ("PLAN_REVISION", &first), "run.exe", PDF).await;
    assert_eq!(body["data"]["attachScan"]["fileName"], "run.pdf", "{body}");

    // The record holds two; a third is refused, naming the record's quota.
    let body = attach(&app, &official, ("PLAN_REVISION", &first), "c.pdf", PDF).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("每条记录")),
        "{body}"
    );

    // A reviewer fills one survey record, then a second up to the official's own quota.
    let reviewer = app.token_for(TokenRequest {
        role: Role::DepartmentReviewer,
        sub: "reviewer-forestry".into(),
        city: Some("140500".into()),
        county: None,
        department: Some("FORESTRY".into()),
        ttl: std::time::Duration::from_secs(600),
    });
    let mut surveys = Vec::new();
    for name in ["配额区块一", "配额区块二"] {
        let block = app
            .create_block(crate::helpers::block_input(ZEZHOU, name))
            .await;
        let body = app
            .gql(
                Some(&reviewer),
                "mutation($b: ID!) { recordSurvey(blockId: $b, department: \"FORESTRY\", conflict: false) { surveys { id } } }",
                json!({ "b": block }),
            )
            .await;
        surveys.push(
            body["data"]["recordSurvey"]["surveys"][0]["id"]
                .as_str()
                .expect("survey")
                .to_owned(),
        );
    }
    for (survey, name) in [
        (&surveys[0], "a.pdf"),
        (&surveys[0], "b.pdf"),
        (&surveys[1], "c.pdf"),
    ] {
        let body = attach(&app, &reviewer, ("SURVEY_RECORD", survey), name, PDF).await;
        assert_eq!(body["data"]["attachScan"]["fileName"], name, "{body}");
    }
    let body = attach(
        &app,
        &reviewer,
        ("SURVEY_RECORD", &surveys[1]),
        "d.pdf",
        PDF,
    )
    .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("每人")),
        "{body}"
    );
}
