//! The closure quota over a block's whole life (docs/rules.md, NEW-2 to NEW-4): closures
//! counted by year the same way in `admitBlock`, `closureQuota` and `balanceOutlook`; the
//! checks a block must pass besides (its service life, its settled boundary and mining
//! land); an approver's reason that is no exception; and a licence's scale change.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::{ADMIT, Scenario, must, surveyed};
use crate::helpers::{TestApp, ZEZHOU, block_input, mine_input};

pub(crate) const ELIGIBILITY: &str = "query($id: ID!, $year: Int!) { block(id: $id) { eligibility(year: $year) { \
    eligible failedChecks balanceOpensIn checks { code passed detail } } } }";

pub(crate) fn failed(body: &Value) -> &Value {
    &body["errors"][0]["extensions"]["failedChecks"]
}

/// The closed mines `closureQuota` counts for `year` (every scheduled closure for null).
pub(crate) async fn quota_closed(app: &TestApp, year: Option<i32>) -> Value {
    must(
        app,
        &app.admin(),
        "query($y: Int) { closureQuota(year: $y) { closedMines year } }",
        json!({ "y": year }),
    )
    .await["data"]["closureQuota"]["closedMines"]
        .clone()
}

#[tokio::test]
async fn new_3_a_2027_closure_does_not_admit_a_2025_block_and_quota_and_outlook_agree() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures_due(&[2027])
        .blocks_for(&[2025, 2027])
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let admin = app.admin();
    let early = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2025, "block": blocks[0] }),
        )
        .await;
    assert_eq!(failed(&early), &json!(["NEW-3"]), "{early}");
    let eligibility = must(
        &app,
        &admin,
        ELIGIBILITY,
        json!({ "id": blocks[0], "year": 2025 }),
    )
    .await;
    let eligibility = &eligibility["data"]["block"]["eligibility"];
    assert_eq!(eligibility["balanceOpensIn"], 2027, "{eligibility}");
    assert_eq!(quota_closed(&app, Some(2025)).await, 0);
    assert_eq!(quota_closed(&app, Some(2027)).await, 1);
    assert_eq!(quota_closed(&app, None).await, 1);
    let outlook = must(
        &app,
        &admin,
        "{ balanceOutlook { years { year closedToDate closuresScheduled } } }",
        json!({}),
    )
    .await;
    let years = &outlook["data"]["balanceOutlook"]["years"];
    let closed_to = |year: i64| {
        years
            .as_array()
            .into_iter()
            .flatten()
            .find(|y| y["year"] == year)
            .map(|y| y["closedToDate"].clone())
    };
    assert_eq!(closed_to(2025), Some(json!(0)), "{years}");
    assert_eq!(closed_to(2027), Some(json!(1)), "{years}");
    let late = app
        .gql(
            Some(&admin),
            ADMIT,
            json!({ "year": 2027, "block": blocks[1] }),
        )
        .await;
    assert!(
        late["errors"].is_null(),
        "the closure is due in 2027: {late}"
    );
}

/// A plan with one 2025 closure and one block shaped by `shape`, surveyed and cleared;
/// the block's id.
async fn shaped_block(app: &TestApp, shape: impl FnOnce(&mut Value)) -> String {
    let mut input = block_input(ZEZHOU, "待调整区块");
    shape(&mut input);
    let block = app.create_block(input).await;
    let blocks = Scenario::new(app)
        .closures(1)
        .proposing(&[(block.clone(), 2026)])
        .approved_plan()
        .await;
    assert_eq!(blocks, vec![block.clone()]);
    surveyed(app, &block).await;
    block
}

