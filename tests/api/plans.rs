//! County plans through the router: the whole workflow with recall, return and revision;
//! every consistency refusal with the rule it names; every role that must be refused; the
//! approve/return race; overdue duties at a fixed date; integration completion.

use std::sync::Arc;

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::mine_at as mine;
use crate::helpers::{GAOPING, TestApp, ZEZHOU, block_input, error_code};

const PLAN_FIELDS: &str = "id status revision inForce fullView version \
    closures { id method closeBy mine { id name holder } duties { id kind dueBy doneOn responsible } } \
    upgrades { id targetScale serviceYearsAfter completeBy mine { id } duties { kind } } \
    integrations { id unifiedName unifiedMineId mines { id } duties { id kind } } \
    newMines { id transferYear block { id name } } \
    responsibilities { id task unit dueBy } \
    comments { text } balance { closures newMines remaining warning }";

fn plan_query(operation: &str, arguments: &str) -> String {
    format!("mutation {{ {operation}({arguments}) {{ {PLAN_FIELDS} }} }}")
}

/// Runs a plan mutation as `token`; returns the body.
async fn act(app: &TestApp, token: &str, operation: &str, arguments: &str) -> Value {
    app.gql(Some(token), &plan_query(operation, arguments), json!({}))
        .await
}

/// Runs a plan mutation that must succeed; returns the plan.
async fn ok(app: &TestApp, token: &str, operation: &str, arguments: &str) -> Value {
    let body = act(app, token, operation, arguments).await;
    assert!(body["errors"].is_null(), "{operation}({arguments}): {body}");
    body["data"][operation].clone()
}

/// Submits plan `id` as `official` and approves it as `approver`; returns the approved plan.
async fn submit_and_approve(app: &TestApp, official: &str, approver: &str, id: &str) -> Value {
    ok(app, official, "submitCountyPlan", &format!("id: \"{id}\"")).await;
    ok(app, approver, "approveCountyPlan", &format!("id: \"{id}\"")).await
}

fn rule(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["rule"].as_str()
}

/// A county official, a CLOSE mine, an EXIT-3 mine, a fine quarry and a block of 泽州县.
struct County {
    official: String,
    close: String,
    small: String,
    fine: String,
    block: String,
}

async fn county(app: &TestApp) -> County {
    County {
        official: app.token(Role::CountyOfficial, Some(ZEZHOU)),
        // CLOSE-1: no safety-production licence; held by a natural person.
        close: mine(
            app,
            ZEZHOU,
            1,
            json!({ "hasSafetyLicence": false, "holder": "张三", "holderType": "NATURAL_PERSON" }),
        )
        .await,
        // EXIT-3 (and INTEGRATE-3): 20 万吨/年 is below the 50 of open-pit quarries.
        small: mine(
            app,
            ZEZHOU,
            2,
            json!({ "productionScale": 20.0, "remainingReserves": 200.0 }),
        )
        .await,
        fine: mine(app, ZEZHOU, 3, json!({})).await,
        block: app.create_block(block_input(ZEZHOU, "南村铁矿区块")).await,
    }
}

fn closure(mine: &str, method: &str) -> String {
    format!(
        "input: {{ mineId: \"{mine}\", method: {method}, closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }}"
    )
}

fn upgrade(mine: &str, target: f64) -> String {
    format!(
        "input: {{ mineId: \"{mine}\", targetScale: {target}, completeBy: \"2025-12-31\", measures: [\"绿色矿山建设\"] }}"
    )
}

