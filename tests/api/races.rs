//! Races over real HTTP: every place taken or given back in the closure balance and the
//! caps is one conditional transition, so simultaneous withdrawals, reports, admissions and
//! approvals each land once, and after every race the counters equal the entries holding a
//! place (recomputed here from the entries themselves). Runs on SQLite and PostgreSQL.

use std::collections::BTreeMap;
use std::sync::Arc;

use entity::{place_held, transfer_entry};
use futures_util::StreamExt;
use futures_util::future::join_all;
use futures_util::stream::FuturesUnordered;
use mineright::domain::access::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::fixtures::{ADMIT, REPORT, Scenario, must, surveyed};
use crate::helpers::{TestApp, ZEZHOU, error_code};

const WITHDRAW: &str =
    "mutation($e: ID!) { withdrawBlock(entryId: $e, reason: \"撤回\") { status } }";
const APPROVE: &str = "mutation { approveTransferPlan(year: 2026) { entries { id } } }";
const QUOTA: &str = "{ closureQuota { newMines remaining } }";

/// Fails unless every counter equals what the entries holding a place add up to; returns
/// the city's new mines.
async fn counters_match_the_entries(app: &TestApp) -> i64 {
    let db = &app.state.db;
    let places = app.state.places.current();
    let mut expected: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    for entry in transfer_entry::Entity::find()
        .filter(transfer_entry::Column::HoldsPlace.eq(true))
        .all(db)
        .await
        .expect("entries")
    {
        let city = places
            .city_of_county(&entry.county_code)
            .expect("a county of the deployment");
        for place in [city, entry.county_code.as_str()] {
            expected.entry(format!("balance:{place}")).or_default().0 += 1;
            expected
                .entry(format!("cap:{}:{place}", entry.mineral_code))
                .or_default()
                .1 += entry.designed_scale;
        }
    }
    for counter in place_held::Entity::find().all(db).await.expect("counters") {
        let (mines, scale) = expected.get(&counter.scope).copied().unwrap_or_default();
        // For the record (`--nocapture`): each counter beside what the entries add up to.
        eprintln!(
            "{:<24} held {:>3} {:>8.1}  entries {:>3} {:>8.1}",
            counter.scope, counter.new_mines, counter.scale, mines, scale
        );
        assert_eq!(i64::from(counter.new_mines), mines, "{}", counter.scope);
        assert!(
            (counter.scale - scale).abs() < 1e-6,
            "{}: {} ≠ {scale}",
            counter.scope,
            counter.scale
        );
    }
    expected.get("balance:140500").map_or(0, |held| held.0)
}

/// 泽州县 with `closures` closures and `blocks` blocks for 2026, each surveyed, cleared and
/// admitted; the entry ids.
async fn admitted(app: &TestApp, closures: u32, blocks: u32) -> Vec<String> {
    let admin = app.admin();
    let mut entries = Vec::new();
    for block in Scenario::new(app)
        .closures(closures)
        .blocks(blocks)
        .approved_plan()
        .await
    {
        surveyed(app, &block).await;
        let body = must(app, &admin, ADMIT, json!({ "year": 2026, "block": block })).await;
        entries.push(
            body["data"]["admitBlock"]["id"]
                .as_str()
                .expect("entry")
                .to_owned(),
        );
    }
    entries
}

/// Sends `count` requests of `query` as `token` at once, the `n`th with `variables(n)`;
/// their answers.
async fn race(
    app: &Arc<TestApp>,
    token: &str,
    query: &'static str,
    count: usize,
    variables: impl Fn(usize) -> Value,
) -> Vec<Value> {
    join_all((0..count).map(|n| {
        let (app, token, variables) = (app.clone(), token.to_owned(), variables(n));
        async move { app.gql(Some(&token), query, variables).await }
    }))
    .await
}

/// An `UNSOLD` report carrying `key`.
fn unsold(key: &str) -> Value {
    json!({ "outcome": "UNSOLD", "date": "2026-04-01", "idempotencyKey": key })
}

