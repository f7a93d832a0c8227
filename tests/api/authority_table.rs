//! NEW-6's authority table as data the city corrects: `setMineralAuthority` by the city
//! admin only, every field checked, audited with its reason, read at once by blocks and
//! admissions; an admitted entry keeps its authority and a standing one is checked again.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::block_life::ADMIT_ON;
use crate::fixtures::{Scenario, must, refused, surveyed};
use crate::helpers::{TestApp, ZEZHOU, error_field};

const SET: &str = "mutation($m: String!, $i: MineralAuthorityInput!) { \
    setMineralAuthority(mineralCode: $m, input: $i) { code transferAuthority delegable countyWhenSmall } }";
const BLOCK: &str = "query($b: ID!) { block(id: $b) { transferAuthority } }";
const LOG: &str = "query($f: AuditFilter) { auditLog(filter: $f) { edges { node { \
    operation entity entityId cityCode before after } } } }";

fn row(authority: &str, delegable: bool, county_when_small: bool, reason: &str) -> Value {
    json!({
        "transferAuthority": authority,
        "delegable": delegable,
        "countyWhenSmall": county_when_small,
        "reason": reason,
    })
}

async fn block_authority(app: &TestApp, block: &str) -> Value {
    must(app, &app.admin(), BLOCK, json!({ "b": block })).await["data"]["block"]
        ["transferAuthority"]
        .clone()
}

#[tokio::test]
async fn new_6_only_the_city_admin_corrects_the_table_and_every_field_is_checked() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let valid = json!({ "m": "IRON", "i": row("CITY", false, false, "省厅通知调整") });
    let unauthenticated = app.gql(None, SET, valid.clone()).await;
    assert_eq!(
        unauthenticated["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{unauthenticated}"
    );
    for role in [
        Role::CityApprover,
        Role::CountyOfficial,
        Role::Auditor,
        Role::Integrator,
        Role::DepartmentReviewer,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        refused(&app, &token, SET, valid.clone(), "FORBIDDEN").await;
    }
    let cases = [
        ("IRON", row("CITY", true, false, "理由"), "delegable"),
        (
            "IRON",
            row("PROVINCE", true, true, "理由"),
            "countyWhenSmall",
        ),
        ("NO_SUCH", row("CITY", false, false, "理由"), "mineralCode"),
        ("IRON", row("CITY", false, false, "  "), "reason"),
        ("IRON", row("CITY", false, false, "理\u{0007}由"), "reason"),
    ];
    for (mineral, input, field) in cases {
        let body = refused(
            &app,
            &admin,
            SET,
            json!({ "m": mineral, "i": input }),
            "BAD_USER_INPUT",
        )
        .await;
        assert_eq!(error_field(&body), Some(field), "{body}");
    }
    let iron = must(
        &app,
        &admin,
        "{ minerals { code transferAuthority delegable } }",
        json!({}),
    )
    .await["data"]["minerals"]
        .as_array()
        .and_then(|all| all.iter().find(|m| m["code"] == "IRON").cloned());
    assert_eq!(
        iron,
        Some(json!({ "code": "IRON", "transferAuthority": "PROVINCE", "delegable": true })),
        "a refused correction changes nothing"
    );
    let auditor = app.token(Role::Auditor, None);
    let trail = must(&app, &auditor, LOG, json!({ "f": { "entity": "Mineral" } })).await;
    assert_eq!(trail["data"]["auditLog"]["edges"], json!([]), "{trail}");
}

#[tokio::test]
async fn new_6_a_corrected_table_moves_blocks_and_admissions_but_not_admitted_entries() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(2)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    assert_eq!(block_authority(&app, &blocks[0]).await, "PROVINCE");

    let reason = "晋自然资发〔2026〕12号：铁矿调整为市级出让";
    let set = json!({ "m": "IRON", "i": row("CITY", false, false, reason) });
    let corrected = must(&app, &admin, SET, set).await;
    assert_eq!(
        corrected["data"]["setMineralAuthority"],
        json!({ "code": "IRON", "transferAuthority": "CITY", "delegable": false, "countyWhenSmall": false })
    );
    assert_eq!(block_authority(&app, &blocks[0]).await, "CITY");
    let city_platform = |b: &str| json!({ "b": b, "p": "CITY_PUBLIC_RESOURCE" });
    let entry = must(&app, &admin, ADMIT_ON, city_platform(&blocks[0])).await;
    assert_eq!(entry["data"]["admitBlock"]["transferAuthority"], "CITY");

    let auditor = app.token(Role::Auditor, None);
    let trail = must(&app, &auditor, LOG, json!({ "f": { "entity": "Mineral" } })).await;
    let node = &trail["data"]["auditLog"]["edges"][0]["node"];
    assert_eq!(node["operation"], "setMineralAuthority", "{trail}");
    assert_eq!(node["entityId"], "IRON");
    assert_eq!(
        node["cityCode"],
        Value::Null,
        "the table is the whole deployment's"
    );
    let image = |side: &str| -> Value {
        serde_json::from_str(node[side].as_str().unwrap_or("null")).unwrap_or(Value::Null)
    };
    assert_eq!(image("before")["transferAuthority"], "PROVINCE");
    assert_eq!(image("after")["transferAuthority"], "CITY");
    assert_eq!(image("after")["reason"], reason);

    let back = json!({ "m": "IRON", "i": row("PROVINCE", true, false, "撤回调整") });
    must(&app, &admin, SET, back).await;
    assert_eq!(block_authority(&app, &blocks[1]).await, "PROVINCE");
    let refused_now = app
        .gql(Some(&admin), ADMIT_ON, city_platform(&blocks[1]))
        .await;
    assert_eq!(
        refused_now["errors"][0]["extensions"]["failedChecks"],
        json!(["NEW-6"]),
        "{refused_now}"
    );
    let approve = "mutation { approveTransferPlan(year: 2026) { status } }";
    let standing = refused(
        &app,
        &app.token(Role::CityApprover, None),
        approve,
        json!({}),
        "ADMISSION_REFUSED",
    )
    .await;
    assert_eq!(
        standing["errors"][0]["extensions"]["entries"][0]["failedChecks"],
        json!(["NEW-6"]),
        "the standing entry's platform no longer follows the table: {standing}"
    );
    let entries = must(
        &app,
        &admin,
        "{ transferPlan(year: 2026) { entries { transferAuthority } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        entries["data"]["transferPlan"]["entries"],
        json!([{ "transferAuthority": "CITY" }]),
        "the entry keeps the authority it was admitted under"
    );
}
