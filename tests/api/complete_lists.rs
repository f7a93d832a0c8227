//! The three batches are complete (三个一批, docs/rules.md): a plan that leaves out a mine its
//! assessment puts in a batch is not submitted, and the refusal names every such mine with
//! its rule at once; an integration finding lapses when the partner causing it exits in the
//! same plan.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{mine_at, must, refused, with_division};
use crate::helpers::{TestApp, ZEZHOU};

/// A mine of 泽州县 at its own spot `n` (a kilometre from the others: no INTEGRATE-2) with
/// `changes` applied to the helpers' valid quarry (RETAIN).
async fn mine(app: &TestApp, n: u32, changes: Value) -> String {
    mine_at(app, ZEZHOU, n, changes).await
}

const OPEN: &str = "mutation { createCountyPlan(countyCode: \"140525\") { id } }";
const SUBMIT: &str = "mutation($p: ID!) { submitCountyPlan(id: $p) { status } }";
const EXIT: &str = "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, \
    method: EXIT, closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }";
const UPGRADE: &str = "mutation($p: ID!, $m: ID!) { addUpgradeEntry(planId: $p, input: { mineId: $m, \
    targetScale: 80, completeBy: \"2025-12-31\" }) { id } }";

/// (rule, field) of every problem of a refusal, in order.
fn problems(body: &Value) -> Vec<(String, String)> {
    body["errors"][0]["extensions"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap_or_default().to_owned();
            (text("rule"), text("field"))
        })
        .collect()
}

/// EXIT-1 and EXIT-2: a plan leaving out an exhausted mine and a long-suspended one is
/// refused naming both (and the mine that may stay is not named); once both exit, it is
/// submitted.
#[tokio::test]
async fn a_plan_leaving_out_two_exits_is_refused_naming_both() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    mine(&app, 1, json!({})).await;
    let exhausted = mine(&app, 2, json!({ "resourcesExhausted": true })).await;
    let suspended = mine(
        &app,
        3,
        json!({ "status": "SUSPENDED", "suspendedSince": "2020-01-01" }),
    )
    .await;
    let plan =
        must(&app, &official, OPEN, json!({})).await["data"]["createCountyPlan"]["id"].clone();
    with_division(&app, &official, &plan).await;
    // The draft shows what it has yet to list, as submit will name it.
    let unlisted = "query($p: ID!) { countyPlan(id: $p) { unlisted { mineId list ruleId } } }";
    let shown = must(&app, &official, unlisted, json!({ "p": plan })).await;
    assert_eq!(
        shown["data"]["countyPlan"]["unlisted"],
        json!([
            { "mineId": exhausted, "list": "closures", "ruleId": "EXIT-1" },
            { "mineId": suspended, "list": "closures", "ruleId": "EXIT-2" }
        ])
    );
    let refusal = refused(
        &app,
        &official,
        SUBMIT,
        json!({ "p": plan }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        problems(&refusal),
        [
            ("EXIT-1".to_owned(), "closures".to_owned()),
            ("EXIT-2".to_owned(), "closures".to_owned())
        ],
        "{refusal}"
    );
    let text = refusal["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("编号{exhausted}")) && text.contains(&format!("编号{suspended}")),
        "{text}"
    );
    for id in [&exhausted, &suspended] {
        must(&app, &official, EXIT, json!({ "p": plan, "m": id })).await;
    }
    let shown = must(&app, &official, unlisted, json!({ "p": plan })).await;
    assert_eq!(shown["data"]["countyPlan"]["unlisted"], json!([]));
    let submitted = must(&app, &official, SUBMIT, json!({ "p": plan })).await;
    assert_eq!(submitted["data"]["submitCountyPlan"]["status"], "SUBMITTED");
}

/// EXIT-3 and UPGRADE-1: a mine below the provincial standard and a small quarry may take
/// any route their options allow; left off every list, each is named with its rule under
/// its default route's list.
#[tokio::test]
async fn mines_with_a_choice_of_route_must_still_take_one() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    // 20 万吨/年 is below the provincial 50 for quarries: EXIT-3 with options.
    let below = mine(
        &app,
        1,
        json!({ "productionScale": 20.0, "remainingReserves": 800.0 }),
    )
    .await;
    // 水泥用灰岩 at 40 万吨/年 is small: UPGRADE-1.
    let small = mine(
        &app,
        2,
        json!({ "mineralCode": "CEMENT_LIMESTONE", "productionScale": 40.0, "remainingReserves": 800.0 }),
    )
    .await;
    let plan =
        must(&app, &official, OPEN, json!({})).await["data"]["createCountyPlan"]["id"].clone();
    with_division(&app, &official, &plan).await;
    let refusal = refused(
        &app,
        &official,
        SUBMIT,
        json!({ "p": plan }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        problems(&refusal),
        [
            ("EXIT-3".to_owned(), "closures".to_owned()),
            ("UPGRADE-1".to_owned(), "upgrades".to_owned())
        ],
        "{refusal}"
    );
    // The EXIT-3 mine takes its upgrade option, the small quarry its upgrade.
    for id in [&below, &small] {
        must(&app, &official, UPGRADE, json!({ "p": plan, "m": id })).await;
    }
    must(&app, &official, SUBMIT, json!({ "p": plan })).await;
}

