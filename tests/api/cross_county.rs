//! Integration across a county line (docs/rules.md): the city coordinates the group, each
//! county's plan carries its own members, the group is formed when both counties' plans
//! in force carry it, and completing it makes one unified mine and ends every licence.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{mine_at, must, refused, with_division};
use crate::helpers::{GAOPING, TestApp, ZEZHOU};

const COORDINATE: &str = "mutation($ids: [ID!]!) { coordinateIntegration(input: { mineIds: $ids, \
    unifiedName: \"山脊整合采石场\", completeBy: \"2026-12-31\" }) \
    { id formed counties { countyCode carried } mines { id } } }";
const JOIN: &str = "mutation($p: ID!, $g: ID!) { joinCoordinatedGroup(planId: $p, groupId: $g) \
    { integrations { id coordinatedGroupId mines { id } duties { id kind } } } }";
const GROUPS: &str = "{ coordinatedGroups { id formed unifiedMineId counties { countyCode carried } mines { id } } }";

/// A quarry of `county` at its own spot `n`, held by `holder`, with ten years of reserves.
async fn quarry(app: &TestApp, county: &str, n: u32, scale: f64, holder: &str) -> String {
    let changes = json!({ "productionScale": scale, "remainingReserves": scale * 10.0,
        "holder": holder });
    mine_at(app, county, n, changes).await
}

/// Opens `county`'s plan, joins group `group` with its division of work, submits it and
/// has it approved; returns the approved entry joined to the group.
async fn carry(app: &TestApp, county: &str, group: &Value) -> Value {
    let official = app.token(Role::CountyOfficial, Some(county));
    let plan = must(
        app,
        &official,
        "mutation($c: String!) { createCountyPlan(countyCode: $c) { id } }",
        json!({ "c": county }),
    )
    .await["data"]["createCountyPlan"]["id"]
        .clone();
    must(app, &official, JOIN, json!({ "p": plan, "g": group })).await;
    with_division(app, &official, &plan).await;
    must(
        app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation($p: ID!) { approveCountyPlan(id: $p) { integrations { id duties { id kind } } } }",
        json!({ "p": plan }),
    )
    .await["data"]["approveCountyPlan"]["integrations"][0]
        .clone()
}

fn kinds(entry: &Value) -> Vec<&str> {
    entry["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["kind"].as_str())
        .collect()
}

const COMPLETE: &str =
    "mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: \"2026-01-10\") { doneOn } }";

/// Only the city admin coordinates, and only across a county line (INTEGRATE-GROUP).
#[tokio::test]
async fn only_the_city_coordinates_and_only_across_a_county_line() {
    let app = TestApp::spawn_at("2026-02-01T02:00:00Z").await;
    let admin = app.admin();
    let small = quarry(&app, ZEZHOU, 1, 20.0, "泽州建材有限公司").await;
    let large = quarry(&app, GAOPING, 2, 40.0, "高平建材有限公司").await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let ids = json!({ "ids": [small, large] });
    for role in [
        Role::CityApprover,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ] {
        let token = app.token(role, None);
        refused(&app, &token, COORDINATE, ids.clone(), "FORBIDDEN").await;
    }
    refused(&app, &official, COORDINATE, ids.clone(), "FORBIDDEN").await;
    let other = quarry(&app, ZEZHOU, 3, 60.0, "另一建材有限公司").await;
    let one_county = refused(
        &app,
        &admin,
        COORDINATE,
        json!({ "ids": [small, other] }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        one_county["errors"][0]["extensions"]["rule"],
        "INTEGRATE-GROUP"
    );
}

/// The story: both counties carry the group, the first completion after both approvals
/// unifies it, the other county's completion records its part.
#[tokio::test]
async fn a_group_both_counties_approve_becomes_one_mine_and_ends_every_licence() {
    let app = TestApp::spawn_at("2026-02-01T02:00:00Z").await;
    let admin = app.admin();
    let small = quarry(&app, ZEZHOU, 1, 20.0, "泽州建材有限公司").await;
    let large = quarry(&app, GAOPING, 2, 40.0, "高平建材有限公司").await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let ids = json!({ "ids": [small, large] });
    let group = must(&app, &admin, COORDINATE, ids).await["data"]["coordinateIntegration"].clone();
    assert_eq!(
        (&group["formed"], &group["counties"]),
        (
            &json!(false),
            &json!([{ "countyCode": ZEZHOU, "carried": false }, { "countyCode": GAOPING, "carried": false }])
        )
    );
    let group_id = group["id"].clone();

    // 泽州县 carries its member: the smaller one, merging into 高平's holder.
    let zezhou = carry(&app, ZEZHOU, &group_id).await;
    assert_eq!(
        kinds(&zezhou),
        [
            "INTEGRATION_COMPLETED",
            "LICENCE_CANCELLATION",
            "SETTLEMENT",
            "LAND_RECLAMATION",
            "ENVIRONMENT_RESTORATION"
        ]
    );
    let zezhou_duty = zezhou["duties"][0]["id"].clone();
    let early = refused(
        &app,
        &official,
        COMPLETE,
        json!({ "d": zezhou_duty }),
        "CONFLICT",
    )
    .await;
    assert!(
        early["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("高平市"),
        "{early}"
    );
    // A county official reads its own member only.
    let seen = must(&app, &official, GROUPS, json!({})).await;
    assert_eq!(
        seen["data"]["coordinatedGroups"][0]["mines"],
        json!([{ "id": small }])
    );

    // 高平市 carries the largest member: the group is formed.
    let gaoping = carry(&app, GAOPING, &group_id).await;
    assert_eq!(kinds(&gaoping), ["INTEGRATION_COMPLETED"]);
    let formed =
        must(&app, &admin, GROUPS, json!({})).await["data"]["coordinatedGroups"][0].clone();
    assert_eq!(formed["formed"], true, "{formed}");

    must(&app, &official, COMPLETE, json!({ "d": zezhou_duty })).await;
    let done = must(&app, &admin, GROUPS, json!({})).await["data"]["coordinatedGroups"][0].clone();
    let unified = done["unifiedMineId"].as_str().expect("unified").to_owned();
    let read = "query($m: ID!) { mine(id: $m) { name holder countyCode status productionScale licenceNo } }";
    assert_eq!(
        must(&app, &admin, read, json!({ "m": unified })).await["data"]["mine"],
        json!({ "name": "山脊整合采石场", "holder": "高平建材有限公司", "countyCode": GAOPING,
                "status": "PRODUCING", "productionScale": 60.0, "licenceNo": "PLAN-140581-2" })
    );
    for member in [&small, &large] {
        let row = must(&app, &admin, read, json!({ "m": member })).await;
        assert_eq!(
            (
                &row["data"]["mine"]["status"],
                &row["data"]["mine"]["licenceNo"]
            ),
            (&json!("CLOSED"), &json!(null)),
            "{row}"
        );
    }
    // 高平's own completion afterwards records its part and unifies nothing again.
    let gaoping_official = app.token(Role::CountyOfficial, Some(GAOPING));
    must(
        &app,
        &gaoping_official,
        COMPLETE,
        json!({ "d": gaoping["duties"][0]["id"] }),
    )
    .await;
    let mines = must(
        &app,
        &admin,
        "{ mines(first: 10) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(
        mines["data"]["mines"]["totalCount"], 3,
        "the two closed members and one unified mine"
    );
}