/// Fails unless exactly one of `results` succeeded and every other was a `CONFLICT`.
fn one_won_and_the_rest_conflict(results: &[Value]) {
    let won = results.iter().filter(|r| r["errors"].is_null()).count();
    assert_eq!(won, 1, "{results:?}");
    let lost: Vec<Option<&str>> = results
        .iter()
        .filter(|r| !r["errors"].is_null())
        .map(error_code)
        .collect();
    assert!(
        lost.iter().all(|code| *code == Some("CONFLICT")),
        "{lost:?}"
    );
}

#[tokio::test]
async fn eight_simultaneous_withdrawals_of_one_entry_give_its_place_back_once() {
    let app = Arc::new(TestApp::spawn().await);
    let entries = admitted(&app, 5, 2).await;
    let admin = app.admin();
    let results = race(&app, &admin, WITHDRAW, 8, |_| json!({ "e": entries[0] })).await;
    one_won_and_the_rest_conflict(&results);
    assert_eq!(counters_match_the_entries(&app).await, 1);
    let quota = must(&app, &admin, QUOTA, json!({})).await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "newMines": 1, "remaining": 4 })
    );
}

/// Approved entries, announced.
async fn announced(app: &TestApp, closures: u32, blocks: u32) -> Vec<String> {
    let entries = admitted(app, closures, blocks).await;
    must(
        app,
        &app.token(Role::CityApprover, None),
        APPROVE,
        json!({}),
    )
    .await;
    let integrator = app.token(Role::Integrator, None);
    for (n, entry) in entries.iter().enumerate() {
        let input = json!({ "outcome": "ANNOUNCED", "date": "2026-03-01", "idempotencyKey": format!("A-{n}") });
        must(
            app,
            &integrator,
            REPORT,
            json!({ "entry": entry, "input": input }),
        )
        .await;
    }
    entries
}

#[tokio::test]
async fn eight_unsold_reports_with_different_keys_give_the_place_back_once() {
    let app = Arc::new(TestApp::spawn().await);
    let entries = announced(&app, 5, 2).await;
    let integrator = app.token(Role::Integrator, None);
    let results = race(
        &app,
        &integrator,
        REPORT,
        8,
        |n| json!({ "entry": entries[0], "input": unsold(&format!("U-{n}")) }),
    )
    .await;
    one_won_and_the_rest_conflict(&results);
    assert_eq!(counters_match_the_entries(&app).await, 1);
}

#[tokio::test]
async fn twelve_reports_with_one_key_apply_once_and_answer_alike() {
    let app = Arc::new(TestApp::spawn().await);
    let entries = announced(&app, 5, 1).await;
    let integrator = app.token(Role::Integrator, None);
    let results = race(
        &app,
        &integrator,
        REPORT,
        12,
        |_| json!({ "entry": entries[0], "input": unsold("ONE") }),
    )
    .await;
    assert!(results.iter().all(|r| r["errors"].is_null()), "{results:?}");
    assert!(
        results.iter().all(|r| r["data"] == results[0]["data"]),
        "{results:?}"
    );
    // Admitted (1), published with the plan (2), announced (3), unsold (4).
    assert_eq!(results[0]["data"]["reportTransferOutcome"]["version"], 4);
    assert_eq!(counters_match_the_entries(&app).await, 0);
}

