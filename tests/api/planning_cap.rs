//! NEW-2's planning cap counts what the plans in force plan: an approved upgrade at its
//! target, not at today's scale.

use mineright::domain::access::Role;
use serde_json::json;

use crate::block_life::ELIGIBILITY;
use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU, block_input, mine_input};

#[tokio::test]
async fn new_2_an_approved_upgrade_counts_at_its_target() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let quarry = app.create_mine(mine_input(ZEZHOU, "CAP-1")).await;
    let mut input = block_input(ZEZHOU, "石料区块");
    input["mineralCode"] = json!("BUILDING_STONE");
    input["designedProductionScale"] = json!(30.0);
    let block = app.create_block(input).await;
    must(
        &app,
        &admin,
        "mutation { setPlanningCap(mineralCode: \"BUILDING_STONE\", capScale: 100) { capScale } }",
        json!({}),
    )
    .await;
    let cap_check = || async {
        let read = must(
            &app,
            &admin,
            ELIGIBILITY,
            json!({ "id": block, "year": 2026 }),
        )
        .await;
        read["data"]["block"]["eligibility"]["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["code"] == "PLANNING_CAP")
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(cap_check().await["passed"], true, "60 + 30 ≤ 100 today");
    let plan = app.create_plan(&official, ZEZHOU).await;
    must(
        &app,
        &official,
        "mutation($p: ID!, $m: ID!) { addUpgradeEntry(planId: $p, input: { mineId: $m, targetScale: 80, \
         completeBy: \"2025-12-31\", measures: [\"绿色矿山建设\"] }) { id } }",
        json!({ "p": plan, "m": quarry }),
    )
    .await;
    must(
        &app,
        &official,
        "mutation($p: ID!, $b: ID!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: 2026 }) { id } }",
        json!({ "p": plan, "b": block }),
    )
    .await;
    crate::fixtures::with_division(&app, &official, &json!(plan)).await;
    for (token, mutation) in [
        (
            &official,
            "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        ),
        (
            &app.token(Role::CityApprover, None),
            "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        ),
    ] {
        must(&app, token, mutation, json!({ "p": plan })).await;
    }
    let check = cap_check().await;
    assert_eq!(
        check["passed"], false,
        "80 + 30 > 100 once planned: {check}"
    );
    let detail = check["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("已有80万吨/年"), "{detail}");
}
