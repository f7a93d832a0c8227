//! Admission into the city transfer plan through the router: each check refusing with its
//! rule, the NEW-3 race over real HTTP, the approver's exception, and the roles.

use std::sync::Arc;

use futures_util::future::join_all;
use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{ADMIT, RECORD, REPORT, Scenario, must, refused, reviewer, surveyed};
use crate::helpers::{TestApp, ZEZHOU, block_input, error_code, mine_input};

fn failed(body: &Value) -> Value {
    body["errors"][0]["extensions"]["failedChecks"].clone()
}

#[tokio::test]
async fn each_unmet_check_refuses_with_its_rule_and_an_eligible_block_is_admitted() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks(2)
        .approved_plan()
        .await;
    let admin = app.admin();
    let eligibility = "query($id: ID!) { block(id: $id) { eligibility(year: 2026) { eligible failedChecks checks { code passed blocking } } } }";
    // Not surveyed, not clean: NEW-4 and NEW-5.
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert_eq!(error_code(&body), Some("ADMISSION_REFUSED"), "{body}");
    assert_eq!(failed(&body), json!(["NEW-4", "NEW-5"]));
    // A conflict stays open until the department records again.
    surveyed(&app, &blocks[0]).await;
    let forestry = reviewer(&app, "FORESTRY");
    must(&app, &forestry, RECORD, json!({ "block": blocks[0], "department": "FORESTRY", "conflict": true, "obstacle": "ECOLOGICAL_RED_LINE" })).await;
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert_eq!(failed(&body), json!(["NEW-4"]), "{body}");
    must(
        &app,
        &forestry,
        RECORD,
        json!({ "block": blocks[0], "department": "FORESTRY", "conflict": false }),
    )
    .await;
    // Another year than the plan's: PLAN-1.
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2027, "block": blocks[0] }),
        )
        .await;
    assert_eq!(failed(&body), json!(["PLAN-1"]), "{body}");
    let read = app
        .gql(Some(&admin), eligibility, json!({ "id": blocks[0] }))
        .await;
    assert_eq!(
        read["data"]["block"]["eligibility"]["eligible"], true,
        "{read}"
    );
    let admitted = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert!(admitted["errors"].is_null(), "{admitted}");
    let again = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert_eq!(
        error_code(&again),
        Some("CONFLICT"),
        "a block is admitted once"
    );
    // One closure, one new mine: the second block fails NEW-3 alone once it is ready.
    surveyed(&app, &blocks[1]).await;
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[1] }),
        )
        .await;
    assert_eq!(failed(&body), json!(["NEW-3"]), "{body}");
    let read = app
        .gql(Some(&admin), eligibility, json!({ "id": blocks[1] }))
        .await;
    let checks = &read["data"]["block"]["eligibility"]["checks"];
    assert_eq!(
        checks[6],
        json!({ "code": "CITY_BALANCE", "passed": false, "blocking": true })
    );
    assert_eq!(
        checks[7],
        json!({ "code": "COUNTY_BALANCE", "passed": false, "blocking": false }),
        "a warning"
    );
    let quota = app
        .gql(
            Some(&admin),
            "{ closureQuota(countyCode: \"140525\") { closedMines newMines remaining } }",
            json!({}),
        )
        .await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "closedMines": 1, "newMines": 1, "remaining": 0 })
    );
    // A sand block has no standard: NEW-2 fails with NO_STANDARD.
    let mut sand = block_input(ZEZHOU, "砂区块");
    sand["mineralCode"] = json!("CONSTRUCTION_SAND");
    let sand = app.create_block(sand).await;
    let read = app
        .gql(Some(&admin), eligibility, json!({ "id": sand }))
        .await;
    let codes: Vec<&str> = read["data"]["block"]["eligibility"]["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["passed"] == false)
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert!(codes.contains(&"NO_STANDARD"), "{read}");
}

