//! What a page costs in SQL statements, counted on the connection: the number may not grow
//! with the page size (no N+1), and reference data never costs a query.

use mineright::synthetic::{SyntheticPlan, seed};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The page of the load benchmark's scenario (a): a county and mineral per mine, and the total.
const PAGE: &str = "query($first: Int!) { mines(first: $first) { totalCount edges { node { \
    id name county { code name } mineral { code name } } } } }";
/// Scenario (b): the same page with each mine's assessment.
const ASSESSED: &str = "query($first: Int!) { mines(first: $first) { totalCount edges { node { \
    id name county { code name } mineral { code name } \
    assessment { disposition findings { ruleId } } } } } }";

/// The statements `query` runs, the least of three runs (a background statement, such as
/// SQLite's once-a-second reread of revoked tokens or a listener's catch-up on PostgreSQL,
/// can only add to one), and its last answer, which must have succeeded.
pub(crate) async fn least(
    app: &TestApp,
    token: &str,
    query: &str,
    variables: Value,
) -> (u64, Value) {
    let mut fewest = u64::MAX;
    let mut body = Value::Null;
    for _ in 0..3 {
        let before = app.state.statements.count();
        body = app.gql(Some(token), query, variables.clone()).await;
        fewest = fewest.min(app.state.statements.count() - before);
    }
    assert!(body["errors"].is_null(), "{body}");
    (fewest, body)
}

/// Statements one page request runs, checking that it succeeded with `first` mines.
async fn cost(app: &TestApp, token: &str, query: &str, first: usize) -> u64 {
    let (statements, body) = least(app, token, query, json!({ "first": first })).await;
    let edges = body["data"]["mines"]["edges"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(edges, first, "{body}");
    statements
}

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size() {
    let app = TestApp::spawn().await;
    let plan = SyntheticPlan {
        mines: 300,
        counties: 6,
        seed: 3,
    };
    seed(&app.state.db, app.state.clock.as_ref(), plan, |_, _| {})
        .await
        .expect("seeded");
    let auditor = app.token(mineright::domain::access::Role::Auditor, None);
    // The first assessment reads the standards version's figures once for the process.
    cost(&app, &auditor, ASSESSED, 1).await;
    // The page and its count (the token and the reference data cost nothing); the assessed
    // page adds which standards version is in force, the widest boundary's reach (an
    // indexed MAX, by which the search widens) and one neighbour search (the page's own
    // rows are assessed, not read again).
    for (query, most) in [(PAGE, 2), (ASSESSED, 5)] {
        // Every page here holds a mine with an ore body and mines with coordinates, so
        // its neighbour search looks for both.
        let costs = [
            cost(&app, &auditor, query, 70).await,
            cost(&app, &auditor, query, 85).await,
            cost(&app, &auditor, query, 100).await,
        ];
        assert!(
            costs.iter().all(|&c| c == costs[0]),
            "statements grow with the page: {costs:?} for {query}"
        );
        assert!(costs[0] <= most, "{} statements for {query}", costs[0]);
    }
}

/// Issue 9 item 11: a county plan with all its entries and their mines costs the same
/// statements whatever the number of entries.
#[tokio::test]
async fn a_plan_costs_the_same_statements_whatever_its_number_of_entries() {
    use mineright::domain::access::Role;

    use crate::helpers::{block_input, mine_input};

    let app = TestApp::spawn().await;
    let approver = app.token(Role::CityApprover, None);
    const PLAN: &str = "query($id: ID!) { countyPlan(id: $id) { id status balance { closures } \
        closures { method closeBy mine { name holder licenceNo productionScale } duties { kind dueBy } } \
        newMines { transferYear block { name depositScaleClass } } responsibilities { task } } }";
    let mut costs = Vec::new();
    for (county, entries) in [("140502", 5_u32), ("140521", 12), ("140522", 25)] {
        let official = app.token(Role::CountyOfficial, Some(county));
        let plan = app
            .gql(
                Some(&official),
                "mutation($c: String!) { createCountyPlan(countyCode: $c) { id } }",
                json!({ "c": county }),
            )
            .await;
        let id = plan["data"]["createCountyPlan"]["id"]
            .as_str()
            .expect("plan")
            .to_owned();
        for n in 0..entries {
            let mut input = mine_input(county, &format!("S-{county}-{n}"));
            input["latitude"] = json!(35.0 + f64::from(n) * 0.01);
            let mine = app.create_mine(input).await;
            let added = app
                .gql(
                    Some(&official),
                    "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, method: EXIT, \
                     closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }",
                    json!({ "p": id, "m": mine }),
                )
                .await;
            assert!(added["errors"].is_null(), "{added}");
        }
        let block = app
            .create_block(block_input(county, &format!("区块{county}")))
            .await;
        for (query, variables) in [
            (
                "mutation($p: ID!, $b: ID!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: 2026 }) { id } }",
                json!({ "p": id, "b": block }),
            ),
            (
                "mutation($p: ID!) { addResponsibility(planId: $p, input: { task: \"组织实施\", unit: \"县政府\", dueBy: \"2025-12-31\" }) { id } }",
                json!({ "p": id }),
            ),
            (
                "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
                json!({ "p": id }),
            ),
        ] {
            let body = app.gql(Some(&official), query, variables).await;
            assert!(body["errors"].is_null(), "{body}");
        }
        let body = app
            .gql(
                Some(&approver),
                "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
                json!({ "p": id }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        let (statements, body) = least(&app, &official, PLAN, json!({ "id": id })).await;
        costs.push(statements);
        let closures = body["data"]["countyPlan"]["closures"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(closures, entries as usize, "{body}");
        assert!(
            body["data"]["countyPlan"]["closures"][0]["duties"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
        );
    }
    assert!(
        costs.iter().all(|&c| c == costs[0]),
        "statements grow with the entries: {costs:?}"
    );
    // The plan, its entries, their mines, the block, the duties, and today's standards for
    // the block's classes.
    assert!(costs[0] <= 7, "{} statements for a plan", costs[0]);
}

/// A page of blocks with their survey records costs the same statements whatever its size
/// (the records of the page's blocks are read at once).
#[tokio::test]
async fn blocks_with_their_surveys_cost_the_same_statements_whatever_the_page() {
    use mineright::auth::TokenRequest;
    use mineright::domain::access::Role;

    let app = TestApp::spawn().await;
    let forestry = app.token_for(TokenRequest {
        role: Role::DepartmentReviewer,
        sub: "reviewer-forestry".into(),
        city: Some("140500".into()),
        county: None,
        department: Some("FORESTRY".into()),
        ttl: std::time::Duration::from_secs(600),
    });
    for n in 0..6 {
        let block = app
            .create_block(crate::helpers::block_input(
                crate::helpers::ZEZHOU,
                &format!("统计区块{n}"),
            ))
            .await;
        let body = app
            .gql(
                Some(&forestry),
                "mutation($b: ID!) { recordSurvey(blockId: $b, department: \"FORESTRY\", conflict: false) { id } }",
                json!({ "b": block }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let admin = app.admin();
    let query = "query($first: Int) { blocks(first: $first) { edges { node { id surveys { department } } } } }";
    let mut costs = Vec::new();
    for first in [2, 4, 6] {
        let (statements, body) = least(&app, &admin, query, json!({ "first": first })).await;
        let edges = body["data"]["blocks"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(edges.len(), first);
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["surveys"][0]["department"] == "FORESTRY"),
            "{body}"
        );
        costs.push(statements);
    }
    assert!(
        costs.iter().all(|&c| c == costs[0]),
        "statements grow with the page: {costs:?}"
    );
}