/// Each new check refuses a block that fails only it, naming what is missing.
#[tokio::test]
async fn new_2_service_life_and_new_4_boundary_and_mining_land_each_refuse_alone() {
    type Shape = fn(&mut Value);
    let cases: [(&str, Shape, &str); 3] = [
        (
            "SERVICE_LIFE",
            |b| b["designedProductionScale"] = json!(400.0),
            "不足5年",
        ),
        ("SURVEY", |b| b["corners"] = Value::Null, "拐点坐标"),
        ("SURVEY", |b| b["miningLand"] = Value::Null, "采矿用地"),
    ];
    for (code, shape, says) in cases {
        let app = TestApp::spawn().await;
        let block = shaped_block(&app, shape).await;
        let read = must(
            &app,
            &app.admin(),
            ELIGIBILITY,
            json!({ "id": block, "year": 2026 }),
        )
        .await;
        let checks = &read["data"]["block"]["eligibility"]["checks"];
        let failing: Vec<&Value> = checks
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["passed"] == false)
            .collect();
        assert_eq!(failing.len(), 1, "{code}: {checks}");
        assert_eq!(failing[0]["code"], code, "{checks}");
        let detail = failing[0]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(says), "{code}: {detail}");
        let body = app
            .gql(
                Some(&app.admin()),
                ADMIT,
                json!({ "year": 2026, "block": block }),
            )
            .await;
        let rule = if code == "SURVEY" { "NEW-4" } else { "NEW-2" };
        assert_eq!(failed(&body), &json!([rule]), "{code}: {body}");
    }
}

/// An approver's reason where the balance has room is not recorded as an exception.
#[tokio::test]
async fn new_3_an_approvers_reason_is_an_exception_only_beyond_the_balance() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks(2)
        .approved_plan()
        .await;
    let approver = app.token(Role::CityApprover, None);
    let mut marked = Vec::new();
    for block in &blocks {
        surveyed(&app, block).await;
        let body = must(
            &app,
            &approver,
            ADMIT,
            json!({ "year": 2026, "block": block, "reason": "省重点工程配套" }),
        )
        .await;
        marked.push(body["data"]["admitBlock"]["quotaException"].clone());
    }
    assert_eq!(marked, vec![json!(false), json!(true)]);
}

