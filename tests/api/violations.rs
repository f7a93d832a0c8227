//! A violation is history (docs/rules.md, CLOSE-1): a mine caught producing without its
//! safety licence and then ordered to stop keeps CLOSE-1, citing what was found, when and
//! by whom, so its approved close entry stays consistent on the next revision.

use chrono::{Days, Duration};
use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{must, with_division};
use crate::helpers::{TestApp, ZEZHOU, mine_input};

const MINE: &str = "query($m: ID!) { mine(id: $m) { version status \
    violation { kind foundOn foundBy } \
    assessment { disposition findings { ruleId message } } } }";

/// The mine's CLOSE-1 message, if it has the finding.
fn close_1(mine: &Value) -> Option<String> {
    mine["assessment"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["ruleId"] == "CLOSE-1")
        .and_then(|f| f["message"].as_str().map(str::to_owned))
}

/// The safety-licence story: found producing without its safety licence 400 days ago
/// (recorded), closed by an approved plan, ordered to stop a year ago; a revision submitted
/// today still finds CLOSE-1 and keeps the close entry. The same mine without the record
/// would be RETAIN (a stopped mine is not mining) and its close entry refused.
#[tokio::test]
async fn a_mine_ordered_to_stop_keeps_the_violation_it_was_found_in() {
    let app = TestApp::spawn().await;
    let today = app.state.clock.today();
    let found_on = today - Duration::days(400);
    let stopped_on = today.checked_sub_days(Days::new(365)).expect("date");
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut input = mine_input(ZEZHOU, "VIOLATION-1");
    input["hasSafetyLicence"] = json!(false);
    input["violation"] = json!({ "kind": "NO_SAFETY_LICENCE", "foundOn": found_on.to_string(),
        "foundBy": "泽州县应急管理局" });
    let id = app.create_mine(input).await;
    let plan = must(
        &app,
        &official,
        "mutation { createCountyPlan(countyCode: \"140525\") { id } }",
        json!({}),
    )
    .await["data"]["createCountyPlan"]["id"]
        .clone();
    must(
        &app,
        &official,
        "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, method: CLOSE, \
         closeBy: \"2027-06-30\", restorationDueBy: \"2028-06-30\" }) { id } }",
        json!({ "p": plan, "m": id }),
    )
    .await;
    with_division(&app, &official, &plan).await;
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    must(
        &app,
        &approver,
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;

    // Ordered to stop a year ago: the mine no longer produces.
    let before = must(&app, &official, MINE, json!({ "m": id })).await["data"]["mine"].clone();
    must(
        &app,
        &official,
        "mutation($m: ID!, $v: Int!, $since: Date!) { updateMine(id: $m, version: $v, input: { \
         status: SUSPENDED, suspendedSince: $since, suspensionOrdered: true }) { id } }",
        json!({ "m": id, "v": before["version"], "since": stopped_on.to_string() }),
    )
    .await;
    let after = must(&app, &official, MINE, json!({ "m": id })).await["data"]["mine"].clone();
    assert_eq!(after["status"], "SUSPENDED");
    assert_eq!(
        after["violation"],
        json!({ "kind": "NO_SAFETY_LICENCE", "foundOn": found_on.to_string(), "foundBy": "泽州县应急管理局" })
    );
    assert_eq!(after["assessment"]["disposition"], "CLOSE", "{after}");
    let cited = close_1(&after).unwrap_or_default();
    assert!(
        cited.starts_with(&format!(
            "{found_on}经泽州县应急管理局查实未取得安全生产许可证擅自开采"
        )),
        "{cited}"
    );

    // A year later the revision is submitted: the close entry still agrees.
    let revision = must(
        &app,
        &official,
        "mutation($p: ID!) { reviseCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await["data"]["reviseCountyPlan"]["id"]
        .clone();
    let submitted = must(
        &app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { status closures { method mine { id } } } }",
        json!({ "p": revision }),
    )
    .await;
    assert_eq!(
        submitted["data"]["submitCountyPlan"],
        json!({ "status": "SUBMITTED", "closures": [{ "method": "CLOSE", "mine": { "id": id } }] })
    );

    without_the_record_it_would_be_retain(&app, &official, &id, &after["version"]).await;
}

/// Without the record the stopped mine would lose CLOSE-1: the rule reads the record, and
/// clearing it (a record made in error) makes the mine RETAIN.
async fn without_the_record_it_would_be_retain(
    app: &TestApp,
    official: &str,
    id: &str,
    version: &Value,
) {
    let cleared = must(
        app,
        official,
        "mutation($m: ID!, $v: Int!) { updateMine(id: $m, version: $v, input: { violation: null }) \
         { violation { kind } assessment { disposition } } }",
        json!({ "m": id, "v": version }),
    )
    .await;
    assert_eq!(
        cleared["data"]["updateMine"],
        json!({ "violation": null, "assessment": { "disposition": "RETAIN" } })
    );
}