#[tokio::test]
async fn a_re_announcement_after_no_sale_takes_a_place_again_or_is_refused() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(1)
        .blocks_for(&[2026, 2027])
        .approved_plan()
        .await;
    let admin = app.admin();
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let first = must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    let entry = first["data"]["admitBlock"]["id"].clone();
    must(
        &app,
        &app.token(Role::CityApprover, None),
        APPROVE,
        json!({}),
    )
    .await;
    let integrator = app.token(Role::Integrator, None);
    let report = |outcome: &str, key: &str| json!({ "entry": entry, "input": { "outcome": outcome, "date": "2026-04-01", "idempotencyKey": key } });
    must(&app, &integrator, REPORT, report("ANNOUNCED", "A1")).await;
    must(&app, &integrator, REPORT, report("UNSOLD", "U")).await;
    assert_eq!(counters_match_the_entries(&app).await, 0);

    // Another block takes the one place while the first is unsold.
    let other = must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2027, "block": blocks[1] }),
    )
    .await;
    assert_eq!(counters_match_the_entries(&app).await, 1);
    let refused = app
        .gql(Some(&integrator), REPORT, report("ANNOUNCED", "A2"))
        .await;
    assert_eq!(error_code(&refused), Some("ADMISSION_REFUSED"), "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["failedChecks"],
        json!(["NEW-3"])
    );
    let sale = json!({ "entry": entry, "input": { "outcome": "SOLD", "date": "2026-04-02",
        "winningBidder": "某公司", "priceWanYuan": "100", "idempotencyKey": "S1" } });
    let sold = app.gql(Some(&integrator), REPORT, sale).await;
    assert_eq!(
        error_code(&sold),
        Some("CONFLICT"),
        "no sale without a new announcement: {sold}"
    );
    assert_eq!(counters_match_the_entries(&app).await, 1);

    // Once the other entry leaves, the announcement takes the place and the sale stands on it.
    must(
        &app,
        &admin,
        WITHDRAW,
        json!({ "e": other["data"]["admitBlock"]["id"] }),
    )
    .await;
    assert_eq!(counters_match_the_entries(&app).await, 0);
    must(&app, &integrator, REPORT, report("ANNOUNCED", "A3")).await;
    assert_eq!(counters_match_the_entries(&app).await, 1);
    let sale = json!({ "entry": entry, "input": { "outcome": "SOLD", "date": "2026-04-03",
        "winningBidder": "某公司", "priceWanYuan": "100", "idempotencyKey": "S2" } });
    must(&app, &integrator, REPORT, sale).await;
    assert_eq!(counters_match_the_entries(&app).await, 1);
}

#[tokio::test]
async fn an_approval_racing_seven_admissions_leaves_no_entry_unseen() {
    let app = Arc::new(TestApp::spawn().await);
    let blocks = Scenario::new(&app)
        .closures(10)
        .blocks(7)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let admin = app.admin();
    let approver = app.token(Role::CityApprover, None);
    // The plan exists (and is a draft) before the race: one block admitted and withdrawn.
    let first = must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    must(
        &app,
        &admin,
        WITHDRAW,
        json!({ "e": first["data"]["admitBlock"]["id"] }),
    )
    .await;
    // The approval starts once two admissions have answered, so that it races the rest.
    let mut pending: FuturesUnordered<_> = blocks
        .iter()
        .map(|block| {
            let (app, admin, block) = (app.clone(), admin.clone(), block.clone());
            tokio::spawn(async move {
                app.gql(Some(&admin), ADMIT, json!({ "year": 2026, "block": block }))
                    .await
            })
        })
        .collect();
    let mut admissions = Vec::new();
    while admissions.len() < 2 {
        admissions.push(pending.next().await.expect("an admission").expect("joined"));
    }
    let approval = {
        let (app, approver) = (app.clone(), approver.clone());
        tokio::spawn(async move { app.gql(Some(&approver), APPROVE, json!({})).await })
    };
    while let Some(answer) = pending.next().await {
        admissions.push(answer.expect("joined"));
    }
    let approval = approval.await.expect("approval");
    assert!(approval["errors"].is_null(), "{approval}");
    let answered: Vec<Value> = approval["data"]["approveTransferPlan"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e["id"].clone())
        .filter(|id| *id != first["data"]["admitBlock"]["id"])
        .collect();
    let landed: Vec<Value> = admissions
        .iter()
        .filter(|r| r["errors"].is_null())
        .map(|r| r["data"]["admitBlock"]["id"].clone())
        .collect();
    assert!(
        admissions
            .iter()
            .filter(|r| !r["errors"].is_null())
            .all(|r| error_code(r) == Some("CONFLICT")),
        "{admissions:?}"
    );
    let now = must(
        &app,
        &admin,
        "{ transferPlan(year: 2026) { entries { id batch published withdrawn } } }",
        json!({}),
    )
    .await;
    let standing: Vec<&Value> = now["data"]["transferPlan"]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["withdrawn"] == false)
        .collect();
    // What landed before the approval is the plan, published; what landed after it forms
    // the first supplementary batch, waiting for its own approval.
    let mut in_plan: Vec<Value> = standing
        .iter()
        .filter(|e| e["batch"] == 0)
        .map(|e| e["id"].clone())
        .collect();
    let mut answered = answered;
    in_plan.sort_by_key(Value::to_string);
    answered.sort_by_key(Value::to_string);
    assert_eq!(
        in_plan, answered,
        "the approval answers with the whole plan: {now}"
    );
    assert!(
        standing
            .iter()
            .all(|e| (e["batch"] == 0) == (e["published"] == true)),
        "{now}"
    );
    assert_eq!(
        standing.len(),
        landed.len(),
        "every admission is an entry: {now}"
    );
    assert_eq!(counters_match_the_entries(&app).await, landed.len() as i64);
}