/// Completing the licence's scale change makes the upgrade's target the mine's scale.
#[tokio::test]
async fn upgrade_1_the_licence_scale_change_sets_the_mines_scale() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mine = app.create_mine(mine_input(ZEZHOU, "UP-1")).await;
    let plan = app.create_plan(&official, ZEZHOU).await;
    must(
        &app,
        &official,
        "mutation($p: ID!, $m: ID!) { addUpgradeEntry(planId: $p, input: { mineId: $m, targetScale: 80, \
         completeBy: \"2025-12-31\", measures: [\"绿色矿山建设\"] }) { id } }",
        json!({ "p": plan, "m": mine }),
    )
    .await;
    crate::fixtures::with_division(&app, &official, &json!(plan)).await;
    must(
        &app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    must(
        &app,
        &app.token(Role::CityApprover, None),
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    let duties = must(
        &app,
        &official,
        "query($p: ID!) { countyPlan(id: $p) { duties { id kind } } }",
        json!({ "p": plan }),
    )
    .await;
    let change = duties["data"]["countyPlan"]["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "LICENCE_SCALE_CHANGE")
        .map(|d| d["id"].clone())
        .unwrap_or_else(|| panic!("a scale-change duty: {duties}"));
    assert_eq!(scale_of(&app, &mine).await, json!(60.0));
    must(
        &app,
        &official,
        "mutation($d: ID!) { completeDuty(dutyId: $d, doneOn: \"2025-10-01\") { doneOn } }",
        json!({ "d": change }),
    )
    .await;
    assert_eq!(scale_of(&app, &mine).await, json!(80.0));
}

/// The production scale the registry holds for `mine`.
async fn scale_of(app: &TestApp, mine: &str) -> Value {
    must(
        app,
        &app.admin(),
        "query($m: ID!) { mine(id: $m) { productionScale } }",
        json!({ "m": mine }),
    )
    .await["data"]["mine"]["productionScale"]
        .clone()
}

pub(crate) const ADMIT_ON: &str = "mutation($b: ID!, $p: TradingPlatform!) { admitBlock(year: 2026, blockId: $b, \
    method: AUCTION, platform: $p) { id transferAuthority } }";

/// NEW-6: the province transfers iron unless it delegates the block; the platform follows
/// the authority, and only a delegable mineral is delegated.
#[tokio::test]
async fn new_6_the_platform_follows_who_transfers_and_a_delegation_moves_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let stone = {
        let mut input = block_input(ZEZHOU, "石料区块");
        input["mineralCode"] = json!("BUILDING_STONE");
        app.create_block(input).await
    };
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks(1)
        .approved_plan()
        .await;
    let iron = &blocks[0];
    surveyed(&app, iron).await;
    let authority = |id: String| {
        let app = &app;
        async move {
            must(
                app,
                &app.admin(),
                "query($b: ID!) { block(id: $b) { transferAuthority delegationReference } }",
                json!({ "b": id }),
            )
            .await["data"]["block"]
                .clone()
        }
    };
    assert_eq!(
        authority(iron.clone()).await["transferAuthority"],
        "PROVINCE"
    );
    assert_eq!(authority(stone.clone()).await["transferAuthority"], "CITY");
    let city_platform = json!({ "b": iron, "p": "CITY_PUBLIC_RESOURCE" });
    let refused = app.gql(Some(&admin), ADMIT_ON, city_platform.clone()).await;
    assert_eq!(failed(&refused), &json!(["NEW-6"]), "{refused}");
    const DELEGATE: &str = "mutation($b: ID!) { recordDelegation(blockId: $b, reference: \"晋自然资函〔2026〕8号\") { id } }";
    let not_delegable = app.gql(Some(&admin), DELEGATE, json!({ "b": stone })).await;
    assert_eq!(
        not_delegable["errors"][0]["extensions"]["field"], "blockId",
        "{not_delegable}"
    );
    must(&app, &admin, DELEGATE, json!({ "b": iron })).await;
    let delegated = authority(iron.clone()).await;
    assert_eq!(delegated["transferAuthority"], "CITY");
    assert_eq!(delegated["delegationReference"], "晋自然资函〔2026〕8号");
    let entry = must(&app, &admin, ADMIT_ON, city_platform).await;
    assert_eq!(entry["data"]["admitBlock"]["transferAuthority"], "CITY");
    let late = app.gql(Some(&admin), DELEGATE, json!({ "b": iron })).await;
    assert_eq!(
        late["errors"][0]["extensions"]["code"], "CONFLICT",
        "the admission fixed who transfers it: {late}"
    );
}

/// NEW-4: the survey's boundary and mining land can be set on a block until it is
/// admitted; a stale version and an admitted block are `CONFLICT`; surveys are kept.
#[tokio::test]
async fn new_4_update_block_settles_the_boundary_until_admission() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = shaped_block(&app, |b| {
        b["corners"] = Value::Null;
        b["miningLand"] = Value::Null;
    })
    .await;
    const UPDATE: &str = "mutation($b: ID!, $v: Int!, $i: BlockPatchInput!) { \
        updateBlock(id: $b, version: $v, input: $i) { version miningLand corners { latitude } surveys { id } } }";
    let settled = json!({
        "corners": [
            { "latitude": 35.50, "longitude": 112.80 },
            { "latitude": 35.51, "longitude": 112.80 },
            { "latitude": 35.51, "longitude": 112.81 }
        ],
        "miningLand": "采矿用地约12公顷"
    });
    let version = must(
        &app,
        &admin,
        "query($b: ID!) { block(id: $b) { version } }",
        json!({ "b": block }),
    )
    .await["data"]["block"]["version"]
        .clone();
    let stale = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "b": block, "v": 99, "i": settled }),
        )
        .await;
    assert_eq!(
        stale["errors"][0]["extensions"]["code"], "CONFLICT",
        "{stale}"
    );
    let updated = must(
        &app,
        &admin,
        UPDATE,
        json!({ "b": block, "v": version, "i": settled }),
    )
    .await["data"]["updateBlock"]
        .clone();
    assert_eq!(updated["miningLand"], "采矿用地约12公顷");
    assert_eq!(updated["corners"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        updated["surveys"].as_array().map(Vec::len),
        Some(16),
        "kept"
    );
    let bad = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "b": block, "v": updated["version"], "i": { "areaKm2": -1.0 } }),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "areaKm2", "{bad}");
    admit(&app, &block, 2026).await;
    let late = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "b": block, "v": updated["version"], "i": { "areaKm2": 1.5 } }),
        )
        .await;
    assert_eq!(
        late["errors"][0]["extensions"]["code"], "CONFLICT",
        "{late}"
    );
}

/// Admits `block` into `year` as the city admin; the entry's id.
pub(crate) async fn admit(app: &TestApp, block: &str, year: i32) -> Value {
    must(
        app,
        &app.admin(),
        ADMIT,
        json!({ "year": year, "block": block }),
    )
    .await["data"]["admitBlock"]["id"]
        .clone()
}