/// INTEGRATE-1: two holders on one ore body must integrate (neither may be upgraded on its
/// own); once one of them exits in the plan, the finding lapses for the other, which may
/// then be upgraded, or left as it is when it may stay.
#[tokio::test]
async fn a_partner_exiting_lifts_the_ore_body_finding_in_that_plan() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let ore = json!({ "oreBodyId": "ORE-甲", "mineralCode": "CEMENT_LIMESTONE",
        "productionScale": 40.0, "remainingReserves": 800.0 });
    let staying = mine(&app, 1, ore.clone()).await;
    let mut other = ore;
    other["holder"] = json!("另一建材有限公司");
    let leaving = mine(&app, 2, other).await;
    let plan =
        must(&app, &official, OPEN, json!({})).await["data"]["createCountyPlan"]["id"].clone();
    with_division(&app, &official, &plan).await;
    let upgrade = json!({ "p": plan, "m": staying });
    let alone = refused(&app, &official, UPGRADE, upgrade.clone(), "BAD_USER_INPUT").await;
    assert_eq!(
        alone["errors"][0]["extensions"]["rule"], "INTEGRATE-1",
        "{alone}"
    );
    let refusal = refused(
        &app,
        &official,
        SUBMIT,
        json!({ "p": plan }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        problems(&refusal),
        [
            ("INTEGRATE-1".to_owned(), "integrations".to_owned()),
            ("INTEGRATE-1".to_owned(), "integrations".to_owned())
        ],
        "{refusal}"
    );
    must(&app, &official, EXIT, json!({ "p": plan, "m": leaving })).await;
    // Without its partner the mine is a small cement quarry: UPGRADE-1 is its batch now.
    let refusal = refused(
        &app,
        &official,
        SUBMIT,
        json!({ "p": plan }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        problems(&refusal),
        [("UPGRADE-1".to_owned(), "upgrades".to_owned())],
        "{refusal}"
    );
    must(&app, &official, UPGRADE, upgrade).await;
    must(&app, &official, SUBMIT, json!({ "p": plan })).await;
}

/// The county's state against the LISTS_FILED milestone: `{ metOn, late }`.
async fn lists_filed(app: &TestApp) -> Value {
    let progress = "{ campaignProgress(countyCode: \"140525\") { \
        campaign { milestones { code measure } } \
        counties { milestones { milestoneCode metOn late } } } }";
    let body = must(app, &app.admin(), progress, json!({})).await;
    let report = &body["data"]["campaignProgress"];
    let code = report["campaign"]["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["measure"] == "LISTS_FILED")
        .map(|m| m["code"].clone())
        .unwrap_or_default();
    report["counties"][0]["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["milestoneCode"] == code)
        .map(|m| json!({ "metOn": m["metOn"], "late": m["late"] }))
        .unwrap_or_default()
}

/// LISTS_FILED: opening a plan files nothing; filing is refused, naming the mine still to
/// be listed, until the lists are complete; the first filing meets the milestone on its
/// day, and filing again changes nothing.
#[tokio::test]
async fn the_lists_are_filed_once_complete_and_meet_lists_filed() {
    let app = TestApp::spawn_at("2024-12-20T02:00:00Z").await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let exhausted = mine(&app, 2, json!({ "resourcesExhausted": true })).await;
    let plan =
        must(&app, &official, OPEN, json!({})).await["data"]["createCountyPlan"]["id"].clone();
    assert_eq!(
        lists_filed(&app).await,
        json!({ "metOn": null, "late": false }),
        "an opened plan has filed nothing"
    );
    let file = "mutation($p: ID!) { fileCountyLists(id: $p) { listsFiledAt status } }";
    let refusal = refused(
        &app,
        &official,
        file,
        json!({ "p": plan }),
        "BAD_USER_INPUT",
    )
    .await;
    assert_eq!(
        problems(&refusal),
        [("EXIT-1".to_owned(), "closures".to_owned())],
        "{refusal}"
    );
    must(&app, &official, EXIT, json!({ "p": plan, "m": exhausted })).await;
    let filed = must(&app, &official, file, json!({ "p": plan })).await;
    let at = filed["data"]["fileCountyLists"]["listsFiledAt"].clone();
    assert!(
        at.as_str().is_some_and(|at| at.starts_with("2024-12-20")),
        "{filed}"
    );
    assert_eq!(filed["data"]["fileCountyLists"]["status"], "DRAFT");
    assert_eq!(
        lists_filed(&app).await,
        json!({ "metOn": "2024-12-20", "late": false })
    );
    let again = must(&app, &official, file, json!({ "p": plan })).await;
    assert_eq!(again["data"]["fileCountyLists"]["listsFiledAt"], at);
}
