//! Versioned standards through GraphQL: a change takes effect from its date, old dates
//! replay the old version, and only the city admin may change them.

use mineright::domain::access::Role;
use serde_json::json;

use crate::assessment::{ASSESSMENT, iron};
use crate::helpers::{TestApp, ZEZHOU, error_code, error_field};

const UPDATE_STANDARDS: &str =
    "mutation($input: StandardsChangeInput!) { updateStandards(input: $input) {
    id effectiveFrom reason minimums { mineralCode minScale } parameters { minServiceYears } } }";

#[tokio::test]
async fn a_standards_change_alters_assessments_from_its_date_and_old_dates_replay_the_old_version()
{
    let app = TestApp::spawn().await;
    let id = app.create_mine(iron(ZEZHOU, "V-1", 35.0)).await;
    let change = json!({ "input": {
        "effectiveFrom": "2026-01-01", "reason": "省厅提高铁矿最低开采规模",
        "minimums": [{ "mineralCode": "IRON", "minScale": 40, "source": "晋自然资发〔2026〕1号（示例）" }]
    } });
    let admin = app.admin();
    let body = app
        .gql(Some(&admin), UPDATE_STANDARDS, change.clone())
        .await;
    let version = &body["data"]["updateStandards"];
    assert_eq!(version["id"], 2, "{body}");
    assert!(version["minimums"].as_array().is_some_and(|m| {
        m.iter()
            .any(|m| m["mineralCode"] == "IRON" && m["minScale"] == 40.0)
    }));
    assert_eq!(
        version["parameters"]["minServiceYears"], 5.0,
        "unchanged parameters are copied"
    );

    let now = app
        .gql(
            Some(&admin),
            ASSESSMENT,
            json!({ "id": id, "asOf": "2026-06-01" }),
        )
        .await;
    let now = &now["data"]["mine"]["assessment"];
    assert_eq!(
        (now["standardsVersion"].clone(), now["disposition"].clone()),
        (json!(2), json!("EXIT"))
    );
    let before = app
        .gql(
            Some(&admin),
            ASSESSMENT,
            json!({ "id": id, "asOf": "2025-06-01" }),
        )
        .await;
    let before = &before["data"]["mine"]["assessment"];
    assert_eq!(
        (
            before["standardsVersion"].clone(),
            before["disposition"].clone()
        ),
        (json!(1), json!("RETAIN"))
    );

    let versions = app.gql(None, "{ standardsVersions { id } old: standardsVersion(id: 1) { minimums { mineralCode minScale } } }", json!({})).await;
    assert_eq!(
        versions["data"]["standardsVersions"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let old_iron = versions["data"]["old"]["minimums"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["mineralCode"] == "IRON"))
        .cloned();
    assert_eq!(
        old_iron.map(|m| m["minScale"].clone()),
        Some(json!(30.0)),
        "version 1 is unchanged"
    );

    let log = app
        .gql(
            Some(&admin),
            "{ auditLog(filter: { entity: \"StandardsVersion\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 1);
    for role in [
        Role::CityApprover,
        Role::CountyOfficial,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ] {
        let refused = app
            .gql(
                Some(&app.token(role, Some(ZEZHOU))),
                UPDATE_STANDARDS,
                change.clone(),
            )
            .await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{role:?}");
    }
    let mut bad = change;
    bad["input"]["minimums"][0]["minScale"] = json!(-3);
    let refused = app.gql(Some(&admin), UPDATE_STANDARDS, bad).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn a_backdated_standards_change_is_refused() {
    let app = TestApp::spawn().await;
    let change = json!({ "input": {
        "effectiveFrom": "2023-01-01", "reason": "追溯修订",
        "parameters": { "longSuspensionMonths": 6 }
    } });
    let body = app.gql(Some(&app.admin()), UPDATE_STANDARDS, change).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&body), Some("effectiveFrom"));
}

#[tokio::test]
async fn a_city_of_another_province_cannot_change_this_provinces_standards() {
    let app = TestApp::spawn().await;
    app.add_places(&[
        "INSERT INTO provinces (code, name) VALUES ('130000', '河北省')",
        "INSERT INTO cities (code, name, province_code) VALUES ('130100', '石家庄市', '130000')",
    ])
    .await;
    let hebei_admin = app.token_for(mineright::auth::TokenRequest {
        role: Role::CityAdmin,
        sub: "hebei-admin".into(),
        city: Some("130100".into()),
        county: None,
        department: None,
        ttl: std::time::Duration::from_secs(600),
    });
    let change = json!({ "input": {
        "effectiveFrom": "2027-01-01", "reason": "他省修订",
        "parameters": { "longSuspensionMonths": 6 }
    } });
    let body = app.gql(Some(&hebei_admin), UPDATE_STANDARDS, change).await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    let versions = app
        .gql(None, "{ standardsVersions { id provinceCode } }", json!({}))
        .await;
    assert_eq!(
        versions["data"]["standardsVersions"],
        json!([{ "id": 1, "provinceCode": "140000" }]),
        "Shanxi's standards are untouched"
    );
}
