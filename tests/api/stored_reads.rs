//! Reading the stored assessments, and keeping them fresh without a write: the summary,
//! the three batches and the filter answer from what is stored (a tampered row shows it,
//! and `verify` names it); a standards change and a new day are stored again in the
//! background, by one instance under a lease, its progress readable.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use entity::mine_assessment;
use mineright::clock::Clock;
use mineright::infra::lease;
use mineright::service::stored_assessments::catch_up::{LEASE, catch_up};
use mineright::service::stored_assessments::verify::verify;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{Value, json};

use crate::fixtures::{mine_at, must};
use crate::helpers::{TestApp, ZEZHOU};
use crate::stored_assessments::{quarries_may_stand_30_m_apart, too_close_pair};

/// A clock a test moves forward.
#[derive(Debug)]
struct MovingClock(Mutex<DateTime<Utc>>);

impl Clock for MovingClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
}

impl MovingClock {
    fn at(instant: &str) -> Arc<Self> {
        let instant = DateTime::parse_from_rfc3339(instant).expect("RFC 3339");
        Arc::new(Self(Mutex::new(instant.with_timezone(&Utc))))
    }

    fn advance(&self, by: TimeDelta) {
        *self.0.lock().expect("clock") += by;
    }
}

const SUMMARY: &str = "query($asOf: Date) { assessmentSummary(countyCode: \"140525\", asOf: $asOf) { \
    totalMines byDisposition { disposition count } byRule { ruleId count } } }";

/// The count of `disposition` in a summary.
fn count(summary: &Value, disposition: &str) -> i64 {
    summary["data"]["assessmentSummary"]["byDisposition"]
        .as_array()
        .and_then(|all| all.iter().find(|e| e["disposition"] == disposition))
        .and_then(|e| e["count"].as_i64())
        .unwrap_or(-1)
}

async fn set_stored(app: &TestApp, id: &str, disposition: &str) {
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE mine_assessments SET disposition = '{disposition}' WHERE mine_id = {id}"
        ))
        .await
        .expect("tamper");
}

