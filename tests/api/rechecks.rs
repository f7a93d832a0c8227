//! Admissions checked again when their ground moves (docs/rules.md, NEW-3): a county
//! revision in force and the transfer plan's approval re-evaluate every standing entry; a
//! failing one blocks the approval until it is withdrawn or let stand with a reason; and a
//! revision approved while the city approves its plan, or admits a block, cannot slip
//! through.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::block_life::admit;
use crate::fixtures::{ADMIT, Scenario, must, surveyed};
use crate::helpers::TestApp;

const APPROVE: &str = "mutation($y: Int!, $x: [StandingExceptionInput!]) { \
    approveTransferPlan(year: $y, exceptions: $x) { status entries { id standing { passes failedChecks exceptionReason } } } }";
const STANDING: &str =
    "{ transferPlan(year: 2026) { status entries { id standing { passes failedChecks } } } }";

/// 泽州县 with one closure and one block admitted into 2026; the entry's id.
async fn admitted(app: &TestApp) -> (Value, String) {
    let blocks = Scenario::new(app)
        .closures(1)
        .blocks(1)
        .approved_plan()
        .await;
    surveyed(app, &blocks[0]).await;
    (admit(app, &blocks[0], 2026).await, blocks[0].clone())
}

/// Opens and submits a revision of 泽州县's plan in force that drops the entries `drop`
/// picks: its new mines, or its closures, which a plan may only move (a CLOSE mine must be
/// listed), so they are listed again due in 2027 and no longer count for 2026. The
/// revision's id.
async fn revision_without(app: &TestApp, drop: &str) -> Value {
    let official = app.token(Role::CountyOfficial, Some("140525"));
    let plans = must(
        app,
        &official,
        "{ countyPlans(countyCode: \"140525\") { id inForce } }",
        json!({}),
    )
    .await;
    let in_force = plans["data"]["countyPlans"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["inForce"] == true)
        .map(|p| p["id"].clone())
        .unwrap_or_default();
    let revision = must(
        app,
        &official,
        "mutation($p: ID!) { reviseCountyPlan(id: $p) { id closures { id mine { id } } newMines { id } } }",
        json!({ "p": in_force }),
    )
    .await["data"]["reviseCountyPlan"]
        .clone();
    for entry in revision[drop].as_array().into_iter().flatten() {
        must(
            app,
            &official,
            "mutation($p: ID!, $e: ID!) { removePlanEntry(planId: $p, entryId: $e) { id } }",
            json!({ "p": revision["id"], "e": entry["id"] }),
        )
        .await;
        if drop == "closures" {
            must(
                app,
                &official,
                "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, \
                 method: CLOSE, closeBy: \"2027-06-30\", restorationDueBy: \"2028-06-30\" }) { id } }",
                json!({ "p": revision["id"], "m": entry["mine"]["id"] }),
            )
            .await;
        }
    }
    must(
        app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": revision["id"] }),
    )
    .await;
    revision["id"].clone()
}

const APPROVE_COUNTY: &str = "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }";

#[tokio::test]
async fn new_3_a_revision_that_drops_the_closure_blocks_the_approval_until_excepted() {
    let app = TestApp::spawn().await;
    let (entry, _) = admitted(&app).await;
    let approver = app.token(Role::CityApprover, None);
    let revision = revision_without(&app, "closures").await;
    must(&app, &approver, APPROVE_COUNTY, json!({ "p": revision })).await;
    let standing = must(&app, &app.admin(), STANDING, json!({})).await;
    assert_eq!(
        standing["data"]["transferPlan"]["entries"][0]["standing"],
        json!({ "passes": false, "failedChecks": ["NEW-3"] }),
        "checked again when the revision came into force: {standing}"
    );
    let refused = app
        .gql(Some(&approver), APPROVE, json!({ "y": 2026 }))
        .await;
    let extensions = &refused["errors"][0]["extensions"];
    assert_eq!(extensions["code"], "ADMISSION_REFUSED", "{refused}");
    assert_eq!(
        extensions["entries"],
        json!([{ "entryId": entry, "failedChecks": ["NEW-3"] }])
    );
    let wrong = app
        .gql(
            Some(&approver),
            APPROVE,
            json!({ "y": 2026, "x": [{ "entryId": "999", "reason": "x" }] }),
        )
        .await;
    assert_eq!(
        wrong["errors"][0]["extensions"]["field"], "exceptions[0].entryId",
        "{wrong}"
    );
    let approved = must(
        &app,
        &approver,
        APPROVE,
        json!({ "y": 2026, "x": [{ "entryId": entry, "reason": "省重点工程，关闭指标下年度补足" }] }),
    )
    .await;
    let plan = &approved["data"]["approveTransferPlan"];
    assert_eq!(plan["status"], "APPROVED");
    assert_eq!(
        plan["entries"][0]["standing"]["exceptionReason"],
        "省重点工程，关闭指标下年度补足"
    );
}

