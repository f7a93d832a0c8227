//! Every role against every mutation it must not do, and the ones it may.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{CREATE_MINE, GAOPING, TestApp, ZEZHOU, error_code, mine_input};

const UPDATE: &str =
    "mutation($id: ID!) { updateMine(id: $id, version: 1, input: { name: \"改\" }) { version } }";
const ARCHIVE: &str = "mutation($id: ID!) { archiveMine(id: $id, reason: \"测试\") { archived } }";

async fn code_of(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Option<String> {
    let body = app.gql(token, query, variables).await;
    error_code(&body).map(str::to_owned)
}

#[tokio::test]
async fn mine_mutations_are_refused_to_every_role_that_must_not_write() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "AUTH-1")).await;
    let create = json!({ "input": mine_input(ZEZHOU, "AUTH-NEW") });
    let target = json!({ "id": id });

    for (query, variables) in [
        (CREATE_MINE, &create),
        (UPDATE, &target),
        (ARCHIVE, &target),
    ] {
        assert_eq!(
            code_of(&app, None, query, variables.clone())
                .await
                .as_deref(),
            Some("UNAUTHENTICATED")
        );
        for role in [
            Role::CityApprover,
            Role::DepartmentReviewer,
            Role::Integrator,
            Role::Auditor,
        ] {
            let token = app.token(role, Some(ZEZHOU));
            assert_eq!(
                code_of(&app, Some(&token), query, variables.clone())
                    .await
                    .as_deref(),
                Some("FORBIDDEN"),
                "{role:?} on {query}"
            );
        }
        let other_county = app.token(Role::CountyOfficial, Some(GAOPING));
        assert_eq!(
            code_of(&app, Some(&other_county), query, variables.clone())
                .await
                .as_deref(),
            Some("FORBIDDEN"),
            "another county's official on {query}"
        );
    }
    let unchanged = app
        .gql(
            Some(&app.admin()),
            "query($id: ID!) { mine(id: $id) { version archived } }",
            target,
        )
        .await;
    assert_eq!(unchanged["data"]["mine"]["version"], 1);
    assert_eq!(unchanged["data"]["mine"]["archived"], false);
}

#[tokio::test]
async fn a_county_official_writes_its_own_county_only() {
    let app = TestApp::spawn().await;
    let zezhou = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let body = app
        .gql(
            Some(&zezhou),
            CREATE_MINE,
            json!({ "input": mine_input(ZEZHOU, "OWN-1") }),
        )
        .await;
    let id = body["data"]["createMine"]["id"].clone();
    assert!(id.is_string(), "{body}");
    assert_eq!(
        code_of(&app, Some(&zezhou), UPDATE, json!({ "id": id })).await,
        None
    );
    assert_eq!(
        code_of(&app, Some(&zezhou), ARCHIVE, json!({ "id": id })).await,
        None
    );
    let elsewhere = app
        .gql(
            Some(&zezhou),
            CREATE_MINE,
            json!({ "input": mine_input(GAOPING, "OWN-2") }),
        )
        .await;
    assert_eq!(error_code(&elsewhere), Some("FORBIDDEN"));
    let moved = "mutation($id: ID!) { updateMine(id: $id, version: 3, input: { countyCode: \"140581\" }) { version } }";
    assert!(
        code_of(&app, Some(&zezhou), moved, json!({ "id": id }))
            .await
            .is_some(),
        "cannot move a mine out of its county"
    );
}

#[tokio::test]
async fn a_city_admin_of_another_city_is_refused() {
    let app = TestApp::spawn().await;
    app.add_second_city().await;
    let token = app.token_for(mineright::auth::TokenRequest {
        role: Role::CityAdmin,
        sub: "other-city".into(),
        city: Some("140600".into()),
        county: None,
        department: None,
        ttl: std::time::Duration::from_secs(600),
    });
    let body = app
        .gql(
            Some(&token),
            CREATE_MINE,
            json!({ "input": mine_input(ZEZHOU, "OC-1") }),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
}

#[tokio::test]
async fn audit_reads_are_for_auditors_and_the_city_admin() {
    let app = TestApp::spawn().await;
    let query = "{ auditLog { totalCount } verifyAuditChain { valid } }";
    assert_eq!(
        code_of(&app, None, query, json!({})).await.as_deref(),
        Some("UNAUTHENTICATED")
    );
    for role in [
        Role::CityApprover,
        Role::CountyOfficial,
        Role::DepartmentReviewer,
        Role::Integrator,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        assert_eq!(
            code_of(&app, Some(&token), query, json!({}))
                .await
                .as_deref(),
            Some("FORBIDDEN"),
            "{role:?}"
        );
    }
    for role in [Role::Auditor, Role::CityAdmin] {
        let token = app.token(role, None);
        assert_eq!(
            code_of(&app, Some(&token), query, json!({})).await,
            None,
            "{role:?}"
        );
    }
}

#[tokio::test]
async fn authorisation_is_checked_before_the_input_is_validated() {
    let app = TestApp::spawn().await;
    let mut invalid = mine_input(ZEZHOU, "ORDER-1");
    invalid["productionScale"] = json!(-1);
    let gaoping = app.token(Role::CountyOfficial, Some(GAOPING));
    let body = app
        .gql(Some(&gaoping), CREATE_MINE, json!({ "input": invalid }))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let anonymous = app
        .gql(
            None,
            "mutation { archiveMine(id: \"not-a-number\", reason: \"x\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn only_the_city_admin_registers_a_sold_block() {
    let app = TestApp::spawn().await;
    let query = "mutation { registerSoldBlock(entryId: \"1\", input: { licenceNo: \"C1\", \
        licenceValidFrom: \"2026-01-01\", licenceValidUntil: \"2030-01-01\", \
        constructionDeadline: \"2027-01-01\" }) { id } }";
    assert_eq!(
        code_of(&app, None, query, json!({})).await.as_deref(),
        Some("UNAUTHENTICATED")
    );
    for role in [
        Role::CityApprover,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ] {
        let token = app.token(role, None);
        assert_eq!(
            code_of(&app, Some(&token), query, json!({}))
                .await
                .as_deref(),
            Some("FORBIDDEN"),
            "{role:?}"
        );
    }
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    assert_eq!(
        code_of(&app, Some(&official), query, json!({}))
            .await
            .as_deref(),
        Some("FORBIDDEN")
    );
    assert_eq!(
        code_of(&app, Some(&app.admin()), query, json!({}))
            .await
            .as_deref(),
        Some("NOT_FOUND"),
        "the admin passes authorisation and finds no entry"
    );
}