#[tokio::test]
async fn four_simultaneous_completions_of_one_duty_complete_it_once() {
    let app = Arc::new(TestApp::spawn().await);
    let plan = crate::exports::approved_plan(&app).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let duties = must(
        &app,
        &official,
        "query($p: ID!) { countyPlan(id: $p) { closures { duties { id } } } }",
        json!({ "p": plan }),
    )
    .await;
    let duty = duties["data"]["countyPlan"]["closures"][0]["duties"][0]["id"].clone();
    let complete = "mutation($d: ID!, $note: String) { completeDuty(dutyId: $d, doneOn: \"2025-06-20\", note: $note) { doneOn note } }";
    let results = race(
        &app,
        &official,
        complete,
        4,
        |n| json!({ "d": duty, "note": format!("第{n}次") }),
    )
    .await;
    one_won_and_the_rest_conflict(&results);
    let audit = must(
        &app,
        &app.token(Role::Auditor, None),
        "{ auditLog(filter: { entity: \"Duty\" }, first: 10) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 1, "{audit}");
}

#[tokio::test]
async fn the_quota_says_what_the_counter_says_and_the_public_what_is_approved() {
    let app = TestApp::spawn().await;
    admitted(&app, 3, 1).await;
    let admin = app.admin();
    let public = app.gql(None, QUOTA, json!({})).await;
    assert_eq!(
        public["data"]["closureQuota"],
        json!({ "newMines": 0, "remaining": 3 }),
        "a draft is not published"
    );
    must(
        &app,
        &app.token(Role::CityApprover, None),
        APPROVE,
        json!({}),
    )
    .await;
    let public = app.gql(None, QUOTA, json!({})).await;
    assert_eq!(
        public["data"]["closureQuota"],
        json!({ "newMines": 1, "remaining": 2 })
    );
    // A counter that went wrong shows as it is, never clamped at zero.
    place_held::Entity::update_many()
        .col_expr(
            place_held::Column::NewMines,
            sea_orm::sea_query::Expr::value(-2),
        )
        .filter(place_held::Column::Scope.eq("balance:140500"))
        .exec(&app.state.db)
        .await
        .expect("bend the counter");
    let quota = must(&app, &admin, QUOTA, json!({})).await;
    assert_eq!(
        quota["data"]["closureQuota"],
        json!({ "newMines": -2, "remaining": 5 })
    );
}

/// Entries whose stored state went wrong before the transitions were conditional (an
/// announcement after no sale that took no place; a counter driven below its entries) are
/// repaired by the recount migration: every counter equals its entries again.
#[tokio::test]
async fn the_recount_migration_makes_the_counters_equal_the_entries() {
    use migration::{Migrator, MigratorTrait};
    use sea_orm::ConnectionTrait;
    let app = Arc::new(TestApp::spawn().await);
    let entries = announced(&app, 5, 2).await;
    let db = &app.state.db;
    // As the old code could leave them: one announced entry holding no place, the city's
    // counter two below its entries.
    db.execute_unprepared(&format!(
        "UPDATE transfer_entries SET holds_place = false WHERE id = {}",
        entries[0]
    ))
    .await
    .expect("bend the entry");
    db.execute_unprepared(
        "UPDATE places_held SET new_mines = new_mines - 2 WHERE scope = 'balance:140500'",
    )
    .await
    .expect("bend the counter");
    // Undo the recount and every migration after it, then run them all again.
    let since_recount = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261204_000027_places_recounted")
        .expect("the recount is a migration");
    Migrator::down(db, Some(since_recount as u32 + 1))
        .await
        .expect("forget the recount");
    Migrator::up(db, None).await.expect("recount");
    assert_eq!(counters_match_the_entries(&app).await, 2);
}