/// A draft with the CLOSE mine closed, the small one exited, the fine one upgraded, the
/// block proposed for 2026 and its division of work.
async fn drafted(app: &TestApp, c: &County) -> String {
    let plan = ok(
        app,
        &c.official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    let id = plan["id"].as_str().expect("plan id").to_owned();
    assert_eq!(plan["status"], "DRAFT");
    ok(
        app,
        &c.official,
        "addClosureEntry",
        &format!("planId: \"{id}\", {}", closure(&c.close, "CLOSE")),
    )
    .await;
    ok(
        app,
        &c.official,
        "addClosureEntry",
        &format!("planId: \"{id}\", {}", closure(&c.small, "EXIT")),
    )
    .await;
    ok(
        app,
        &c.official,
        "addUpgradeEntry",
        &format!("planId: \"{id}\", {}", upgrade(&c.fine, 80.0)),
    )
    .await;
    ok(
        app,
        &c.official,
        "addNewMineEntry",
        &format!(
            "planId: \"{id}\", input: {{ blockId: \"{}\", transferYear: 2026 }}",
            c.block
        ),
    )
    .await;
    crate::fixtures::with_division(app, &c.official, &json!(id)).await;
    id
}

#[tokio::test]
async fn a_plan_goes_from_draft_to_approval_and_is_revised() {
    let app = TestApp::spawn().await;
    let c = county(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let id = drafted(&app, &c).await;
    let again = act(
        &app,
        &c.official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    assert_eq!(
        error_code(&again),
        Some("CONFLICT"),
        "one open plan per county"
    );

    let plan = ok(
        &app,
        &c.official,
        "addResponsibility",
        &format!("planId: \"{id}\", input: {{ task: \"组织关闭取缔\", unit: \"泽州县自然资源局\", dueBy: \"2025-06-30\" }}"),
    )
    .await;
    assert_eq!(plan["closures"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        plan["upgrades"][0]["serviceYearsAfter"], 7.5,
        "600 万吨 ÷ 80 万吨/年"
    );
    assert_eq!(plan["newMines"][0]["transferYear"], 2026);
    assert_eq!(
        plan["balance"],
        json!({ "closures": 2, "newMines": 1, "remaining": 1, "warning": null })
    );

    // Submit, recall, submit; returned with a comment; edited and submitted; approved.
    let submitted = ok(
        &app,
        &c.official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    assert_eq!(submitted["status"], "SUBMITTED");
    let frozen = act(
        &app,
        &c.official,
        "removePlanEntry",
        &format!(
            "planId: \"{id}\", entryId: \"{}\"",
            plan["responsibilities"][0]["id"]
                .as_str()
                .unwrap_or_default()
        ),
    )
    .await;
    assert_eq!(
        error_code(&frozen),
        Some("CONFLICT"),
        "a submitted plan is not edited"
    );
    assert_eq!(
        ok(
            &app,
            &c.official,
            "recallCountyPlan",
            &format!("id: \"{id}\"")
        )
        .await["status"],
        "DRAFT"
    );
    ok(
        &app,
        &c.official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    let returned = ok(
        &app,
        &approver,
        "returnCountyPlan",
        &format!("id: \"{id}\", comment: \"请补充分工\""),
    )
    .await;
    assert_eq!(returned["status"], "RETURNED");
    assert_eq!(returned["comments"][0]["text"], "请补充分工");
    let responsibility = returned["responsibilities"][0]["id"]
        .as_str()
        .expect("entry")
        .to_owned();
    let edited = ok(
        &app,
        &c.official,
        "removePlanEntry",
        &format!("planId: \"{id}\", entryId: \"{responsibility}\""),
    )
    .await;
    assert_eq!(
        edited["responsibilities"].as_array().map(Vec::len),
        Some(1),
        "{edited}"
    );
    let approved = submit_and_approve(&app, &c.official, &approver, &id).await;
    assert_eq!(
        (approved["status"].clone(), approved["inForce"].clone()),
        (json!("APPROVED"), json!(true))
    );

    // §6 duties: the CLOSE mine's five, the exited mine's five plus its settlement (a valid
    // licence), the upgrade's two milestones.
    let kinds = |entry: &Value| -> Vec<String> {
        entry["duties"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["kind"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        kinds(&approved["closures"][0]).len(),
        5,
        "{}",
        approved["closures"][0]
    );
    assert!(!kinds(&approved["closures"][0]).contains(&"SETTLEMENT".to_owned()));
    assert!(kinds(&approved["closures"][1]).contains(&"SETTLEMENT".to_owned()));
    assert_eq!(
        kinds(&approved["upgrades"][0]),
        vec!["SAFETY_FACILITIES", "LICENCE_SCALE_CHANGE"]
    );
    let frozen = act(
        &app,
        &c.official,
        "addResponsibility",
        &format!("planId: \"{id}\", input: {{ task: \"x\", unit: \"y\", dueBy: \"2025-06-30\" }}"),
    )
    .await;
    assert_eq!(
        error_code(&frozen),
        Some("CONFLICT"),
        "an approved plan is frozen"
    );

    // A revision: a new id, a draft with the same entries; the approved one stays in force.
    let revision = ok(
        &app,
        &c.official,
        "reviseCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    let next = revision["id"].as_str().expect("revision id").to_owned();
    assert_ne!(next, id);
    assert_eq!(
        (revision["status"].clone(), revision["revision"].clone()),
        (json!("DRAFT"), json!(2))
    );
    assert_eq!(revision["closures"].as_array().map(Vec::len), Some(2));
    let twice = act(
        &app,
        &c.official,
        "reviseCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    assert_eq!(
        error_code(&twice),
        Some("CONFLICT"),
        "one open revision at a time"
    );
    let old_upgrade = revision["upgrades"][0]["id"]
        .as_str()
        .expect("upgrade")
        .to_owned();
    ok(
        &app,
        &c.official,
        "removePlanEntry",
        &format!("planId: \"{next}\", entryId: \"{old_upgrade}\""),
    )
    .await;
    ok(
        &app,
        &c.official,
        "addUpgradeEntry",
        &format!("planId: \"{next}\", {}", upgrade(&c.fine, 100.0)),
    )
    .await;
    let diff = app
        .gql(
            Some(&c.official),
            "query($a: ID!, $b: ID!) { countyPlanDiff(fromId: $a, toId: $b) { changes { change kind label fields { field from to } } } }",
            json!({ "a": id, "b": next }),
        )
        .await;
    assert_eq!(
        diff["data"]["countyPlanDiff"]["changes"],
        json!([{ "change": "CHANGED", "kind": "UPGRADE", "label": "测试矿山PLAN-140525-3",
                 "fields": [{ "field": "targetScale", "from": "80", "to": "100" }] }]),
        "{diff}"
    );
    let in_force = app
        .gql(
            Some(&c.official),
            "query($id: ID!) { countyPlan(id: $id) { status inForce } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        in_force["data"]["countyPlan"],
        json!({ "status": "APPROVED", "inForce": true })
    );
    submit_and_approve(&app, &c.official, &approver, &next).await;
    let listed = app
        .gql(None, "{ countyPlans(countyCode: \"140525\") { id status revision fullView closures { mine { holder mine { id } } duties { responsible } } } }", json!({}))
        .await;
    let plans = &listed["data"]["countyPlans"];
    assert_eq!(plans[0]["id"], json!(next));
    assert_eq!(plans[0]["status"], "APPROVED");
    assert_eq!(plans[1]["status"], "SUPERSEDED");
    assert_eq!(
        plans[0]["fullView"], false,
        "the public reads the published projection"
    );
    assert_eq!(plans[0]["closures"][0]["mine"]["mine"], json!(null));
    // No natural person's name in the published projection, not even as a duty's performer.
    let close = &plans[0]["closures"][0];
    assert_eq!(close["mine"]["holder"], json!(null));
    assert!(
        close["duties"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|d| d["responsible"].is_null())
    );
    let exit = &plans[0]["closures"][1];
    assert_eq!(exit["mine"]["holder"], "测试建材有限公司");
    assert!(
        exit["duties"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["responsible"] == "测试建材有限公司")
    );
    let own = app
        .gql(
            Some(&c.official),
            "query($id: ID!) { countyPlan(id: $id) { closures { mine { holder } } } }",
            json!({ "id": next }),
        )
        .await;
    assert_eq!(
        own["data"]["countyPlan"]["closures"][0]["mine"]["holder"],
        "张三"
    );
}

#[tokio::test]
async fn entries_that_disagree_with_the_assessment_are_refused_naming_the_rule() {
    let app = TestApp::spawn().await;
    let c = county(&app).await;
    let other = mine(&app, GAOPING, 9, json!({})).await;
    let plan = ok(
        &app,
        &c.official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    let id = plan["id"].as_str().expect("plan id").to_owned();
    crate::fixtures::with_division(&app, &c.official, &json!(id)).await;
    let group = |ids: &[&str], scale: &str| {
        format!(
            "planId: \"{id}\", input: {{ mineIds: {}, unifiedName: \"整合矿山\", completeBy: \"2025-12-31\"{scale} }}",
            serde_json::to_string(ids).unwrap_or_default()
        )
    };
    let cases = [
        (
            "addClosureEntry",
            format!("planId: \"{id}\", {}", closure(&c.fine, "CLOSE")),
            "method",
            "PLAN-CLOSE",
        ),
        (
            "addClosureEntry",
            format!("planId: \"{id}\", {}", closure(&c.close, "EXIT")),
            "method",
            "CLOSE-1",
        ),
        (
            "addUpgradeEntry",
            format!("planId: \"{id}\", {}", upgrade(&c.close, 80.0)),
            "mineId",
            "CLOSE-1",
        ),
        (
            "addUpgradeEntry",
            format!("planId: \"{id}\", {}", upgrade(&c.fine, 200.0)),
            "targetScale",
            "UPGRADE-1",
        ),
        (
            "addUpgradeEntry",
            format!("planId: \"{id}\", {}", upgrade(&c.small, 30.0)),
            "targetScale",
            "UPGRADE-1",
        ),
        (
            "addClosureEntry",
            format!("planId: \"{id}\", {}", closure(&other, "EXIT")),
            "mineId",
            "PLAN-COUNTY",
        ),
        (
            "addIntegrationGroup",
            group(&[&c.close, &c.fine], ""),
            "mineIds[1]",
            "CLOSE-1",
        ),
        (
            "addIntegrationGroup",
            group(&[&c.small, &c.fine], ", targetScale: 300"),
            "targetScale",
            "INTEGRATE-3",
        ),
    ];
    for (operation, arguments, field, expected) in cases {
        let body = act(&app, &c.official, operation, &arguments).await;
        assert_eq!(
            error_code(&body),
            Some("BAD_USER_INPUT"),
            "{operation} {arguments}: {body}"
        );
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        assert_eq!(rule(&body), Some(expected), "{body}");
    }
    // The EXIT-3-only mine may be upgraded instead (an option), with a target meeting UPGRADE-1.
    ok(&app, &c.official, "addUpgradeEntry", &format!("planId: \"{id}\", input: {{ mineId: \"{}\", targetScale: 60, recoverableReserves: 400, completeBy: \"2025-12-31\" }}", c.small)).await;
    let twice = act(
        &app,
        &c.official,
        "addClosureEntry",
        &format!("planId: \"{id}\", {}", closure(&c.small, "EXIT")),
    )
    .await;
    assert_eq!(rule(&twice), Some("PLAN-ONE-LIST"), "{twice}");
    // Submit needs every CLOSE mine on the close list.
    let incomplete = act(
        &app,
        &c.official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    assert_eq!(error_code(&incomplete), Some("BAD_USER_INPUT"));
    assert_eq!(rule(&incomplete), Some("CLOSE-1"), "{incomplete}");
    assert_eq!(incomplete["errors"][0]["extensions"]["field"], "closures");
    ok(
        &app,
        &c.official,
        "addClosureEntry",
        &format!("planId: \"{id}\", {}", closure(&c.close, "CLOSE")),
    )
    .await;
    ok(
        &app,
        &c.official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    // Rules of form name their fields.
    let bad = act(
        &app,
        &c.official,
        "addResponsibility",
        &format!("planId: \"{id}\", input: {{ task: \" \", unit: \"u\", dueBy: \"2025-01-01\" }}"),
    )
    .await;
    assert_eq!(
        error_code(&bad),
        Some("CONFLICT"),
        "state before rules: {bad}"
    );
}

#[tokio::test]
async fn every_role_that_must_not_act_on_a_plan_is_refused() {
    let app = TestApp::spawn().await;
    let c = county(&app).await;
    let id = drafted(&app, &c).await;
    let gaoping = app.token(Role::CountyOfficial, Some(GAOPING));
    let admin = app.admin();
    let approver = app.token(Role::CityApprover, None);
    let others: Vec<(String, &str)> = [
        Role::CityAdmin,
        Role::CityApprover,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ]
    .into_iter()
    .map(|role| (app.token(role, Some(ZEZHOU)), role.code()))
    .collect();
    let drafting = [
        ("createCountyPlan", format!("countyCode: \"{ZEZHOU}\"")),
        (
            "addClosureEntry",
            format!("planId: \"{id}\", {}", closure(&c.fine, "EXIT")),
        ),
        (
            "addUpgradeEntry",
            format!("planId: \"{id}\", {}", upgrade(&c.fine, 80.0)),
        ),
        (
            "addIntegrationGroup",
            format!(
                "planId: \"{id}\", input: {{ mineIds: [\"{}\", \"{}\"], unifiedName: \"g\", completeBy: \"2025-12-31\" }}",
                c.small, c.fine
            ),
        ),
        (
            "joinCoordinatedGroup",
            format!("planId: \"{id}\", groupId: \"1\""),
        ),
        (
            "addNewMineEntry",
            format!(
                "planId: \"{id}\", input: {{ blockId: \"{}\", transferYear: 2027 }}",
                c.block
            ),
        ),
        (
            "addDemandForecast",
            format!(
                "planId: \"{id}\", input: {{ mineralCode: \"IRON\", annualDemand: 100, horizonYears: 5 }}"
            ),
        ),
        (
            "removePlanEntry",
            format!("planId: \"{id}\", entryId: \"1\""),
        ),
        (
            "addResponsibility",
            format!(
                "planId: \"{id}\", input: {{ task: \"t\", unit: \"u\", dueBy: \"2025-01-01\" }}"
            ),
        ),
        ("fileCountyLists", format!("id: \"{id}\"")),
        ("submitCountyPlan", format!("id: \"{id}\"")),
        ("recallCountyPlan", format!("id: \"{id}\"")),
        ("reviseCountyPlan", format!("id: \"{id}\"")),
    ];
    for (operation, arguments) in &drafting {
        let body = app
            .gql(None, &plan_query(operation, arguments), json!({}))
            .await;
        assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{operation}");
        for (token, role) in &others {
            let body = act(&app, token, operation, arguments).await;
            assert_eq!(
                error_code(&body),
                Some("FORBIDDEN"),
                "{role} {operation}: {body}"
            );
        }
    }
    // Another county's official: its own county is not this one; the draft does not leak.
    let body = act(
        &app,
        &gaoping,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    let body = act(&app, &gaoping, "submitCountyPlan", &format!("id: \"{id}\"")).await;
    assert_eq!(
        error_code(&body),
        Some("NOT_FOUND"),
        "an unpublished plan of another county"
    );
    ok(
        &app,
        &c.official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    for operation in ["approveCountyPlan", "returnCountyPlan"] {
        let arguments = if operation == "returnCountyPlan" {
            format!("id: \"{id}\", comment: \"c\"")
        } else {
            format!("id: \"{id}\"")
        };
        for token in [&c.official, &admin, &gaoping] {
            let body = act(&app, token, operation, &arguments).await;
            assert!(
                matches!(error_code(&body), Some("FORBIDDEN")),
                "{operation}: {body}"
            );
        }
    }
    let empty = act(
        &app,
        &approver,
        "returnCountyPlan",
        &format!("id: \"{id}\", comment: \"  \""),
    )
    .await;
    assert_eq!(empty["errors"][0]["extensions"]["field"], "comment");
    let draft_read = app
        .gql(
            None,
            "query($id: ID!) { countyPlan(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        draft_read["data"]["countyPlan"],
        json!(null),
        "unpublished plans do not leak"
    );
}

/// docs/rules.md: two decisions at once, exactly one wins, on either database.
#[tokio::test]
async fn approve_and_return_race_with_exactly_one_winner() {
    let app = Arc::new(TestApp::spawn().await);
    let c = county(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let mut id = drafted(&app, &c).await;
    for round in 0..4 {
        ok(
            &app,
            &c.official,
            "submitCountyPlan",
            &format!("id: \"{id}\""),
        )
        .await;
        let approve = {
            let (app, token, id) = (app.clone(), approver.clone(), id.clone());
            tokio::spawn(async move {
                act(&app, &token, "approveCountyPlan", &format!("id: \"{id}\"")).await
            })
        };
        let send_back = {
            let (app, token, id) = (app.clone(), approver.clone(), id.clone());
            tokio::spawn(async move {
                act(
                    &app,
                    &token,
                    "returnCountyPlan",
                    &format!("id: \"{id}\", comment: \"退回\""),
                )
                .await
            })
        };
        let results = [
            approve.await.expect("approve"),
            send_back.await.expect("return"),
        ];
        let won: Vec<&Value> = results.iter().filter(|b| b["errors"].is_null()).collect();
        let lost: Vec<&Value> = results
            .iter()
            .filter(|b| error_code(b) == Some("CONFLICT"))
            .collect();
        assert_eq!(
            (won.len(), lost.len()),
            (1, 1),
            "round {round}: {results:?}"
        );
        if results[0]["errors"].is_null() {
            assert_eq!(
                results[0]["data"]["approveCountyPlan"]["status"],
                "APPROVED"
            );
        } else {
            submit_and_approve(&app, &c.official, &approver, &id).await;
        }
        id = ok(
            &app,
            &c.official,
            "reviseCountyPlan",
            &format!("id: \"{id}\""),
        )
        .await["id"]
            .as_str()
            .expect("revision")
            .to_owned();
    }
    let approved = app
        .gql(
            Some(&approver),
            "{ countyPlans(countyCode: \"140525\") { status } }",
            json!({}),
        )
        .await;
    let statuses: Vec<&str> = approved["data"]["countyPlans"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["status"].as_str())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "APPROVED").count(),
        1,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn duties_are_overdue_after_their_day_and_completing_a_closure_closes_the_mine() {
    let app = TestApp::spawn_at("2025-08-01T02:00:00Z").await;
    let c = county(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let id = drafted(&app, &c).await;
    let plan = submit_and_approve(&app, &c.official, &approver, &id).await;
    // On 2025-08-01 the closures due 2025-06-30 are 32 days overdue; restoration (2026) is not.
    let overdue = app
        .gql(
            Some(&c.official),
            "{ overdueDuties { id kind dueBy daysOverdue mineId } }",
            json!({}),
        )
        .await;
    let overdue = overdue["data"]["overdueDuties"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!overdue.is_empty());
    assert!(
        overdue
            .iter()
            .all(|d| d["dueBy"] == "2025-06-30" && d["daysOverdue"] == 32),
        "{overdue:?}"
    );
    let upgrade_due = overdue.iter().any(|d| d["kind"] == "SAFETY_FACILITIES");
    assert!(!upgrade_due, "the upgrade is due 2025-12-31");
    let closed = plan["closures"][0]["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "MINE_CLOSED")
        .and_then(|d| d["id"].as_str())
        .expect("closure duty")
        .to_owned();
    let complete = "mutation($id: ID!, $on: Date!) { completeDuty(dutyId: $id, doneOn: $on, note: \"已拆除\") { doneOn overdue } }";
    let future = app
        .gql(
            Some(&c.official),
            complete,
            json!({ "id": closed, "on": "2025-08-02" }),
        )
        .await;
    assert_eq!(future["errors"][0]["extensions"]["field"], "doneOn");
    let done = app
        .gql(
            Some(&c.official),
            complete,
            json!({ "id": closed, "on": "2025-07-15" }),
        )
        .await;
    assert_eq!(
        done["data"]["completeDuty"],
        json!({ "doneOn": "2025-07-15", "overdue": false }),
        "{done}"
    );
    let twice = app
        .gql(
            Some(&c.official),
            complete,
            json!({ "id": closed, "on": "2025-07-15" }),
        )
        .await;
    assert_eq!(error_code(&twice), Some("CONFLICT"));
    let mine = app
        .gql(
            Some(&c.official),
            "query($id: ID!) { mine(id: $id) { status assessment { disposition findings { ruleId } } } }",
            json!({ "id": c.close }),
        )
        .await;
    assert_eq!(
        mine["data"]["mine"]["status"], "CLOSED",
        "a completed closure closes the mine"
    );
    assert_eq!(
        mine["data"]["mine"]["assessment"],
        json!({ "disposition": "CLOSED", "findings": [] }),
        "a closed mine is closed, not a mine that may stay"
    );
    let settlement = plan["closures"][1]["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "SETTLEMENT")
        .and_then(|d| d["id"].as_str())
        .expect("settlement duty")
        .to_owned();
    let without = app
        .gql(
            Some(&c.official),
            complete,
            json!({ "id": settlement, "on": "2025-07-15" }),
        )
        .await;
    assert_eq!(without["errors"][0]["extensions"]["field"], "amountWanYuan");
    let with = app
        .gql(
            Some(&c.official),
            "mutation($id: ID!) { completeDuty(dutyId: $id, doneOn: \"2025-07-20\", amountWanYuan: \"125.5\") { amountWanYuan } }",
            json!({ "id": settlement }),
        )
        .await;
    assert_eq!(
        with["data"]["completeDuty"]["amountWanYuan"], "125.5",
        "{with}"
    );
    for role in [
        Role::CityAdmin,
        Role::CityApprover,
        Role::Auditor,
        Role::Integrator,
        Role::DepartmentReviewer,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        let refused = app
            .gql(
                Some(&token),
                complete,
                json!({ "id": settlement, "on": "2025-07-15" }),
            )
            .await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{role:?}");
    }
    let anonymous = app
        .gql(
            None,
            complete,
            json!({ "id": settlement, "on": "2025-07-15" }),
        )
        .await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let other = app.token(Role::CountyOfficial, Some(GAOPING));
    let foreign = app
        .gql(
            Some(&other),
            complete,
            json!({ "id": settlement, "on": "2025-07-15" }),
        )
        .await;
    assert_eq!(error_code(&foreign), Some("FORBIDDEN"));
    let theirs = app
        .gql(Some(&other), "{ overdueDuties { id } }", json!({}))
        .await;
    assert_eq!(
        theirs["data"]["overdueDuties"],
        json!([]),
        "a county sees its own duties"
    );
    // A revision carries the closed mine (done, not stale) and the duties already done.
    let next = ok(
        &app,
        &c.official,
        "reviseCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    let next = next["id"].as_str().expect("revision").to_owned();
    let revised = submit_and_approve(&app, &c.official, &approver, &next).await;
    let carried = revised["closures"][0]["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["kind"] == "MINE_CLOSED")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(carried["doneOn"], "2025-07-15", "{revised}");
}

#[tokio::test]
async fn completing_an_integration_creates_the_unified_mine_and_closes_its_members() {
    let app = TestApp::spawn_at("2025-03-01T02:00:00Z").await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let approver = app.token(Role::CityApprover, None);
    // Two quarries below the provincial 50 万吨/年 (EXIT-3), 60 together, 10 years left.
    let a = mine(
        &app,
        ZEZHOU,
        1,
        json!({ "productionScale": 20.0, "remainingReserves": 200.0 }),
    )
    .await;
    let b = mine(
        &app,
        ZEZHOU,
        2,
        json!({ "productionScale": 40.0, "remainingReserves": 400.0, "holder": "乙建材有限公司" }),
    )
    .await;
    let plan = ok(
        &app,
        &official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    let id = plan["id"].as_str().expect("plan").to_owned();
    crate::fixtures::with_division(&app, &official, &json!(id)).await;
    ok(&app, &official, "addIntegrationGroup", &format!("planId: \"{id}\", input: {{ mineIds: [\"{a}\", \"{b}\"], unifiedName: \"泽州整合采石场\", completeBy: \"2025-12-31\" }}")).await;
    let approved = submit_and_approve(&app, &official, &approver, &id).await;
    let group = &approved["integrations"][0];
    // The group's completion, then the duties of member a, whose right merges into 乙's.
    let kinds: Vec<&str> = group["duties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "INTEGRATION_COMPLETED",
            "LICENCE_CANCELLATION",
            "SETTLEMENT",
            "LAND_RECLAMATION",
            "ENVIRONMENT_RESTORATION"
        ],
        "{group}"
    );
    let duty = group["duties"][0]["id"].as_str().expect("duty").to_owned();
    let done = app
        .gql(
            Some(&official),
            "mutation($id: ID!) { completeDuty(dutyId: $id, doneOn: \"2025-02-20\") { doneOn } }",
            json!({ "id": duty }),
        )
        .await;
    assert!(done["errors"].is_null(), "{done}");
    let plan = app
        .gql(
            Some(&official),
            "query($id: ID!) { countyPlan(id: $id) { integrations { unifiedMineId } } }",
            json!({ "id": id }),
        )
        .await;
    let unified = plan["data"]["countyPlan"]["integrations"][0]["unifiedMineId"]
        .as_str()
        .expect("unified mine")
        .to_owned();
    let read = "query($id: ID!) { mine(id: $id) { name holder status productionScale remainingReserves licenceNo } }";
    let unified = app
        .gql(Some(&official), read, json!({ "id": unified }))
        .await;
    assert_eq!(
        unified["data"]["mine"],
        json!({ "name": "泽州整合采石场", "holder": "乙建材有限公司", "status": "PRODUCING",
                "productionScale": 60.0, "remainingReserves": 600.0, "licenceNo": "PLAN-140525-2" })
    );
    for member in [&a, &b] {
        let row = app
            .gql(Some(&official), read, json!({ "id": member }))
            .await;
        assert_eq!(row["data"]["mine"]["status"], "CLOSED", "{row}");
        assert_eq!(
            row["data"]["mine"]["licenceNo"],
            json!(null),
            "every merged licence ends"
        );
    }
}

/// docs/rules.md: milestones flag lateness, never block a filing; the city moves them.
#[tokio::test]
async fn campaign_progress_flags_late_counties_against_milestones_the_city_edits() {
    let app = TestApp::spawn_at("2025-04-01T02:00:00Z").await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = ok(
        &app,
        &official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    let id = plan["id"].as_str().expect("plan").to_owned();
    let refused = act(
        &app,
        &official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["field"], "responsibilities",
        "an empty plan is not filed: {refused}"
    );
    crate::fixtures::with_division(&app, &official, &json!(id)).await;
    let submitted = ok(
        &app,
        &official,
        "submitCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    assert_eq!(
        submitted["status"], "SUBMITTED",
        "a late filing is not blocked"
    );
    let progress = "{ campaignProgress(cityCode: \"140500\") { asOf campaign { code milestones { id code dueOn } } \
        counties { county { code } planStatus late milestones { milestoneCode tracked metOn late } } } }";
    let admin = app.admin();
    let body = app.gql(Some(&admin), progress, json!({})).await;
    let report = &body["data"]["campaignProgress"];
    assert_eq!(report["asOf"], "2025-04-01", "{body}");
    assert_eq!(report["campaign"]["code"], "JC-2024");
    let county_in = |report: &Value, code: &str| -> Value {
        report["counties"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["county"]["code"] == code)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let filed = |c: &Value| c["milestones"][1].clone();
    let county = |code: &str| county_in(report, code);
    assert_eq!(
        filed(&county(ZEZHOU)),
        json!({ "milestoneCode": "COUNTY_PLANS", "tracked": true, "metOn": "2025-04-01", "late": true })
    );
    assert_eq!(county(ZEZHOU)["planStatus"], "SUBMITTED");
    assert_eq!(filed(&county(GAOPING))["metOn"], json!(null));
    assert_eq!(filed(&county(GAOPING))["late"], true);
    assert_eq!(
        county(GAOPING)["milestones"][3]["tracked"],
        false,
        "a city-level milestone"
    );

    let milestone = report["campaign"]["milestones"][1]["id"]
        .as_str()
        .expect("milestone")
        .to_owned();
    let update = "mutation($id: ID!) { updateMilestone(id: $id, dueOn: \"2025-04-30\") { dueOn } }";
    let refused = app
        .gql(Some(&official), update, json!({ "id": milestone }))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let anonymous = app.gql(None, update, json!({ "id": milestone })).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let moved = app
        .gql(Some(&admin), update, json!({ "id": milestone }))
        .await;
    assert_eq!(
        moved["data"]["updateMilestone"]["dueOn"], "2025-04-30",
        "{moved}"
    );
    let body = app.gql(Some(&admin), progress, json!({})).await;
    let report = &body["data"]["campaignProgress"];
    assert_eq!(filed(&county_in(report, ZEZHOU))["late"], false);
    assert_eq!(filed(&county_in(report, GAOPING))["late"], false);

    // A later campaign gets its own milestones and takes new plans.
    let create = "mutation($input: CampaignInput!) { createCampaign(input: $input) { code current milestones { code dueOn measure } } }";
    let campaign = |second: &str| {
        json!({ "input": { "code": "JC-2027", "name": "2027年整治提升", "cityCode": "140500",
            "milestones": [
                { "code": "COUNTY_PLANS", "name": "计划报批", "dueOn": "2027-03-31", "measure": "PLAN_SUBMITTED" },
                { "code": second, "name": "完成", "dueOn": "2027-12-31", "measure": "RECTIFICATION_DONE" }
            ] } })
    };
    let refused = app.gql(Some(&official), create, campaign("DONE")).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let twice = app
        .gql(Some(&admin), create, campaign("COUNTY_PLANS"))
        .await;
    assert_eq!(
        twice["errors"][0]["extensions"]["field"], "milestones[1].code",
        "{twice}"
    );
    let created = app.gql(Some(&admin), create, campaign("DONE")).await;
    assert_eq!(
        created["data"]["createCampaign"]["current"], true,
        "{created}"
    );
    assert_eq!(
        created["data"]["createCampaign"]["milestones"][1]["measure"],
        "RECTIFICATION_DONE"
    );
    let listed = app
        .gql(None, "{ campaigns { code current } }", json!({}))
        .await;
    assert_eq!(
        listed["data"]["campaigns"],
        json!([{ "code": "JC-2024", "current": false }, { "code": "JC-2027", "current": true }])
    );
    let next = ok(
        &app,
        &official,
        "createCountyPlan",
        &format!("countyCode: \"{ZEZHOU}\""),
    )
    .await;
    assert_ne!(
        next["id"],
        json!(id),
        "a new campaign's plan beside the old one"
    );

    for query in [
        "{ campaignProgress(cityCode: \"140500\") { counties { county { code } } } }",
        "{ campaignProgress { counties { county { code } } } }",
    ] {
        let own = app.gql(Some(&official), query, json!({})).await;
        assert_eq!(
            own["data"]["campaignProgress"]["counties"],
            json!([{ "county": { "code": ZEZHOU } }]),
            "{own}"
        );
    }
    let other = app
        .gql(
            Some(&official),
            "{ campaignProgress(countyCode: \"140581\") { asOf } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&other), Some("FORBIDDEN"));
}

/// Issue 9 item 8: the lists as the plan decides them, next to the rules' disposition.
#[tokio::test]
async fn the_lists_as_planned_follow_the_plan_in_force_else_the_newest_draft() {
    let app = TestApp::spawn().await;
    let c = county(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let lists = "{ plannedLists(countyCode: \"140525\") { plan { status revision } \
        closeOrExit { method closeBy mine { name } } upgrade { targetScale serviceYearsAfter completeBy } integrate { id } } }";
    let none = app.gql(Some(&c.official), lists, json!({})).await;
    assert_eq!(none["data"]["plannedLists"], json!(null));
    let id = drafted(&app, &c).await;
    let draft = app.gql(Some(&c.official), lists, json!({})).await;
    let planned = &draft["data"]["plannedLists"];
    assert_eq!(planned["plan"], json!({ "status": "DRAFT", "revision": 1 }));
    assert_eq!(planned["closeOrExit"][0]["method"], "CLOSE");
    assert_eq!(
        planned["closeOrExit"][1]["method"], "EXIT",
        "the route the county chose"
    );
    assert_eq!(
        planned["upgrade"],
        json!([{ "targetScale": 80.0, "serviceYearsAfter": 7.5, "completeBy": "2025-12-31" }])
    );
    let public = app.gql(None, lists, json!({})).await;
    assert_eq!(
        public["data"]["plannedLists"],
        json!(null),
        "a draft is not published"
    );
    submit_and_approve(&app, &c.official, &approver, &id).await;
    ok(
        &app,
        &c.official,
        "reviseCountyPlan",
        &format!("id: \"{id}\""),
    )
    .await;
    for token in [Some(c.official.as_str()), None] {
        let body = app.gql(token, lists, json!({})).await;
        assert_eq!(
            body["data"]["plannedLists"]["plan"],
            json!({ "status": "APPROVED", "revision": 1 }),
            "the revision in force, not the open draft: {body}"
        );
    }
}

/// A block proposed by a published plan is public; `transferYear` reads the plans' entries.
#[tokio::test]
async fn blocks_proposed_by_a_published_plan_are_public_and_filtered_by_transfer_year() {
    let app = TestApp::spawn().await;
    let c = county(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let unplanned = app.create_block(block_input(ZEZHOU, "未列入区块")).await;
    let by_year = "query($y: Int) { blocks(filter: { transferYear: $y }) { totalCount edges { node { id } } } }";
    let ids = |body: &Value| -> Vec<String> {
        body["data"]["blocks"]["edges"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
            .collect()
    };
    let id = drafted(&app, &c).await;
    let planned = app
        .gql(Some(&c.official), by_year, json!({ "y": 2026 }))
        .await;
    assert_eq!(
        ids(&planned),
        vec![c.block.clone()],
        "a draft's year counts for its county"
    );
    let other_year = app
        .gql(Some(&c.official), by_year, json!({ "y": 2027 }))
        .await;
    assert_eq!(ids(&other_year), Vec::<String>::new());
    let everything = app
        .gql(Some(&c.official), by_year, json!({ "y": null }))
        .await;
    assert_eq!(ids(&everything), vec![c.block.clone(), unplanned.clone()]);
    let public = app.gql(None, by_year, json!({ "y": null })).await;
    assert_eq!(ids(&public), Vec::<String>::new(), "nothing published yet");
    submit_and_approve(&app, &c.official, &approver, &id).await;
    for token in [None, Some(app.token(Role::Integrator, None))] {
        let public = app
            .gql(token.as_deref(), by_year, json!({ "y": null }))
            .await;
        assert_eq!(
            ids(&public),
            vec![c.block.clone()],
            "only the published block: {public}"
        );
    }
    let hidden = app
        .gql(
            None,
            "query($id: ID!) { block(id: $id) { id } }",
            json!({ "id": unplanned }),
        )
        .await;
    assert_eq!(hidden["data"]["block"], json!(null));
}

/// One open plan per county, even when officials open it at the same moment.
#[tokio::test]
async fn concurrent_plan_openings_leave_exactly_one_open_plan() {
    let app = Arc::new(TestApp::spawn().await);
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let openings = (0..8).map(|_| {
        let (app, token) = (app.clone(), official.clone());
        tokio::spawn(async move {
            act(
                &app,
                &token,
                "createCountyPlan",
                &format!("countyCode: \"{ZEZHOU}\""),
            )
            .await
        })
    });
    let mut results = Vec::new();
    for opening in openings {
        results.push(opening.await.expect("opening"));
    }
    let opened = results.iter().filter(|b| b["errors"].is_null()).count();
    let refused = results
        .iter()
        .filter(|b| error_code(b) == Some("CONFLICT"))
        .count();
    assert_eq!((opened, refused), (1, 7), "{results:?}");
    let plans = app
        .gql(
            Some(&official),
            "{ countyPlans(countyCode: \"140525\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        plans["data"]["countyPlans"].as_array().map(Vec::len),
        Some(1)
    );
}