/// 32 admissions at once when the city has 5 closures: exactly 5 admitted.
#[tokio::test]
async fn concurrent_admissions_never_exceed_the_city_balance() {
    let app = Arc::new(TestApp::spawn().await);
    let blocks = Scenario::new(&app)
        .closures(5)
        .blocks(32)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let admin = app.admin();
    let results = join_all(blocks.iter().map(|block| {
        let (app, admin, block) = (app.clone(), admin.clone(), block.clone());
        async move {
            app.gql(Some(&admin), ADMIT, json!({ "year": 2026, "block": block }))
                .await
        }
    }))
    .await;
    let admitted = results.iter().filter(|b| b["errors"].is_null()).count();
    let refused: Vec<&Value> = results.iter().filter(|b| !b["errors"].is_null()).collect();
    assert_eq!(admitted, 5, "{results:?}");
    assert_eq!(refused.len(), 27);
    assert!(
        refused.iter().all(|b| failed(b) == json!(["NEW-3"])),
        "{refused:?}"
    );
    let plan = app
        .gql(Some(&admin), "{ transferPlan(year: 2026) { entries { id withdrawn } } closureQuota { newMines remaining } }", json!({}))
        .await;
    assert_eq!(
        plan["data"]["transferPlan"]["entries"]
            .as_array()
            .map(Vec::len),
        Some(5),
        "{plan}"
    );
    assert_eq!(
        plan["data"]["closureQuota"],
        json!({ "newMines": 5, "remaining": 0 })
    );

    // The approver's written exception admits a sixth; the admin may not give one.
    let candidate = blocks
        .iter()
        .find(|b| {
            !results
                .iter()
                .any(|r| r["data"]["admitBlock"]["block"]["id"] == json!(b))
        })
        .cloned()
        .expect("a refused block");
    let with_reason = json!({ "year": 2026, "block": candidate, "reason": "省重点工程急需" });
    let forbidden = app.gql(Some(&admin), ADMIT, with_reason.clone()).await;
    assert_eq!(error_code(&forbidden), Some("FORBIDDEN"));
    let approver = app.token(Role::CityApprover, None);
    let without = app
        .gql(
            Some(&approver),
            ADMIT,
            json!({ "year": 2026, "block": candidate }),
        )
        .await;
    assert_eq!(
        error_code(&without),
        Some("FORBIDDEN"),
        "an approver admits only as an exception"
    );
    let excepted = app.gql(Some(&approver), ADMIT, with_reason).await;
    assert_eq!(
        excepted["data"]["admitBlock"]["quotaException"], true,
        "{excepted}"
    );
    let quota = app
        .gql(
            Some(&admin),
            "{ closureQuota { newMines remaining } }",
            json!({}),
        )
        .await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "newMines": 6, "remaining": -1 })
    );
    let audit = app
        .gql(Some(&admin), "{ auditLog(filter: { entity: \"TransferPlanEntry\" }, first: 10) { totalCount edges { node { operation after } } } }", json!({}))
        .await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 6, "{audit}");
    assert!(
        audit["data"]["auditLog"]["edges"][0]["node"]["after"]
            .as_str()
            .is_some_and(|a| a.contains("省重点工程急需"))
    );
}

#[tokio::test]
async fn roles_that_must_not_admit_or_survey_are_refused() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks(1)
        .approved_plan()
        .await;
    let block = &blocks[0];
    for role in [
        Role::CountyOfficial,
        Role::Integrator,
        Role::Auditor,
        Role::DepartmentReviewer,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        let body = app
            .gql(Some(&token), ADMIT, json!({ "year": 2026, "block": block }))
            .await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{role:?}");
    }
    // The admin admits within the balance only; the approver only as a written exception.
    let exception = json!({ "year": 2026, "block": block, "reason": "省重点工程急需" });
    let admin = refused(&app, &app.admin(), ADMIT, exception, "FORBIDDEN").await;
    assert_eq!(
        admin["errors"][0]["extensions"]["requiredRoles"],
        json!(["CITY_APPROVER"]),
        "the refusal names who may grant an exception: {admin}"
    );
    let approver = app.token(Role::CityApprover, None);
    let plain = json!({ "year": 2026, "block": block });
    let approver = refused(&app, &approver, ADMIT, plain, "FORBIDDEN").await;
    assert_eq!(
        approver["errors"][0]["extensions"]["requiredRoles"],
        json!(["CITY_ADMIN"])
    );
    let anonymous = app
        .gql(None, ADMIT, json!({ "year": 2026, "block": block }))
        .await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let forestry = reviewer(&app, "FORESTRY");
    let other = app
        .gql(
            Some(&forestry),
            RECORD,
            json!({ "block": block, "department": "WATER", "conflict": false }),
        )
        .await;
    assert_eq!(
        error_code(&other),
        Some("FORBIDDEN"),
        "a reviewer records its own department only"
    );
    let bare = app
        .gql(
            Some(&forestry),
            RECORD,
            json!({ "block": block, "department": "FORESTRY", "conflict": true }),
        )
        .await;
    assert_eq!(bare["errors"][0]["extensions"]["field"], "obstacle");
    let integrator = app.token(Role::Integrator, None);
    let draft = app
        .gql(
            Some(&integrator),
            "{ transferPlan(year: 2026) { year } }",
            json!({}),
        )
        .await;
    assert_eq!(draft["data"]["transferPlan"], json!(null));
}

