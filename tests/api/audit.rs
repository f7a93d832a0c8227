//! The audit trail: written with every mutation, never by a failed one, and tamper-evident.

use mineright::domain::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{CREATE_MINE, TestApp, ZEZHOU, error_code, mine_input};

const LOG: &str =
    "query($filter: AuditFilter) { auditLog(filter: $filter) { totalCount edges { node {
    seq actorSub actorRole actorJti operation entity entityId before after prevHash hash } } } }";
const VERIFY: &str = "{ verifyAuditChain { valid checkedEntries firstBrokenSeq problem } }";

async fn log(app: &TestApp, filter: Value) -> Value {
    let body = app
        .gql(
            Some(&app.token(Role::Auditor, None)),
            LOG,
            json!({ "filter": filter }),
        )
        .await;
    body["data"]["auditLog"].clone()
}

#[tokio::test]
async fn each_mutation_records_who_what_and_the_before_and_after() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let created = app
        .gql(
            Some(&official),
            CREATE_MINE,
            json!({ "input": mine_input(ZEZHOU, "AUD-1") }),
        )
        .await;
    let id = created["data"]["createMine"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let update = "mutation($id: ID!) { updateMine(id: $id, version: 1, input: { name: \"新名\" }) { version } }";
    app.gql(Some(&official), update, json!({ "id": id })).await;

    let entries = log(&app, json!({ "entity": "Mine", "entityId": id })).await;
    assert_eq!(entries["totalCount"], 2);
    let newest = &entries["edges"][0]["node"];
    assert_eq!(newest["operation"], "updateMine");
    assert_eq!(newest["actorSub"], "test-county_official");
    assert_eq!(newest["actorRole"], "COUNTY_OFFICIAL");
    assert!(newest["actorJti"].is_string());
    let before: Value =
        serde_json::from_str(newest["before"].as_str().expect("before")).expect("json");
    let after: Value =
        serde_json::from_str(newest["after"].as_str().expect("after")).expect("json");
    assert_eq!(before["name"], "测试矿山AUD-1");
    assert_eq!(after["name"], "新名");
    let oldest = &entries["edges"][1]["node"];
    assert_eq!(oldest["operation"], "createMine");
    assert!(oldest["before"].is_null());
    assert_eq!(newest["prevHash"], oldest["hash"], "entries chain");

    let by_actor = log(&app, json!({ "actor": "test-county_official" })).await;
    assert_eq!(by_actor["totalCount"], 2);
    let nobody = log(&app, json!({ "actor": "someone-else" })).await;
    assert_eq!(nobody["totalCount"], 0);
    let future = log(&app, json!({ "from": "2999-01-01T00:00:00Z" })).await;
    assert_eq!(future["totalCount"], 0);
    let until_future = log(
        &app,
        json!({ "from": "2000-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z" }),
    )
    .await;
    assert_eq!(until_future["totalCount"], 2);
}

#[tokio::test]
async fn a_failing_mutation_leaves_neither_data_nor_audit_row() {
    let app = TestApp::spawn().await;
    app.create_mine(mine_input(ZEZHOU, "FAIL-1")).await;
    let before = log(&app, json!({})).await["totalCount"].clone();
    let duplicate = app
        .gql(
            Some(&app.admin()),
            CREATE_MINE,
            json!({ "input": mine_input(ZEZHOU, "FAIL-1") }),
        )
        .await;
    assert_eq!(error_code(&duplicate), Some("BAD_USER_INPUT"));
    let stale =
        "mutation { updateMine(id: \"1\", version: 9, input: { name: \"x\" }) { version } }";
    assert_eq!(
        error_code(&app.gql(Some(&app.admin()), stale, json!({})).await),
        Some("CONFLICT")
    );
    assert_eq!(log(&app, json!({})).await["totalCount"], before);
    let mines = app
        .gql(Some(&app.admin()), "{ mines { totalCount } }", json!({}))
        .await;
    assert_eq!(mines["data"]["mines"]["totalCount"], 1);
}

