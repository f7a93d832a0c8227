//! NEW-3 counted one way: under every combination of the city's settings, `admitBlock`,
//! `closureQuota` and `balanceOutlook` agree on how many mines are closed.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{ADMIT, Scenario, must, surveyed};
use crate::helpers::{TestApp, ZEZHOU, error_code, mine_input};

const SETTINGS: &str = "mutation($blocks: Boolean!, $completed: Boolean!, $members: Boolean!) { \
    updateAdmissionSettings(input: { countyBalanceBlocks: $blocks, completedClosuresOnly: $completed, \
    countIntegrationMembers: $members }) { countIntegrationMembers } }";

/// A second plan revision for 泽州县 that keeps two licensed closures (one cancelled), adds
/// an unlicensed closure site and an integration group of two licensed quarries, and
/// proposes five surveyed blocks; returns the block ids.
async fn ground(app: &TestApp) -> Vec<String> {
    let blocks = Scenario::new(app)
        .county(ZEZHOU)
        .closures(2)
        .blocks(5)
        .approved_plan()
        .await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plans = must(
        app,
        &official,
        "{ countyPlans(countyCode: \"140525\") { id statusLabel closures { duties { id kind kindLabel } } } }",
        json!({}),
    )
    .await;
    assert_eq!(plans["data"]["countyPlans"][0]["statusLabel"], "已批准");
    let duties = &plans["data"]["countyPlans"][0]["closures"][0]["duties"];
    assert!(
        duties
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["kind"] == "LICENCE_CANCELLATION" && d["kindLabel"] == "注销采矿许可证"),
        "each duty kind is shown with its name: {duties}"
    );
    let cancellation = plans["data"]["countyPlans"][0]["closures"][0]["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|duty| duty["kind"] == "LICENCE_CANCELLATION")
        .and_then(|duty| duty["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    must(
        app,
        &official,
        "mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: \"2025-06-20\") { doneOn } }",
        json!({ "d": cancellation }),
    )
    .await;
    let revision = must(
        app,
        &official,
        "mutation($p: ID!) { reviseCountyPlan(id: $p) { id } }",
        json!({ "p": plans["data"]["countyPlans"][0]["id"] }),
    )
    .await["data"]["reviseCountyPlan"]["id"]
        .clone();
    let mut site = mine_input(ZEZHOU, "NONE");
    site["licenceNo"] = Value::Null;
    site["latitude"] = json!(35.3);
    let site = app.create_mine(site).await;
    must(
        app,
        &official,
        "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, method: CLOSE, \
         closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }",
        json!({ "p": revision, "m": site }),
    )
    .await;
    let mut members = Vec::new();
    for (n, scale) in [(1, 20.0), (2, 40.0)] {
        let mut quarry = mine_input(ZEZHOU, &format!("GROUP-{n}"));
        quarry["productionScale"] = json!(scale);
        quarry["remainingReserves"] = json!(scale * 10.0);
        quarry["latitude"] = json!(35.6 + f64::from(n) * 0.01);
        members.push(app.create_mine(quarry).await);
    }
    must(
        app,
        &official,
        "mutation($p: ID!, $m: [ID!]!) { addIntegrationGroup(planId: $p, input: { mineIds: $m, \
         unifiedName: \"泽州整合采石场\", completeBy: \"2026-12-31\" }) { id } }",
        json!({ "p": revision, "m": members }),
    )
    .await;
    must(
        app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": revision }),
    )
    .await;
    must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": revision }),
    )
    .await;
    for block in &blocks {
        surveyed(app, block).await;
    }
    blocks
}

/// How many of `blocks` `admitBlock` lets in before NEW-3 refuses; gives their places back.
async fn admitted_until_refused(app: &TestApp, blocks: &[String]) -> u32 {
    let admin = app.admin();
    let mut entries = Vec::new();
    for block in blocks {
        let body = app
            .gql(Some(&admin), ADMIT, json!({ "year": 2026, "block": block }))
            .await;
        if error_code(&body) == Some("ADMISSION_REFUSED") {
            assert_eq!(
                body["errors"][0]["extensions"]["failedChecks"],
                json!(["NEW-3"]),
                "{body}"
            );
            break;
        }
        entries.push(body["data"]["admitBlock"]["id"].clone());
    }
    for entry in &entries {
        must(
            app,
            &admin,
            "mutation($e: ID!) { withdrawBlock(entryId: $e, reason: \"撤回\") { status } }",
            json!({ "e": entry }),
        )
        .await;
    }
    u32::try_from(entries.len()).unwrap_or(u32::MAX)
}

/// What `closureQuota` and `balanceOutlook` say is closed, city-wide and in 泽州县.
async fn read_closed(app: &TestApp) -> [u64; 4] {
    let body = must(
        app,
        &app.admin(),
        "{ city: closureQuota(cityCode: \"140500\") { closedMines } \
           county: closureQuota(countyCode: \"140525\") { closedMines } \
           balanceOutlook { years { closedToDate } counties { countyCode years { closedToDate } } } }",
        json!({}),
    )
    .await;
    let data = &body["data"];
    let last = |years: &Value| {
        years
            .as_array()
            .and_then(|years| years.last())
            .and_then(|year| year["closedToDate"].as_u64())
            .unwrap_or(0)
    };
    let county = data["balanceOutlook"]["counties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|county| county["countyCode"] == ZEZHOU)
        .map_or(0, |county| last(&county["years"]));
    [
        data["city"]["closedMines"].as_u64().unwrap_or(u64::MAX),
        data["county"]["closedMines"].as_u64().unwrap_or(u64::MAX),
        last(&data["balanceOutlook"]["years"]),
        county,
    ]
}

#[tokio::test]
async fn new_3_admission_quota_and_outlook_count_alike_under_every_setting() {
    let app = TestApp::spawn().await;
    let blocks = ground(&app).await;
    let mut seen = Vec::new();
    for setting in 0..8u8 {
        let (blocks_binding, completed, members) =
            (setting & 1 == 1, setting & 2 == 2, setting & 4 == 4);
        must(
            &app,
            &app.admin(),
            SETTINGS,
            json!({ "blocks": blocks_binding, "completed": completed, "members": members }),
        )
        .await;
        let [city, county, outlook_city, outlook_county] = read_closed(&app).await;
        let admitted = u64::from(admitted_until_refused(&app, &blocks).await);
        assert_eq!(
            [city, county, outlook_city, outlook_county, admitted],
            [city; 5],
            "county binding {blocks_binding}, completed only {completed}, members {members}"
        );
        // Two licensed closures, one cancelled; two licensed members, none cancelled.
        let expected = match (completed, members) {
            (false, false) => 2,
            (false, true) => 4,
            (true, _) => 1,
        };
        assert_eq!(
            city, expected,
            "completed only {completed}, members {members}"
        );
        seen.push(city);
    }
    assert_eq!(seen, [2, 2, 1, 1, 4, 4, 1, 1]);
}
