//! NEW-3 over a transfer-plan entry's life: an unsold block gives its place back, retakes
//! one or is carried into a later year; only an unsold entry leaves an approved plan; a
//! sold block becomes a mine once and is counted once.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::block_life::{ELIGIBILITY, admit, failed, quota_closed};
use crate::fixtures::{ADMIT, Scenario, must, surveyed};
use crate::helpers::{TestApp, ZEZHOU, mine_input};

const APPROVE: &str = "mutation($y: Int!) { approveTransferPlan(year: $y) { status } }";
const REPORT: &str = "mutation($entry: ID!, $input: TransferOutcomeInput!) { \
    reportTransferOutcome(entryId: $entry, input: $input) { id outcome } }";

/// The integrator reports `outcome` for `entry` under the key `key`.
async fn report(app: &TestApp, entry: &Value, outcome: &str, key: &str) -> Value {
    let mut input = json!({ "outcome": outcome, "date": "2026-03-01", "idempotencyKey": key });
    if outcome == "SOLD" {
        input["winningBidder"] = json!("晋城某矿业有限公司");
        input["priceWanYuan"] = json!("1200");
    }
    app.gql(
        Some(&app.token(Role::Integrator, None)),
        REPORT,
        json!({ "entry": entry, "input": input }),
    )
    .await
}

/// 泽州县's plan in force is revised: `block` moves to `year`, and one more licensed
/// mine is listed to close in `year`.
async fn revised(app: &TestApp, block: &str, year: i32) {
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plans = must(
        app,
        &official,
        "{ countyPlans(countyCode: \"140525\") { id inForce newMines { id block { id } } } }",
        json!({}),
    )
    .await;
    let plan = plans["data"]["countyPlans"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["inForce"] == true)
        .cloned()
        .unwrap_or_else(|| panic!("a plan in force: {plans}"));
    let revision = must(
        app,
        &official,
        "mutation($p: ID!) { reviseCountyPlan(id: $p) { id newMines { id block { id } } } }",
        json!({ "p": plan["id"] }),
    )
    .await["data"]["reviseCountyPlan"]
        .clone();
    let id = revision["id"].clone();
    let entry = revision["newMines"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["block"]["id"] == block)
        .map(|e| e["id"].clone())
        .unwrap_or_else(|| panic!("the block's entry: {revision}"));
    must(
        app,
        &official,
        "mutation($p: ID!, $e: ID!) { removePlanEntry(planId: $p, entryId: $e) { id } }",
        json!({ "p": id, "e": entry }),
    )
    .await;
    must(
        app,
        &official,
        "mutation($p: ID!, $b: ID!, $y: Int!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: $y }) { id } }",
        json!({ "p": id, "b": block, "y": year }),
    )
    .await;
    let mut input = mine_input(ZEZHOU, &format!("LATE-{year}"));
    input["hasSafetyLicence"] = json!(false);
    input["latitude"] = json!(35.9);
    let mine = app.create_mine(input).await;
    must(
        app,
        &official,
        "mutation($p: ID!, $m: ID!, $c: Date!, $r: Date!) { addClosureEntry(planId: $p, input: { mineId: $m, \
         method: CLOSE, closeBy: $c, restorationDueBy: $r }) { id } }",
        json!({ "p": id, "m": mine, "c": format!("{year}-06-30"), "r": format!("{}-06-30", year + 1) }),
    )
    .await;
    must(
        app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": id }),
    )
    .await;
    must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": id }),
    )
    .await;
}