/// the same race for a planning cap: 12 blocks of 60 万吨/年 at once under a cap
/// that leaves room for 3 (the county's iron mines produce nothing yet).
#[tokio::test]
async fn concurrent_admissions_never_exceed_a_planning_cap() {
    let app = Arc::new(TestApp::spawn().await);
    let blocks = Scenario::new(&app)
        .closures(20)
        .blocks(12)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let admin = app.admin();
    let cap = app
        .gql(
            Some(&admin),
            "mutation { setPlanningCap(mineralCode: \"IRON\", capScale: 200) { mineralCode placeCode capScale } }",
            json!({}),
        )
        .await;
    assert_eq!(
        cap["data"]["setPlanningCap"],
        json!([{ "mineralCode": "IRON", "placeCode": "140500", "capScale": 200.0 }]),
        "{cap}"
    );
    let results = join_all(blocks.iter().map(|block| {
        let (app, admin, block) = (app.clone(), admin.clone(), block.clone());
        async move {
            app.gql(Some(&admin), ADMIT, json!({ "year": 2026, "block": block }))
                .await
        }
    }))
    .await;
    let admitted = results.iter().filter(|b| b["errors"].is_null()).count();
    assert_eq!(admitted, 3, "{results:?}");
    assert!(
        results
            .iter()
            .filter(|b| !b["errors"].is_null())
            .all(|b| failed(b) == json!(["NEW-2"])),
        "{results:?}"
    );
    // Withdrawing one gives its place back, and the plan once approved is frozen.
    let plan = must(
        &app,
        &admin,
        "{ transferPlan(year: 2026) { status entries { id } } }",
        json!({}),
    )
    .await;
    let entry = plan["data"]["transferPlan"]["entries"][0]["id"]
        .as_str()
        .expect("entry")
        .to_owned();
    let withdrawn = must(
        &app,
        &admin,
        "mutation($e: ID!) { withdrawBlock(entryId: $e, reason: \"资源量需复核\") { entries { withdrawn } } }",
        json!({ "e": entry }),
    )
    .await;
    let flags = withdrawn["data"]["withdrawBlock"]["entries"].clone();
    assert_eq!(
        flags,
        json!([{ "withdrawn": false }, { "withdrawn": false }, { "withdrawn": true }])
    );
    let refused = results
        .iter()
        .zip(&blocks)
        .find(|(b, _)| !b["errors"].is_null())
        .map(|(_, block)| block.clone())
        .expect("a refused block");
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": refused }),
    )
    .await;
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &approver,
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    let frozen = app
        .gql(
            Some(&admin),
            "mutation($e: ID!) { withdrawBlock(entryId: $e, reason: \"x\") { year } }",
            json!({ "e": entry }),
        )
        .await;
    assert_eq!(error_code(&frozen), Some("CONFLICT"));
    let public = app
        .gql(
            None,
            "{ transferPlan(year: 2026) { status entries { block { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        public["data"]["transferPlan"]["status"], "APPROVED",
        "{public}"
    );
    assert_eq!(
        public["data"]["transferPlan"]["entries"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "the public reads what was approved, not the entry withdrawn while compiling"
    );
}