#[tokio::test]
async fn plan_1_an_entry_whose_block_the_plans_in_force_no_longer_propose_fails() {
    let app = TestApp::spawn().await;
    admitted(&app).await;
    let revision = revision_without(&app, "newMines").await;
    must(
        &app,
        &app.token(Role::CityApprover, None),
        APPROVE_COUNTY,
        json!({ "p": revision }),
    )
    .await;
    let standing = must(&app, &app.admin(), STANDING, json!({})).await;
    assert_eq!(
        standing["data"]["transferPlan"]["entries"][0]["standing"]["failedChecks"],
        json!(["PLAN-1"]),
        "{standing}"
    );
}

/// A revision approved while the city approves its transfer plan: either the approval sees
/// it and refuses, or the revision checks the entry again after the approval.
#[tokio::test]
async fn new_3_a_revision_racing_the_approval_leaves_no_entry_unchecked() {
    for round in 0..3 {
        let app = Arc::new(TestApp::spawn().await);
        let (entry, _) = admitted(&app).await;
        let revision = revision_without(&app, "closures").await;
        let approver = app.token(Role::CityApprover, None);
        let (county, city) = tokio::join!(
            app.gql(Some(&approver), APPROVE_COUNTY, json!({ "p": revision })),
            app.gql(Some(&approver), APPROVE, json!({ "y": 2026 })),
        );
        assert!(county["errors"].is_null(), "round {round}: {county}");
        let read = must(&app, &app.admin(), STANDING, json!({})).await;
        let plan = &read["data"]["transferPlan"];
        if city["errors"].is_null() {
            assert_eq!(plan["status"], "APPROVED");
            assert_eq!(
                plan["entries"][0]["standing"]["failedChecks"],
                json!(["NEW-3"]),
                "round {round}: approved first, then checked again: {read}"
            );
        } else {
            assert_eq!(
                city["errors"][0]["extensions"]["entries"][0]["entryId"], entry,
                "round {round}: {city}"
            );
            assert_eq!(plan["status"], "DRAFT");
        }
    }
}

/// A revision that drops the blocks, approved while the city admits them: each admission
/// either reads the revision and is refused, or the revision checks its entry once it
/// commits. Eight admissions race the one approval, so some fall on either side of it.
#[tokio::test]
async fn plan_1_a_revision_racing_admissions_leaves_no_entry_unchecked() {
    const BLOCKS: u32 = 8;
    for (round, approval_after) in [50u64, 70, 90].into_iter().enumerate() {
        let app = Arc::new(TestApp::spawn().await);
        let blocks = Scenario::new(&app)
            .closures(BLOCKS)
            .blocks(BLOCKS)
            .approved_plan()
            .await;
        for block in &blocks {
            surveyed(&app, block).await;
        }
        let revision = revision_without(&app, "newMines").await;
        let approver = app.token(Role::CityApprover, None);
        let admin = app.admin();
        // The admissions set off a few milliseconds apart, the approval among them (later
        // in each round, so that admissions fall on both sides of it).
        let admissions = blocks.iter().zip(0u64..).map(|(block, n)| {
            let (app, admin) = (&app, &admin);
            async move {
                tokio::time::sleep(Duration::from_millis(6 * n)).await;
                app.gql(Some(admin), ADMIT, json!({ "year": 2026, "block": block }))
                    .await
            }
        });
        let approval = async {
            tokio::time::sleep(Duration::from_millis(approval_after)).await;
            app.gql(Some(&approver), APPROVE_COUNTY, json!({ "p": revision }))
                .await
        };
        let (county, answers) = tokio::join!(approval, join_all(admissions));
        assert!(county["errors"].is_null(), "round {round}: {county}");
        for answer in answers.iter().filter(|a| !a["errors"].is_null()) {
            assert_eq!(
                answer["errors"][0]["extensions"]["failedChecks"],
                json!(["PLAN-1"]),
                "round {round}: {answer}"
            );
        }
        let read = must(&app, &app.admin(), STANDING, json!({})).await;
        for entry in read["data"]["transferPlan"]["entries"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert_eq!(
                entry["standing"]["failedChecks"],
                json!(["PLAN-1"]),
                "round {round}: an admitted entry left unchecked: {read}"
            );
        }
    }
}
