//! `campaignProgress` against the seed's deadline (docs/rules.md, milestones): a county is
//! rectified only when every entry of its plan in force is done, whenever it is due, and
//! the entries left are named.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{Scenario, must};
use crate::helpers::{TestApp, ZEZHOU};

const PROGRESS: &str = "{ campaignProgress(countyCode: \"140525\") { \
    campaign { milestones { code measure } } \
    counties { entriesLeft milestones { milestoneCode metOn late } } } }";
const CLOSURES: &str =
    "query($p: ID!) { countyPlan(id: $p) { closures { id closeBy duties { id dueBy } } } }";

/// The county's entries left and its state against the RECTIFICATION_DONE milestone.
async fn rectification(app: &TestApp) -> (Value, Value) {
    let body = must(app, &app.admin(), PROGRESS, json!({})).await;
    let report = &body["data"]["campaignProgress"];
    let code = report["campaign"]["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["measure"] == "RECTIFICATION_DONE")
        .map(|m| m["code"].clone())
        .unwrap_or_default();
    let county = &report["counties"][0];
    let state = county["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["milestoneCode"] == code)
        .cloned()
        .unwrap_or_default();
    (county["entriesLeft"].clone(), state)
}

#[tokio::test]
async fn an_entry_due_after_the_deadline_still_holds_the_rectification_back() {
    let app = TestApp::spawn_at("2026-01-15T02:00:00Z").await;
    Scenario::new(&app)
        .closures_due(&[2025, 2026])
        .approved_plan()
        .await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plans = must(
        &app,
        &official,
        "{ countyPlans(countyCode: \"140525\") { id inForce } }",
        json!({}),
    )
    .await;
    let plan = plans["data"]["countyPlans"][0]["id"].clone();
    let read = must(&app, &official, CLOSURES, json!({ "p": plan })).await;
    let closures = read["data"]["countyPlan"]["closures"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ids: Vec<Value> = closures.iter().map(|c| c["id"].clone()).collect();
    assert_eq!(ids.len(), 2, "{read}");
    let (left, state) = rectification(&app).await;
    assert_eq!(left, json!(ids), "nothing is done yet");
    assert_eq!(
        (state["metOn"].clone(), state["late"].clone()),
        (Value::Null, json!(true))
    );

    // The 2025 closure's own work done (its restoration, due in 2026, is aftercare).
    let first = &closures[0];
    for duty in first["duties"].as_array().into_iter().flatten() {
        if duty["dueBy"] == first["closeBy"] {
            must(
                &app,
                &official,
                "mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: \"2025-06-20\", note: \"已办结\") { id } }",
                json!({ "d": duty["id"] }),
            )
            .await;
        }
    }
    let (left, state) = rectification(&app).await;
    assert_eq!(left, json!([ids[1]]), "the 2026 closure is left");
    assert_eq!(
        state["metOn"],
        Value::Null,
        "an entry due after the milestone is not left out of it"
    );
}

/// An entry due after the campaign's rectification milestone (2025-12-31 for JC-2024) is
/// flagged as it is added and on submission, with the days past; nothing is refused.
#[tokio::test]
async fn an_entry_due_after_the_milestone_is_flagged_when_added_and_on_submit() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    let add = "mutation($p: ID!, $m: ID!, $c: Date!) { addClosureEntry(planId: $p, input: { \
        mineId: $m, method: CLOSE, closeBy: $c, restorationDueBy: \"2027-06-30\" }) { \
        closures { id } lateEntries { entryId dueBy daysPast warning } } }";
    let mut flagged = Vec::new();
    for (n, close_by) in ["2025-06-30", "2026-06-30"].into_iter().enumerate() {
        let mut mine = crate::helpers::mine_input(ZEZHOU, &format!("LATE-{n}"));
        mine["hasSafetyLicence"] = json!(false);
        mine["latitude"] = json!(35.6 + n as f64 * 0.05);
        let mine = app.create_mine(mine).await;
        let added = must(
            &app,
            &official,
            add,
            json!({ "p": plan, "m": mine, "c": close_by }),
        )
        .await;
        flagged.push(added["data"]["addClosureEntry"].clone());
    }
    assert_eq!(flagged[0]["lateEntries"], json!([]), "due by the milestone");
    let late_id = flagged[1]["closures"][1]["id"].clone();
    assert_eq!(
        flagged[1]["lateEntries"],
        json!([{
            "entryId": late_id,
            "dueBy": "2026-06-30",
            "daysPast": 181,
            "warning": "完成时间2026-06-30晚于整治完成时限2025-12-31（超出181天）"
        }])
    );
    crate::fixtures::with_division(&app, &official, &json!(plan)).await;
    let submitted = must(
        &app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { status lateEntries { entryId } } }",
        json!({ "p": plan }),
    )
    .await;
    assert_eq!(
        submitted["data"]["submitCountyPlan"],
        json!({ "status": "SUBMITTED", "lateEntries": [{ "entryId": late_id }] }),
        "flagged on submission, not refused"
    );
}