/// A stored row altered behind the application's back is what the summary and the batches
/// then read (so they read storage, not a fresh computation) while the catch-up's mark
/// says the province is stored throughout; without the mark, or for a past day, they
/// compute live; `verify` names exactly the altered rows.
#[tokio::test]
async fn the_summary_and_the_batches_read_the_stored_results() {
    let app = TestApp::spawn_at("2026-03-01T02:00:00Z").await;
    let closing = mine_at(&app, ZEZHOU, 1, json!({ "hasSafetyLicence": false })).await;
    let exiting = mine_at(&app, ZEZHOU, 3, json!({ "resourcesExhausted": true })).await;
    let retained = mine_at(&app, ZEZHOU, 5, json!({})).await;
    let admin = app.admin();
    let before = must(&app, &admin, SUMMARY, json!({})).await;
    assert_eq!(
        [count(&before, "CLOSE"), count(&before, "EXIT")],
        [1, 1],
        "{before}"
    );

    set_stored(&app, &retained, "EXIT").await;
    set_stored(&app, &closing, "RETAIN").await;
    let after = must(&app, &admin, SUMMARY, json!({})).await;
    assert_eq!(
        [
            count(&after, "CLOSE"),
            count(&after, "EXIT"),
            count(&after, "RETAIN")
        ],
        [0, 2, 1],
        "{after}"
    );
    // Without the catch-up's mark the province is not known to be stored throughout: live.
    app.state
        .db
        .execute_unprepared("DELETE FROM assessment_marks")
        .await
        .expect("unmark");
    let unmarked = must(&app, &admin, SUMMARY, json!({})).await;
    assert_eq!(
        [count(&unmarked, "CLOSE"), count(&unmarked, "EXIT")],
        [1, 1],
        "{unmarked}"
    );
    catch_up(&app.state).await.expect("catch up");
    let yesterday = must(&app, &admin, SUMMARY, json!({ "asOf": "2026-02-28" })).await;
    assert_eq!(
        [count(&yesterday, "CLOSE"), count(&yesterday, "EXIT")],
        [1, 1],
        "a past day is computed live: {yesterday}"
    );

    // The batches list the mines stored on one, each explained by a fresh computation: the
    // closing mine stored as RETAIN is left out; the retained one stored as EXIT is read
    // again and found on none.
    let lists = must(
        &app,
        &admin,
        "{ rectificationLists(countyCode: \"140525\") { closeOrExit { mine { id } assessment { disposition } } } }",
        json!({}),
    )
    .await;
    let listed: Vec<&str> = lists["data"]["rectificationLists"]["closeOrExit"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|e| e["mine"]["id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(listed, [exiting.as_str()], "{lists}");

    let mut named: Vec<i64> = verify(&app.state)
        .await
        .expect("verify")
        .into_iter()
        .map(|d| d.mine_id)
        .collect();
    named.sort_unstable();
    let mut altered: Vec<i64> = [&closing, &retained]
        .iter()
        .map(|id| id.parse().expect("numeric id"))
        .collect();
    altered.sort_unstable();
    assert_eq!(named, altered);
}

const CATCH_UP: &str = "{ assessmentCatchUp { totalMines outstanding running } }";

/// Polls the catch-up's progress until nothing is outstanding (or fails after 20 s).
async fn caught_up(app: &TestApp) -> Value {
    for _ in 0..200 {
        let progress = must(app, &app.admin(), CATCH_UP, json!({})).await;
        if progress["data"]["assessmentCatchUp"]["outstanding"] == 0 {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the stored assessments never caught up");
}

/// The versions and days the stored rows were computed for.
async fn stored_under(app: &TestApp) -> Vec<(i32, String)> {
    let mut kept: Vec<(i32, String)> = mine_assessment::Entity::find()
        .all(&app.state.db)
        .await
        .expect("read")
        .into_iter()
        .map(|row| (row.version_id, row.assessed_on.to_string()))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// A standards version in force today wakes the background catch-up: every stored result
/// is computed again under it, and the filter answers from storage again.
#[tokio::test]
async fn a_standards_change_is_stored_again_in_the_background() {
    let app = TestApp::spawn_at("2026-03-01T02:00:00Z").await;
    too_close_pair(&app).await;
    let version = quarries_may_stand_30_m_apart(&app, "2026-03-01").await;
    let progress = caught_up(&app).await;
    assert_eq!(
        progress["data"]["assessmentCatchUp"]["totalMines"], 2,
        "{progress}"
    );
    assert_eq!(
        stored_under(&app).await,
        [(version as i32, "2026-03-01".to_owned())]
    );
    assert!(verify(&app.state).await.expect("verify").is_empty());
}

/// At a new day in Asia/Shanghai the date rules may read differently: one instance stores
/// every result again, and only while it holds the lease — another holder's lease keeps it
/// waiting (the progress says a catch-up runs), and it goes on once the lease is free.
#[tokio::test]
async fn a_new_day_is_stored_again_by_the_holder_of_the_lease() {
    let clock = MovingClock::at("2026-03-01T15:00:00Z");
    let app = TestApp::spawn_with_clock(
        |config| config.assessment_catch_up_every = Duration::from_millis(100),
        clock.clone(),
    )
    .await;
    mine_at(&app, ZEZHOU, 1, json!({})).await;
    mine_at(&app, ZEZHOU, 3, json!({})).await;
    let today = stored_under(&app).await;
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].1, "2026-03-01");

    let other = "another instance";
    let held = lease::claim(
        &app.state.db,
        LEASE,
        other,
        clock.now(),
        Duration::from_secs(86_400),
    )
    .await
    .expect("claim");
    assert!(held);
    // 15:00 UTC + 10 h is 09:00 the next day in Shanghai.
    clock.advance(TimeDelta::hours(10));
    tokio::time::sleep(Duration::from_millis(600)).await;
    let waiting = must(&app, &app.admin(), CATCH_UP, json!({})).await;
    assert_eq!(
        waiting["data"]["assessmentCatchUp"],
        json!({ "totalMines": 2, "outstanding": 2, "running": true }),
        "the other holder's lease is respected"
    );
    lease::release(&app.state.db, LEASE, other)
        .await
        .expect("release");
    caught_up(&app).await;
    assert_eq!(
        stored_under(&app).await,
        [(today[0].0, "2026-03-02".to_owned())]
    );
    assert!(verify(&app.state).await.expect("verify").is_empty());
}

/// A lease is one holder's until it lapses or is given back; renewing is the holder's
/// alone, and giving back someone else's lease does nothing.
#[tokio::test]
async fn a_lease_has_one_holder_until_it_lapses() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let now = Utc::now();
    let ttl = Duration::from_secs(60);
    assert!(lease::claim(db, "work", "a", now, ttl).await.expect("a"));
    assert!(!lease::claim(db, "work", "b", now, ttl).await.expect("b"));
    assert!(
        lease::claim(db, "work", "a", now, ttl)
            .await
            .expect("a renews")
    );
    lease::release(db, "work", "b").await.expect("b gives back");
    assert!(lease::held(db, "work", now).await.expect("held"));
    let later = now + TimeDelta::seconds(61);
    assert!(!lease::held(db, "work", later).await.expect("lapsed"));
    assert!(lease::claim(db, "work", "b", later, ttl).await.expect("b"));
    assert!(!lease::claim(db, "work", "a", later, ttl).await.expect("a"));
    lease::release(db, "work", "b").await.expect("b gives back");
    assert!(
        lease::claim(db, "work", "a", later, ttl)
            .await
            .expect("a again")
    );
}

/// The progress counts only the mines the caller may read, and needs a token.
#[tokio::test]
async fn the_catch_up_progress_is_scoped_to_the_caller() {
    let app = TestApp::spawn().await;
    mine_at(&app, ZEZHOU, 1, json!({})).await;
    mine_at(&app, crate::helpers::GAOPING, 3, json!({})).await;
    let anonymous = app.gql(None, CATCH_UP, json!({})).await;
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{anonymous}"
    );
    let county = app.token(
        mineright::domain::access::Role::CountyOfficial,
        Some(ZEZHOU),
    );
    let own = must(&app, &county, CATCH_UP, json!({})).await;
    assert_eq!(
        own["data"]["assessmentCatchUp"],
        json!({ "totalMines": 1, "outstanding": 0, "running": false })
    );
}
