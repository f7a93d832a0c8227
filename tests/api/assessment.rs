//! The assessment through GraphQL: per mine, the three batches, the summary, the what-if,
//! the list filters, and versioned standards.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{GAOPING, TestApp, ZEZHOU, error_code, mine_input};

/// An underground iron mine at `scale` 万吨/年 with 400 万吨 left.
pub fn iron(county: &str, licence: &str, scale: f64) -> Value {
    let mut input = mine_input(county, licence);
    input["mineralCode"] = json!("IRON");
    input["miningMethod"] = json!("UNDERGROUND");
    input["productionScale"] = json!(scale);
    input["remainingReserves"] = json!(400.0);
    input["latitude"] = Value::Null;
    input["longitude"] = Value::Null;
    input
}

pub const ASSESSMENT: &str = "query($id: ID!, $asOf: Date) { mine(id: $id) { assessment(asOf: $asOf) {
    disposition standardsVersion asOf findings { ruleId disposition message facts { name value } advisory }
    options { disposition ruleId minimumTargetScale maximumTargetScale } } } }";

fn rules(assessment: &Value) -> Vec<String> {
    assessment["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .filter_map(|f| f["ruleId"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_mine_below_the_provincial_minimum_is_exit_3_with_its_options() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(iron(ZEZHOU, "A-1", 20.0)).await;
    let body = app
        .gql(
            Some(&app.admin()),
            ASSESSMENT,
            json!({ "id": id, "asOf": "2026-11-29" }),
        )
        .await;
    let assessment = &body["data"]["mine"]["assessment"];
    assert_eq!(assessment["disposition"], "EXIT", "{body}");
    assert_eq!(assessment["standardsVersion"], 1);
    assert_eq!(assessment["asOf"], "2026-11-29");
    assert!(rules(assessment).contains(&"EXIT-3".to_owned()));
    assert!(rules(assessment).contains(&"INTEGRATE-3".to_owned()));
    let exit3 = assessment["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["ruleId"] == "EXIT-3"))
        .cloned()
        .unwrap_or_default();
    assert!(
        exit3["message"]
            .as_str()
            .is_some_and(|m| m.contains("整治方式2(3)")),
        "cites the clause"
    );
    assert!(exit3["facts"].as_array().is_some_and(|f| {
        f.iter()
            .any(|f| f["name"] == "productionScale" && f["value"] == "20")
    }));
    assert_eq!(assessment["options"][0]["disposition"], "UPGRADE");
    assert_eq!(assessment["options"][0]["minimumTargetScale"], 30.0);
    assert_eq!(assessment["options"][1]["disposition"], "INTEGRATE");
}

#[tokio::test]
async fn quarries_299_metres_apart_are_integration_candidates_and_301_are_not() {
    let app = TestApp::spawn().await;
    let place = |licence: &str, metres_north: f64| {
        let mut input = mine_input(ZEZHOU, licence);
        input["holder"] = json!(format!("公司{licence}"));
        input["latitude"] = json!(35.5 + metres_north / 111_194.93);
        input["longitude"] = json!(112.8);
        input
    };
    let base = app.create_mine(place("Q-BASE", 0.0)).await;
    app.create_mine(place("Q-299", 299.0)).await;
    let far = app.create_mine(place("Q-FAR", 299.0 + 301.0 + 50.0)).await;
    let admin = app.admin();
    let near = app
        .gql(Some(&admin), ASSESSMENT, json!({ "id": base }))
        .await;
    assert!(
        rules(&near["data"]["mine"]["assessment"]).contains(&"INTEGRATE-2".to_owned()),
        "{near}"
    );
    let alone = app
        .gql(Some(&admin), ASSESSMENT, json!({ "id": far }))
        .await;
    assert!(
        !rules(&alone["data"]["mine"]["assessment"]).contains(&"INTEGRATE-2".to_owned()),
        "{alone}"
    );
}

#[tokio::test]
async fn rectification_lists_are_scoped_to_the_county() {
    let app = TestApp::spawn().await;
    app.create_mine(iron(ZEZHOU, "L-EXIT", 20.0)).await;
    let mut unsafe_mine = iron(ZEZHOU, "L-CLOSE", 40.0);
    unsafe_mine["hasSafetyLicence"] = json!(false);
    app.create_mine(unsafe_mine).await;
    let mut small = iron(ZEZHOU, "L-UP", 40.0);
    small["mineralCode"] = json!("CEMENT_LIMESTONE");
    small["miningMethod"] = json!("OPEN_PIT");
    app.create_mine(small).await;
    app.create_mine(iron(ZEZHOU, "L-KEEP", 40.0)).await;
    app.create_mine(iron(GAOPING, "L-OTHER", 20.0)).await;

    let query = "query($county: String!) { rectificationLists(countyCode: $county) { county { code } deadline standardsVersion
        closeOrExit { mine { licenceNo } assessment { disposition } } integrate { mine { licenceNo } } upgrade { mine { licenceNo } } } }";
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let body = app
        .gql(Some(&official), query, json!({ "county": ZEZHOU }))
        .await;
    let lists = &body["data"]["rectificationLists"];
    let licences = |list: &str| -> Vec<String> {
        lists[list]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|e| e["mine"]["licenceNo"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(licences("closeOrExit"), vec!["L-EXIT", "L-CLOSE"], "{body}");
    assert_eq!(licences("upgrade"), vec!["L-UP"]);
    assert!(licences("integrate").is_empty());
    assert_eq!(lists["deadline"], "2025-12-31");
    // The deadline is the campaign's rectification milestone, held once: moving it moves
    // the lists' deadline.
    let campaigns = crate::fixtures::must(
        &app,
        &app.admin(),
        "{ campaigns { milestones { id measure } } }",
        json!({}),
    )
    .await;
    let rectified = campaigns["data"]["campaigns"][0]["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["measure"] == "RECTIFICATION_DONE")
        .map(|m| m["id"].clone())
        .expect("a rectification milestone");
    crate::fixtures::must(
        &app,
        &app.admin(),
        "mutation($id: ID!) { updateMilestone(id: $id, dueOn: \"2026-06-30\") { dueOn } }",
        json!({ "id": rectified }),
    )
    .await;
    let moved = app
        .gql(Some(&official), query, json!({ "county": ZEZHOU }))
        .await;
    assert_eq!(
        moved["data"]["rectificationLists"]["deadline"], "2026-06-30",
        "{moved}"
    );

    let foreign = app
        .gql(
            Some(&app.token(Role::CountyOfficial, Some(GAOPING))),
            query,
            json!({ "county": ZEZHOU }),
        )
        .await;
    assert_eq!(error_code(&foreign), Some("FORBIDDEN"));
    assert!(foreign["data"].is_null());
    let anonymous = app.gql(None, query, json!({ "county": ZEZHOU })).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let integrator = app
        .gql(
            Some(&app.token(Role::Integrator, None)),
            query,
            json!({ "county": ZEZHOU }),
        )
        .await;
    assert_eq!(error_code(&integrator), Some("FORBIDDEN"));
    let approver = app
        .gql(
            Some(&app.token(Role::CityApprover, None)),
            query,
            json!({ "county": GAOPING }),
        )
        .await;
    assert_eq!(
        approver["data"]["rectificationLists"]["closeOrExit"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn the_summary_counts_dispositions_and_rules_within_scope() {
    let app = TestApp::spawn().await;
    app.create_mine(iron(ZEZHOU, "S-1", 20.0)).await;
    app.create_mine(iron(ZEZHOU, "S-2", 40.0)).await;
    app.create_mine(iron(GAOPING, "S-3", 20.0)).await;
    let query = "query($county: String) { assessmentSummary(countyCode: $county) { totalMines
        byDisposition { disposition count } byRule { ruleId count } byCounty { countyCode total } } }";
    let city = app.gql(Some(&app.admin()), query, json!({})).await;
    let summary = &city["data"]["assessmentSummary"];
    assert_eq!(summary["totalMines"], 3, "{city}");
    let count_of = |list: &Value, key: &str, value: &str| {
        list.as_array()
            .and_then(|l| l.iter().find(|e| e[key] == value))
            .map(|e| e["count"].clone())
    };
    assert_eq!(
        count_of(&summary["byDisposition"], "disposition", "EXIT"),
        Some(json!(2))
    );
    assert_eq!(
        count_of(&summary["byDisposition"], "disposition", "RETAIN"),
        Some(json!(1))
    );
    assert_eq!(
        count_of(&summary["byRule"], "ruleId", "EXIT-3"),
        Some(json!(2))
    );
    let own = app
        .gql(
            Some(&app.token(Role::CountyOfficial, Some(GAOPING))),
            query,
            json!({}),
        )
        .await;
    assert_eq!(
        own["data"]["assessmentSummary"]["totalMines"], 1,
        "an official's summary covers its county"
    );
    let foreign = app
        .gql(
            Some(&app.token(Role::CountyOfficial, Some(GAOPING))),
            query,
            json!({ "county": ZEZHOU }),
        )
        .await;
    assert_eq!(error_code(&foreign), Some("FORBIDDEN"));
}

#[tokio::test]
async fn the_what_if_assesses_without_saving_and_checks_an_upgrade_target() {
    let app = TestApp::spawn().await;
    let mut input = iron(ZEZHOU, "W-1", 20.0);
    input["remainingReserves"] = json!(240.0);
    let query = "query($input: MineInput!, $target: Float) { assessMine(input: $input, upgradeTargetScale: $target) {
        disposition upgrade { targetScale serviceYearsAfter met reasons targetClass } } }";
    let admin = app.admin();
    let lifted = app
        .gql(
            Some(&admin),
            query,
            json!({ "input": input, "target": 30.0 }),
        )
        .await;
    assert_eq!(
        lifted["data"]["assessMine"]["disposition"], "EXIT",
        "{lifted}"
    );
    assert_eq!(lifted["data"]["assessMine"]["upgrade"]["met"], true);
    assert_eq!(
        lifted["data"]["assessMine"]["upgrade"]["serviceYearsAfter"],
        8.0
    );
    let too_far = app
        .gql(
            Some(&admin),
            query,
            json!({ "input": input, "target": 50.0 }),
        )
        .await;
    assert_eq!(
        too_far["data"]["assessMine"]["upgrade"]["met"], false,
        "240 ÷ 50 = 4.8 years"
    );
    assert!(
        too_far["data"]["assessMine"]["upgrade"]["reasons"][0]
            .as_str()
            .is_some_and(|r| r.contains("4.8"))
    );
    let bad = app
        .gql(
            Some(&admin),
            query,
            json!({ "input": input, "target": -1.0 }),
        )
        .await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let mines = app
        .gql(
            Some(&admin),
            "{ mines { totalCount } auditLog { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(mines["data"]["mines"]["totalCount"], 0, "nothing saved");
    assert_eq!(
        mines["data"]["auditLog"]["totalCount"], 0,
        "nothing audited"
    );
    let foreign = app
        .gql(
            Some(&app.token(Role::CountyOfficial, Some(GAOPING))),
            query,
            json!({ "input": input }),
        )
        .await;
    assert_eq!(error_code(&foreign), Some("FORBIDDEN"));
}

#[tokio::test]
async fn mines_filter_by_disposition_and_rule() {
    let app = TestApp::spawn().await;
    app.create_mine(iron(ZEZHOU, "F-KEEP", 40.0)).await;
    let exit = app.create_mine(iron(ZEZHOU, "F-EXIT", 20.0)).await;
    app.create_mine(iron(ZEZHOU, "F-KEEP-2", 40.0)).await;
    let query = "query($filter: MineFilter) { mines(filter: $filter) { totalCount edges { node { id } } } }";
    let admin = app.admin();
    for filter in [
        json!({ "disposition": "EXIT" }),
        json!({ "ruleId": "EXIT-3" }),
    ] {
        let body = app
            .gql(Some(&admin), query, json!({ "filter": filter }))
            .await;
        assert_eq!(body["data"]["mines"]["totalCount"], 1, "{filter}: {body}");
        assert_eq!(body["data"]["mines"]["edges"][0]["node"]["id"], json!(exit));
    }
    let retained = app
        .gql(
            Some(&admin),
            query,
            json!({ "filter": { "disposition": "RETAIN" } }),
        )
        .await;
    assert_eq!(retained["data"]["mines"]["totalCount"], 2);
    assert_eq!(
        retained["data"]["mines"]["edges"].as_array().map(Vec::len),
        Some(2)
    );
    let first = app
        .gql(
            Some(&admin),
            "{ mines(first: 1, filter: { disposition: RETAIN }) { edges { node { id } } pageInfo { hasNextPage } } }",
            json!({}),
        )
        .await;
    assert_eq!(first["data"]["mines"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(
        first["data"]["mines"]["edges"].as_array().map(Vec::len),
        Some(1)
    );
    let none = app
        .gql(
            Some(&admin),
            query,
            json!({ "filter": { "ruleId": "CLOSE-2" } }),
        )
        .await;
    assert_eq!(none["data"]["mines"]["totalCount"], 0);
}

#[tokio::test]
async fn a_what_if_never_reveals_mines_outside_the_callers_scope() {
    let app = TestApp::spawn().await;
    let mut stored = mine_input(ZEZHOU, "WI-STORED");
    stored["holder"] = json!("泽州某公司");
    app.create_mine(stored).await;
    let mut hypothetical = mine_input(GAOPING, "WI-NEW");
    hypothetical["latitude"] = json!(35.5 + 100.0 / 111_194.93);
    let query = "query($input: MineInput!) { assessMine(input: $input) { findings { ruleId } } }";
    let has_integrate_2 =
        |body: &Value| rules(&body["data"]["assessMine"]).contains(&"INTEGRATE-2".to_owned());
    let admin = app
        .gql(Some(&app.admin()), query, json!({ "input": hypothetical }))
        .await;
    assert!(
        has_integrate_2(&admin),
        "the city sees its neighbour: {admin}"
    );
    let official = app.token(Role::CountyOfficial, Some(GAOPING));
    let own = app
        .gql(Some(&official), query, json!({ "input": hypothetical }))
        .await;
    assert!(
        !has_integrate_2(&own),
        "another county's quarry stays hidden: {own}"
    );
}

#[tokio::test]
async fn a_neighbour_in_another_county_is_named_only_by_its_county() {
    let app = TestApp::spawn().await;
    let own = app.create_mine(mine_input(ZEZHOU, "SCOPE-1")).await;
    let mut across = mine_input(GAOPING, "SCOPE-2");
    // About 200 m north, across the county border.
    across["latitude"] = json!(35.5 + 200.0 / 111_194.93);
    across["oreBodyId"] = json!("ORE-SCOPE");
    across["holder"] = json!("另一建材公司");
    let neighbour = app.create_mine(across).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    app.gql(
        Some(&app.admin()),
        "mutation($id: ID!) { updateMine(id: $id, version: 1, input: { oreBodyId: \"ORE-SCOPE\" }) { id } }",
        json!({ "id": own }),
    )
    .await;

    let admin_view = app
        .gql(Some(&app.admin()), ASSESSMENT, json!({ "id": own }))
        .await
        .to_string();
    assert!(
        admin_view.contains(&format!("\"value\":\"{neighbour}\"")),
        "the city admin reads the neighbour's id: {admin_view}"
    );

    let lists = format!(
        "{{ rectificationLists(countyCode: \"{ZEZHOU}\") {{ integrate {{ assessment {{ findings {{ message facts {{ name value }} }} }} }} }} }}"
    );
    for body in [
        app.gql(Some(&official), ASSESSMENT, json!({ "id": own }))
            .await,
        app.gql(Some(&official), &lists, json!({})).await,
    ] {
        let text = body.to_string();
        assert!(body["errors"].is_null(), "{text}");
        assert!(
            text.contains("INTEGRATE-2") || text.contains("高平市的一座矿山"),
            "{text}"
        );
        assert!(
            text.contains("高平市"),
            "the neighbour's county is named: {text}"
        );
        assert!(
            !text.contains(&format!("\"value\":\"{neighbour}\"")) && !text.contains("编号"),
            "no id of a mine outside the county: {text}"
        );
        assert!(
            !text.contains("distanceMeters"),
            "no exact distance: {text}"
        );
    }
}

#[tokio::test]
async fn the_seeded_standards_carry_the_rule_corrections() {
    let app = TestApp::spawn().await;
    let minerals = app
        .gql(
            None,
            "{ minerals { code nationalCode provincialMinimumScale } }",
            json!({}),
        )
        .await;
    let listed = minerals["data"]["minerals"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (code, national) in [("BUILDING_DOLOMITE", "83944"), ("BRICK_SHALE", "84132")] {
        assert!(
            listed
                .iter()
                .any(|m| m["code"] == code && m["nationalCode"] == national),
            "{code}: {minerals}"
        );
    }
    let what_if = "query($input: MineInput!) { assessMine(input: $input) { disposition findings { ruleId } } }";
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut at_minimum = mine_input(ZEZHOU, "FIX-1");
    at_minimum["productionScale"] = json!(50.0);
    at_minimum["remainingReserves"] = json!(500.0);
    let body = app
        .gql(Some(&official), what_if, json!({ "input": at_minimum }))
        .await;
    assert_eq!(
        body["data"]["assessMine"]["disposition"], "RETAIN",
        "a quarry at exactly 50 万吨/年 is medium: {body}"
    );
    let mut dolomite = mine_input(ZEZHOU, "FIX-2");
    dolomite["mineralCode"] = json!("BUILDING_DOLOMITE");
    dolomite["productionScale"] = json!(40.0);
    let body = app
        .gql(Some(&official), what_if, json!({ "input": dolomite }))
        .await;
    assert!(
        rules(&body["data"]["assessMine"]).contains(&"EXIT-3".to_owned()),
        "building dolomite is an open-pit quarry mineral with a 50 minimum: {body}"
    );
}

#[tokio::test]
async fn today_is_the_applications_clock_in_shanghai() {
    // 00:30 on 15 June 2026 in Shanghai (still 14 June in UTC).
    let app = TestApp::spawn_at("2026-06-14T16:30:00Z").await;
    let suspended = |licence: &str, since: &str| {
        let mut input = iron(ZEZHOU, licence, 35.0);
        input["status"] = json!("SUSPENDED");
        input["suspendedSince"] = json!(since);
        input
    };
    let twelve_months = app.create_mine(suspended("CLOCK-1", "2025-06-15")).await;
    let one_day_short = app.create_mine(suspended("CLOCK-2", "2025-06-16")).await;
    let admin = app.admin();
    let today = |id: String| {
        let admin = admin.clone();
        let app = &app;
        async move {
            app.gql(Some(&admin), ASSESSMENT, json!({ "id": id })).await["data"]["mine"]
                ["assessment"]
                .clone()
        }
    };
    let long = today(twelve_months).await;
    assert_eq!(long["asOf"], "2026-06-15", "{long}");
    assert!(rules(&long).contains(&"EXIT-2".to_owned()), "{long}");
    let short = today(one_day_short).await;
    assert!(!rules(&short).contains(&"EXIT-2".to_owned()), "{short}");
}

#[tokio::test]
async fn filtering_by_a_rule_that_does_not_exist_is_refused_not_empty() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(
            Some(&app.admin()),
            "{ mines(filter: { ruleId: \"EXIT-9\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "ruleId");
    let body = app
        .gql(
            Some(&app.admin()),
            "{ mines(filter: { ruleId: \"exit-3\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(body["data"]["mines"]["totalCount"], 0, "{body}");
}