/// NEW-3 over an unsold block's life, the issue's story: with one closure, A is admitted and
/// approved, goes unsold and gives its place back; B takes it in the year's supplementary
/// batch; announcing A again is refused with NEW-3; A is carried into the next year once a
/// closure falls due there.
#[tokio::test]
async fn new_3_an_unsold_block_retakes_a_place_or_is_carried_into_a_later_year() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks_for(&[2026, 2026])
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let (a, b) = (&blocks[0], &blocks[1]);
    let first = admit(&app, a, 2026).await;
    must(
        &app,
        &app.token(Role::CityApprover, None),
        APPROVE,
        json!({ "y": 2026 }),
    )
    .await;
    assert!(report(&app, &first, "ANNOUNCED", "a-1").await["errors"].is_null());
    assert!(report(&app, &first, "UNSOLD", "a-2").await["errors"].is_null());
    // A's place is free: B takes it in the year's first supplementary batch, and A cannot
    // be announced again.
    admit(&app, b, 2026).await;
    let again = report(&app, &first, "ANNOUNCED", "a-3").await;
    assert_eq!(failed(&again), &json!(["NEW-3"]), "{again}");
    // A standing unsold entry keeps A from a second admission into its own year…
    let same_year = app
        .gql(
            Some(&app.admin()),
            ADMIT,
            json!({ "year": 2026, "block": a }),
        )
        .await;
    assert_eq!(
        same_year["errors"][0]["extensions"]["code"], "CONFLICT",
        "{same_year}"
    );
    // …and, once the county moves it to 2027 with a closure due then, A is carried there.
    revised(&app, a, 2027).await;
    let mut public = crate::websocket::subscribed(
        &app,
        None,
        "subscription { transferPlanEvents(year: 2026) { type entryId } }",
    )
    .await;
    let carried = admit(&app, a, 2027).await;
    assert_ne!(carried, first);
    assert_eq!(
        crate::websocket::next_of(&mut public, "transferPlanEvents").await,
        json!({ "type": "WITHDRAWN", "entryId": first }),
        "whoever was fed 2026's plan hears the unsold block leave it"
    );
    let plan = must(
        &app,
        &app.admin(),
        "{ transferPlan(year: 2026) { entries { id withdrawn withdrawnReason outcome } } }",
        json!({}),
    )
    .await;
    let old = plan["data"]["transferPlan"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["id"] == first)
        .cloned()
        .unwrap_or_default();
    assert_eq!(old["withdrawn"], true, "{plan}");
    assert_eq!(old["withdrawnReason"], "流拍后转入2027年出让计划");
    assert_eq!(quota_closed(&app, Some(2027)).await, 2);
}

/// An unsold entry of an approved year may be withdrawn; a sold one may not.
#[tokio::test]
async fn new_3_only_an_unsold_entry_leaves_an_approved_plan() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(2)
        .approved_plan()
        .await;
    let mut entries = Vec::new();
    for block in &blocks {
        surveyed(&app, block).await;
        entries.push(admit(&app, block, 2026).await);
    }
    let approver = app.token(Role::CityApprover, None);
    must(&app, &approver, APPROVE, json!({ "y": 2026 })).await;
    for (n, (entry, last)) in entries.iter().zip(["UNSOLD", "SOLD"]).enumerate() {
        report(&app, entry, "ANNOUNCED", &format!("w-{n}")).await;
        report(&app, entry, last, &format!("w-{n}-last")).await;
    }
    const WITHDRAW: &str =
        "mutation($e: ID!) { withdrawBlock(entryId: $e, reason: \"流拍后不再出让\") { year } }";
    must(&app, &approver, WITHDRAW, json!({ "e": entries[0] })).await;
    let sold = app
        .gql(Some(&approver), WITHDRAW, json!({ "e": entries[1] }))
        .await;
    assert_eq!(
        sold["errors"][0]["extensions"]["code"], "CONFLICT",
        "{sold}"
    );
}

const REGISTER: &str = "mutation($e: ID!, $l: String!) { registerSoldBlock(entryId: $e, input: { \
    licenceNo: $l, licenceValidFrom: \"2026-04-01\", licenceValidUntil: \"2036-03-31\", \
    constructionDeadline: \"2028-03-31\" }) { id holder licenceNo status productionScale blockId transferEntryId } }";

