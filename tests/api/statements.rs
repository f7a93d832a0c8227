//! What a page costs in SQL statements, counted on the connection: the number may not grow
//! with the page size (no N+1), and reference data never costs a query.

use mineright::synthetic::{SyntheticPlan, seed};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The page of issue 8's scenario (a): a county and mineral per mine, and the total.
const PAGE: &str = "query($first: Int!) { mines(first: $first) { totalCount edges { node { \
    id name county { code name } mineral { code name } } } } }";
/// Scenario (b): the same page with each mine's assessment.
const ASSESSED: &str = "query($first: Int!) { mines(first: $first) { totalCount edges { node { \
    id name county { code name } mineral { code name } \
    assessment { disposition findings { ruleId } } } } } }";

/// Statements one request runs, checking that it succeeded with `first` mines.
async fn cost(app: &TestApp, token: &str, query: &str, first: usize) -> u64 {
    let before = app.state.statements.count();
    let body: Value = app.gql(Some(token), query, json!({ "first": first })).await;
    let after = app.state.statements.count();
    assert!(body["errors"].is_null(), "{body}");
    let edges = body["data"]["mines"]["edges"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(edges, first, "{body}");
    after - before
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
    // page adds which standards version is in force and one neighbour search (the page's
    // own rows are assessed, not read again).
    for (query, most) in [(PAGE, 2), (ASSESSED, 4)] {
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