/// NEW-3's county balance is a warning by default and blocks by the city's setting.
#[tokio::test]
async fn the_county_balance_blocks_only_by_the_setting() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(0)
        .blocks(1)
        .approved_plan()
        .await;
    surveyed(&app, &blocks[0]).await;
    // Another county's closures give the city a place; this county has none.
    let gaoping = app.token(Role::CountyOfficial, Some(crate::helpers::GAOPING));
    let plan = must(
        &app,
        &gaoping,
        "mutation { createCountyPlan(countyCode: \"140581\") { id } }",
        json!({}),
    )
    .await;
    let plan = plan["data"]["createCountyPlan"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut input = mine_input(crate::helpers::GAOPING, "ADM-G");
    input["hasSafetyLicence"] = json!(false);
    let mine = app.create_mine(input).await;
    must(
        &app,
        &gaoping,
        "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, method: CLOSE, closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }",
        json!({ "p": plan, "m": mine }),
    )
    .await;
    crate::fixtures::with_division(&app, &gaoping, &json!(plan)).await;
    must(
        &app,
        &gaoping,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &approver,
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    let admin = app.admin();
    let setting = "mutation($on: Boolean!) { updateAdmissionSettings(input: { countyBalanceBlocks: $on }) { countyBalanceBlocks } }";
    must(&app, &admin, setting, json!({ "on": true })).await;
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert_eq!(failed(&body), json!(["NEW-3"]), "{body}");
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let forbidden = app
        .gql(Some(&official), setting, json!({ "on": false }))
        .await;
    assert_eq!(error_code(&forbidden), Some("FORBIDDEN"));
    must(&app, &admin, setting, json!({ "on": false })).await;
    let candidates = must(
        &app,
        &admin,
        "{ candidateBlocks(year: 2026) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(
        candidates["data"]["candidateBlocks"],
        json!([{ "id": blocks[0] }]),
        "a warning does not exclude"
    );
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    let candidates = must(
        &app,
        &admin,
        "{ candidateBlocks(year: 2026) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(
        candidates["data"]["candidateBlocks"],
        json!([]),
        "admitted blocks are no candidates"
    );
}

/// counting only completed closures, a closure
/// counts once its licence cancellation is done.
#[tokio::test]
async fn only_completed_closures_count_when_the_city_says_so() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(1)
        .approved_plan()
        .await;
    surveyed(&app, &blocks[0]).await;
    let admin = app.admin();
    must(
        &app,
        &admin,
        "mutation { updateAdmissionSettings(input: { completedClosuresOnly: true }) { completedClosuresOnly } }",
        json!({}),
    )
    .await;
    let quota = "{ closureQuota(cityCode: \"140500\") { closedMines } }";
    let closed = |body: Value| body["data"]["closureQuota"]["closedMines"].clone();
    assert_eq!(closed(must(&app, &admin, quota, json!({})).await), 0);
    let body = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2026, "block": blocks[0] }),
        )
        .await;
    assert_eq!(failed(&body), json!(["NEW-3"]), "{body}");

    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plans = must(
        &app,
        &official,
        "{ countyPlans(countyCode: \"140525\") { closures { duties { id kind } } } }",
        json!({}),
    )
    .await;
    let cancellations: Vec<String> = plans["data"]["countyPlans"][0]["closures"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|closure| closure["duties"].as_array().cloned().unwrap_or_default())
        .filter(|duty| duty["kind"] == "LICENCE_CANCELLATION")
        .filter_map(|duty| duty["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(cancellations.len(), 2, "{plans}");
    must(
        &app,
        &official,
        "mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: \"2025-06-20\") { doneOn } }",
        json!({ "d": cancellations[0] }),
    )
    .await;
    assert_eq!(closed(must(&app, &admin, quota, json!({})).await), 1);
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
}

const FEED: &str = "query($since: DateTime, $first: Int, $after: String) { approvedBlocks(year: 2026, updatedSince: $since, first: $first, after: $after) { \
    totalCount pageInfo { hasNextPage endCursor } edges { node { id year method platform transferAuthority outcome updatedAt version \
    block { name mineralCode areaKm2 location corners { latitude } } } } } }";

/// what an integrator reads and reports.
#[tokio::test]
async fn integrators_read_the_approved_feed_and_report_outcomes_once() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(5)
        .blocks(3)
        .approved_plan()
        .await;
    let admin = app.admin();
    for block in &blocks {
        surveyed(&app, block).await;
        must(&app, &admin, ADMIT, json!({ "year": 2026, "block": block })).await;
    }
    let integrator = app.token(Role::Integrator, None);
    let unapproved = app.gql(Some(&integrator), FEED, json!({})).await;
    assert_eq!(
        unapproved["data"]["approvedBlocks"]["totalCount"], 0,
        "nothing before approval"
    );
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &approver,
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    let first = must(&app, &integrator, FEED, json!({ "first": 2 })).await;
    let page = &first["data"]["approvedBlocks"];
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let node = &page["edges"][0]["node"];
    assert_eq!(
        (
            node["year"].clone(),
            node["method"].clone(),
            node["platform"].clone(),
            node["transferAuthority"].clone()
        ),
        (
            json!(2026),
            json!("LISTING"),
            json!("PROVINCIAL_ONLINE"),
            json!("PROVINCE")
        )
    );
    assert_eq!(node["block"]["mineralCode"], "IRON");
    let rest = must(
        &app,
        &integrator,
        FEED,
        json!({ "first": 2, "after": page["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(
        rest["data"]["approvedBlocks"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // The latest change the integrator has seen (timestamps of one format order as text).
    let since = page["edges"]
        .as_array()
        .into_iter()
        .chain(rest["data"]["approvedBlocks"]["edges"].as_array())
        .flatten()
        .filter_map(|edge| edge["node"]["updatedAt"].as_str())
        .max()
        .map(str::to_owned);
    let entry = node["id"].as_str().expect("entry").to_owned();

    // ANNOUNCED, repeated with its key: applied once, answered alike.
    let announce = json!({ "entry": entry, "input": { "outcome": "ANNOUNCED", "date": "2026-03-01", "idempotencyKey": "P-1" } });
    let once = must(&app, &integrator, REPORT, announce.clone()).await;
    let twice = must(&app, &integrator, REPORT, announce).await;
    assert_eq!(once["data"], twice["data"]);
    // Admitted (1), published with the plan (2), announced (3).
    assert_eq!(once["data"]["reportTransferOutcome"]["version"], 3);
    let reused = app
        .gql(Some(&integrator), REPORT, json!({ "entry": entry, "input": { "outcome": "UNSOLD", "date": "2026-03-02", "idempotencyKey": "P-1" } }))
        .await;
    assert_eq!(
        error_code(&reused),
        Some("CONFLICT"),
        "a key reused for another report"
    );
    let changed = must(&app, &integrator, FEED, json!({ "since": since })).await;
    let changed: Vec<&Value> = changed["data"]["approvedBlocks"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(changed.len(), 1, "only what changed since: {changed:?}");
    assert_eq!(changed[0]["node"]["outcome"], "ANNOUNCED");

    // SOLD needs its bidder and price; UNSOLD gives the place back.
    let bare = app
        .gql(Some(&integrator), REPORT, json!({ "entry": entry, "input": { "outcome": "SOLD", "date": "2026-04-01", "idempotencyKey": "P-2" } }))
        .await;
    assert_eq!(
        bare["errors"][0]["extensions"]["field"], "winningBidder",
        "{bare}"
    );
    let sold = must(
        &app,
        &integrator,
        REPORT,
        json!({ "entry": entry, "input": { "outcome": "SOLD", "date": "2026-04-01", "winningBidder": "某矿业有限公司", "priceWanYuan": "12500.5", "idempotencyKey": "P-3" } }),
    )
    .await;
    assert_eq!(
        sold["data"]["reportTransferOutcome"]["priceWanYuan"],
        "12500.5"
    );
    let other = page["edges"][1]["node"]["id"]
        .as_str()
        .expect("entry")
        .to_owned();
    let skipped = app
        .gql(Some(&integrator), REPORT, json!({ "entry": other, "input": { "outcome": "UNSOLD", "date": "2026-04-01", "idempotencyKey": "P-4" } }))
        .await;
    assert_eq!(error_code(&skipped), Some("CONFLICT"), "announced first");
    for (key, outcome) in [("P-5", "ANNOUNCED"), ("P-6", "UNSOLD")] {
        must(&app, &integrator, REPORT, json!({ "entry": other, "input": { "outcome": outcome, "date": "2026-04-01", "idempotencyKey": key } })).await;
    }
    let quota = must(
        &app,
        &admin,
        "{ closureQuota { newMines remaining } }",
        json!({}),
    )
    .await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "newMines": 2, "remaining": 3 })
    );
    let not_theirs = app
        .gql(Some(&admin), REPORT, json!({ "entry": entry, "input": { "outcome": "UNSOLD", "date": "2026-04-01", "idempotencyKey": "P-7" } }))
        .await;
    assert_eq!(error_code(&not_theirs), Some("FORBIDDEN"));
    let public = app
        .gql(
            None,
            "{ transferPlan(year: 2026) { entries { outcome winningBidder } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        public["data"]["transferPlan"]["entries"][0]["winningBidder"], "某矿业有限公司",
        "{public}"
    );
}

/// `transferPlanEvents`: the city's admin hears admissions; the public hears the
/// approval and the outcomes, not the admissions before them.
#[tokio::test]
async fn transfer_plan_events_reach_who_may_hear_them() {
    use crate::websocket::{next_of, subscribed};

    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(1)
        .approved_plan()
        .await;
    surveyed(&app, &blocks[0]).await;
    let admin = app.admin();
    let query =
        "subscription { transferPlanEvents(year: 2026) { id type year entryId plan { status } } }";
    let mut city = subscribed(&app, Some(&admin), query).await;
    let mut public = subscribed(&app, None, query).await;
    let admitted = must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    let entry = admitted["data"]["admitBlock"]["id"].clone();
    // The event's `plan` reads the plan as it is when the event is delivered: hear the
    // admission before the approval changes it.
    let first = next_of(&mut city, "transferPlanEvents").await;
    assert_eq!(
        (first["type"].clone(), first["entryId"].clone()),
        (json!("ADMITTED"), entry)
    );
    assert_eq!(first["plan"]["status"], "DRAFT");
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &approver,
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    assert_eq!(
        next_of(&mut city, "transferPlanEvents").await["type"],
        "APPROVED"
    );
    let heard = next_of(&mut public, "transferPlanEvents").await;
    assert_eq!(
        heard["type"], "APPROVED",
        "the public hears only the publication: {heard}"
    );
    assert_eq!(heard["plan"]["status"], "APPROVED");
}

/// the feed's statements do not grow with its page size.
#[tokio::test]
async fn the_feed_costs_the_same_statements_whatever_its_page_size() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(6)
        .blocks(6)
        .approved_plan()
        .await;
    let admin = app.admin();
    for block in &blocks {
        surveyed(&app, block).await;
        must(&app, &admin, ADMIT, json!({ "year": 2026, "block": block })).await;
    }
    let approver = app.token(Role::CityApprover, None);
    must(
        &app,
        &approver,
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    let integrator = app.token(Role::Integrator, None);
    let mut costs = Vec::new();
    for first in [1, 3, 6] {
        let (statements, body) =
            crate::statements::least(&app, &integrator, FEED, json!({ "first": first })).await;
        let edges = body["data"]["approvedBlocks"]["edges"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(edges, first as usize, "{body}");
        costs.push(statements);
    }
    assert!(
        costs.iter().all(|&c| c == costs[0]),
        "statements grow with the page: {costs:?}"
    );
    // The plan, the count, the page and its blocks.
    assert!(costs[0] <= 4, "{costs:?}");
}

/// the year 关设并举 would break, before anything is admitted.
#[tokio::test]
async fn the_balance_outlook_shows_the_year_new_mines_would_outnumber_closures() {
    let app = TestApp::spawn().await;
    Scenario::new(&app)
        .closures(2)
        .blocks(3)
        .approved_plan()
        .await;
    let admin = app.admin();
    let body = must(
        &app,
        &admin,
        "{ balanceOutlook { completedClosuresOnly years { year closuresScheduled newMinesProposed closedToDate newMinesToDate breaks } \
           counties { countyCode years { year breaks } } } }",
        json!({}),
    )
    .await;
    let outlook = &body["data"]["balanceOutlook"];
    assert_eq!(outlook["completedClosuresOnly"], false);
    assert_eq!(
        outlook["years"],
        json!([
            { "year": 2025, "closuresScheduled": 2, "newMinesProposed": 0, "closedToDate": 2, "newMinesToDate": 0, "breaks": false },
            { "year": 2026, "closuresScheduled": 0, "newMinesProposed": 3, "closedToDate": 2, "newMinesToDate": 3, "breaks": true }
        ])
    );
    assert_eq!(outlook["counties"][0]["countyCode"], ZEZHOU);
    let anonymous = app
        .gql(None, "{ balanceOutlook { cityCode } }", json!({}))
        .await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
}