/// A sold block becomes a mine once; the balance counts it once and the cap counts the
/// mine's production instead of the entry's designed scale.
#[tokio::test]
async fn new_3_a_sold_block_is_registered_once_and_counted_once() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(2)
        .approved_plan()
        .await;
    let admin = app.admin();
    // Room for 130 万吨/年 of iron: two 60s fit once, not if the first counted twice.
    must(
        &app,
        &admin,
        "mutation { setPlanningCap(mineralCode: \"IRON\", capScale: 130) { capScale } }",
        json!({}),
    )
    .await;
    surveyed(&app, &blocks[0]).await;
    let entry = admit(&app, &blocks[0], 2026).await;
    must(
        &app,
        &app.token(Role::CityApprover, None),
        APPROVE,
        json!({ "y": 2026 }),
    )
    .await;
    report(&app, &entry, "ANNOUNCED", "s-1").await;
    let early = app
        .gql(
            Some(&admin),
            REGISTER,
            json!({ "e": entry, "l": "C1405002026001" }),
        )
        .await;
    assert_eq!(
        early["errors"][0]["extensions"]["code"], "CONFLICT",
        "not sold yet"
    );
    report(&app, &entry, "SOLD", "s-2").await;
    let mine = must(
        &app,
        &admin,
        REGISTER,
        json!({ "e": entry, "l": "C1405002026001" }),
    )
    .await["data"]["registerSoldBlock"]
        .clone();
    assert_eq!(mine["holder"], "晋城某矿业有限公司");
    assert_eq!(mine["status"], "UNDER_CONSTRUCTION");
    assert_eq!(mine["productionScale"], 60.0);
    assert_eq!(mine["blockId"], json!(blocks[0]));
    assert_eq!(mine["transferEntryId"], entry);
    let twice = app
        .gql(
            Some(&admin),
            REGISTER,
            json!({ "e": entry, "l": "C1405002026002" }),
        )
        .await;
    assert_eq!(
        twice["errors"][0]["extensions"]["code"], "CONFLICT",
        "{twice}"
    );
    let quota = must(
        &app,
        &admin,
        "{ closureQuota { closedMines newMines } }",
        json!({}),
    )
    .await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "closedMines": 2, "newMines": 1 }),
        "the mine is the one new mine"
    );
    surveyed(&app, &blocks[1]).await;
    let eligibility = must(
        &app,
        &admin,
        ELIGIBILITY,
        json!({ "id": blocks[1], "year": 2027 }),
    )
    .await;
    let cap = eligibility["data"]["block"]["eligibility"]["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["code"] == "PLANNING_CAP")
        .cloned()
        .unwrap_or_default();
    assert_eq!(cap["passed"], true, "60 + 60 ≤ 130: {cap}");
}

/// A year's approved plan takes later admissions as a supplementary batch: checked like any
/// admission (the balance counts every earlier batch), the city's until approved on its
/// own, then published and fed.
#[tokio::test]
async fn new_3_a_supplementary_batch_is_admitted_and_approved_on_its_own() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(3)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let approver = app.token(Role::CityApprover, None);
    admit(&app, &blocks[0], 2026).await;
    must(&app, &approver, APPROVE, json!({ "y": 2026 })).await;
    let late = admit(&app, &blocks[1], 2026).await;
    let over = app
        .gql(
            Some(&app.admin()),
            ADMIT,
            json!({ "year": 2026, "block": blocks[2] }),
        )
        .await;
    assert_eq!(
        failed(&over),
        &json!(["NEW-3"]),
        "two closures, two new: {over}"
    );
    const PLAN: &str = "{ transferPlan(year: 2026) { batches entries { id batch published } } }";
    let public = must(&app, &app.token(Role::Integrator, None), PLAN, json!({})).await;
    let entries = &public["data"]["transferPlan"]["entries"];
    assert_eq!(entries.as_array().map(Vec::len), Some(1), "{public}");
    let compiled = must(&app, &app.admin(), PLAN, json!({})).await;
    let batch = compiled["data"]["transferPlan"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["id"] == late)
        .cloned()
        .unwrap_or_default();
    assert_eq!(batch, json!({ "id": late, "batch": 1, "published": false }));
    must(&app, &approver, APPROVE, json!({ "y": 2026 })).await;
    let feed = must(
        &app,
        &app.token(Role::Integrator, None),
        "{ approvedBlocks(year: 2026) { edges { node { id batch } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        feed["data"]["approvedBlocks"]["edges"][1]["node"],
        json!({ "id": late, "batch": 1 }),
        "{feed}"
    );
    let again = app
        .gql(Some(&approver), APPROVE, json!({ "y": 2026 }))
        .await;
    assert_eq!(
        again["errors"][0]["extensions"]["code"], "CONFLICT",
        "nothing waits for approval: {again}"
    );
    let plan = must(&app, &app.admin(), PLAN, json!({})).await;
    assert_eq!(plan["data"]["transferPlan"]["batches"], 1);
}