#[tokio::test]
async fn an_edited_audit_row_breaks_the_chain() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.create_mine(mine_input(ZEZHOU, &format!("TAMPER-{i}")))
            .await;
    }
    let auditor = app.token(Role::Auditor, None);
    let intact = app.gql(Some(&auditor), VERIFY, json!({})).await;
    assert_eq!(
        intact["data"]["verifyAuditChain"]["valid"], true,
        "{intact}"
    );
    assert_eq!(intact["data"]["verifyAuditChain"]["checkedEntries"], 3);

    app.state
        .db
        .execute_unprepared("UPDATE audit_log SET after_json = '{\"name\":\"篡改\"}' WHERE seq = 2")
        .await
        .expect("tamper");
    let edited = app.gql(Some(&auditor), VERIFY, json!({})).await;
    assert_eq!(edited["data"]["verifyAuditChain"]["valid"], false);
    assert_eq!(edited["data"]["verifyAuditChain"]["firstBrokenSeq"], 2);
}

#[tokio::test]
async fn a_deleted_audit_row_breaks_the_chain() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.create_mine(mine_input(ZEZHOU, &format!("DEL-{i}")))
            .await;
    }
    app.state
        .db
        .execute_unprepared("DELETE FROM audit_log WHERE seq = 3")
        .await
        .expect("delete");
    let body = app
        .gql(Some(&app.token(Role::Auditor, None)), VERIFY, json!({}))
        .await;
    assert_eq!(body["data"]["verifyAuditChain"]["valid"], false, "{body}");
    assert_eq!(body["data"]["verifyAuditChain"]["firstBrokenSeq"], 3);
}

#[tokio::test]
async fn a_city_reads_its_own_trail_and_the_deployment_wide_entries() {
    let app = TestApp::spawn().await;
    app.add_second_city().await;
    app.create_mine(mine_input(ZEZHOU, "CITY-1")).await;
    let revoke = "mutation { revokeToken(jti: \"gone\", reason: \"测试\") }";
    app.gql(Some(&app.admin()), revoke, json!({})).await;
    let auditor_of = |city: &str| {
        app.token_for(mineright::auth::TokenRequest {
            role: Role::Auditor,
            sub: format!("auditor-{city}"),
            city: Some(city.into()),
            county: None,
            department: None,
            ttl: std::time::Duration::from_secs(600),
        })
    };
    let query = "{ auditLog { totalCount edges { node { entity cityCode } } } }";
    let own = app.gql(Some(&auditor_of("140500")), query, json!({})).await;
    assert_eq!(own["data"]["auditLog"]["totalCount"], 2, "{own}");
    let other = app.gql(Some(&auditor_of("140600")), query, json!({})).await;
    assert_eq!(
        other["data"]["auditLog"]["totalCount"], 1,
        "only the token revocation: {other}"
    );
    assert_eq!(
        other["data"]["auditLog"]["edges"][0]["node"]["entity"],
        "Token"
    );
    assert!(other["data"]["auditLog"]["edges"][0]["node"]["cityCode"].is_null());
}

/// The chain is the whole deployment's: its length and head are shown to whoever reaches
/// the whole deployment, and not to the auditor of one city among several.
#[tokio::test]
async fn the_whole_chain_is_verified_only_by_who_reaches_the_whole_deployment() {
    let app = TestApp::spawn().await;
    let city_auditor = app.token(Role::Auditor, None);
    let alone = app.gql(Some(&city_auditor), VERIFY, json!({})).await;
    assert_eq!(
        alone["data"]["verifyAuditChain"]["valid"], true,
        "the only city: {alone}"
    );
    app.add_second_city().await;
    let among_several = app.gql(Some(&city_auditor), VERIFY, json!({})).await;
    assert_eq!(
        error_code(&among_several),
        Some("FORBIDDEN"),
        "{among_several}"
    );
    let deployment = app.token_for(mineright::auth::TokenRequest {
        role: Role::Auditor,
        sub: "deployment-auditor".into(),
        city: None,
        county: None,
        department: None,
        ttl: std::time::Duration::from_secs(600),
    });
    let whole = app.gql(Some(&deployment), VERIFY, json!({})).await;
    assert_eq!(whole["data"]["verifyAuditChain"]["valid"], true, "{whole}");
}
