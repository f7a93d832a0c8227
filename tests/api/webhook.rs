//! The webhook through the real server: a published transfer event reaches a receiver that
//! was down for its first attempts, signed as docs/api.md says; two instances sharing a database
//! send each event once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use entity::webhook_delivery;
use hmac::{Hmac, KeyInit, Mac};
use mineright::config::{Config, Secret};
use mineright::domain::access::Role;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::fixtures::{ADMIT, REPORT, Scenario, must, surveyed};
use crate::helpers::TestApp;

const SECRET: &str = "the-receiver's-shared-secret";

/// One request the receiver got: its signature header, its body and the status answered.
#[derive(Debug, Clone)]
struct Call {
    signature: Option<String>,
    body: String,
    status: u16,
}

/// A trading platform's endpoint that answers 503 to its first `failing` requests.
struct Receiver {
    failing: usize,
    calls: Mutex<Vec<Call>>,
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let mut calls = receiver.calls.lock().expect("calls");
    let status = if calls.len() < receiver.failing {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    calls.push(Call {
        signature: headers
            .get("x-mineright-signature")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body,
        status: status.as_u16(),
    });
    status
}

impl Receiver {
    /// Listens on a free port; returns it with its URL.
    async fn start(failing: usize) -> (Arc<Receiver>, String) {
        let receiver = Arc::new(Receiver {
            failing,
            calls: Mutex::default(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        let router = Router::new()
            .route("/hook", post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.ok() });
        (receiver, url)
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().expect("calls").clone()
    }

    /// The bodies answered 200, once there are `n` of them (or the test fails).
    async fn delivered(&self, n: usize) -> Vec<Value> {
        for _ in 0..300 {
            let ok: Vec<Value> = self
                .calls()
                .into_iter()
                .filter(|c| c.status == 200)
                .map(|c| serde_json::from_str(&c.body).expect("JSON body"))
                .collect();
            if ok.len() >= n {
                return ok;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{n} deliveries expected; calls: {:?}", self.calls());
    }
}

fn sending_to(url: String) -> impl FnOnce(&mut Config) {
    move |config| {
        config.webhook_url = Some(url);
        config.webhook_secret = Some(Secret(SECRET.into()));
    }
}

/// The signature a receiver computes with the shared secret.
fn expected_signature(body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Admits `blocks` blocks of an approved county plan and approves the 2026 transfer plan;
/// returns the entry ids.
async fn approved_transfer_plan(app: &TestApp, blocks: u32) -> Vec<String> {
    let admin = app.admin();
    let mut entries = Vec::new();
    for block in Scenario::new(app)
        .closures(blocks)
        .blocks(blocks)
        .approved_plan()
        .await
    {
        surveyed(app, &block).await;
        let admitted = must(app, &admin, ADMIT, json!({ "year": 2026, "block": block })).await;
        entries.push(
            admitted["data"]["admitBlock"]["id"]
                .as_str()
                .expect("entry id")
                .to_owned(),
        );
    }
    must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    entries
}

fn report(entry: &str, outcome: &str, key: &str) -> Value {
    json!({ "entry": entry, "input": { "outcome": outcome, "date": "2026-03-01", "idempotencyKey": key } })
}

/// the receiver is down for two attempts and still gets the approval, signed,
/// then the outcome once although it was reported twice; admissions (unpublished) are
/// never sent.
#[tokio::test]
async fn a_receiver_down_for_two_attempts_still_gets_each_published_event_signed() {
    let (receiver, url) = Receiver::start(2).await;
    let app = TestApp::spawn_with(sending_to(url)).await;
    let entries = approved_transfer_plan(&app, 1).await;

    let approval = receiver.delivered(1).await;
    let calls = receiver.calls();
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        [503, 503, 200],
        "two failures, then the delivery"
    );
    for call in &calls {
        assert_eq!(
            call.body, calls[0].body,
            "every attempt sends the same event"
        );
        assert_eq!(
            call.signature.as_deref(),
            Some(expected_signature(&call.body).as_str())
        );
    }
    let event = &approval[0];
    assert_eq!(event["type"], "APPROVED", "{event}");
    assert_eq!(
        event["data"],
        json!({ "cityCode": "140500", "year": 2026, "entryId": null })
    );
    assert!(event["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(event["occurredAt"].as_str().is_some(), "{event}");

    let integrator = app.token(Role::Integrator, None);
    let announce = report(&entries[0], "ANNOUNCED", "W-1");
    must(&app, &integrator, REPORT, announce.clone()).await;
    must(&app, &integrator, REPORT, announce).await;
    let events = receiver.delivered(2).await;
    assert_eq!(events[1]["type"], "OUTCOME_REPORTED");
    assert_eq!(events[1]["data"]["entryId"], entries[0].as_str());
    // Give a wrongly repeated event time to arrive.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(receiver.calls().len(), 4, "{:?}", receiver.calls());

    let watched = must(
        &app,
        &app.admin(),
        "{ webhookDeliveries { type attempts deliveredAt lastError cursor } pending: webhookDeliveries(pending: true) { eventId } \
           newest: webhookDeliveries(first: 1) { type cursor } }",
        json!({}),
    )
    .await;
    let watched = &watched["data"];
    let older = must(
        &app,
        &app.admin(),
        "query($after: String) { webhookDeliveries(first: 1, after: $after) { type } }",
        json!({ "after": watched["newest"][0]["cursor"] }),
    )
    .await;
    assert_eq!(
        older["data"]["webhookDeliveries"],
        json!([{ "type": "APPROVED" }]),
        "the page after the newest delivery's cursor holds the older one"
    );
    assert_eq!(watched["pending"], json!([]), "{watched}");
    assert_eq!(
        watched["webhookDeliveries"].as_array().map(|rows| rows
            .iter()
            .map(|r| (r["type"].clone(), r["attempts"].clone()))
            .collect::<Vec<_>>()),
        Some(vec![
            (json!("OUTCOME_REPORTED"), json!(1)),
            (json!("APPROVED"), json!(3))
        ]),
        "newest first: {watched}"
    );
    let official = app.token(Role::CountyOfficial, Some(crate::helpers::ZEZHOU));
    let refused = app
        .gql(
            Some(&official),
            "{ webhookDeliveries { eventId } }",
            json!({}),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&refused), Some("FORBIDDEN"));

    let outbox = webhook_delivery::Entity::find()
        .order_by_asc(webhook_delivery::Column::Id)
        .all(&app.state.db)
        .await
        .expect("outbox");
    assert_eq!(
        outbox
            .iter()
            .map(|row| (row.attempts, row.delivered_at.is_some()))
            .collect::<Vec<_>>(),
        [(3, true), (1, true)]
    );
}

/// two instances share the outbox; the receiver gets every event exactly once.
#[tokio::test]
async fn instances_sharing_a_database_send_each_event_once() {
    let (receiver, url) = Receiver::start(0).await;
    let first = TestApp::spawn_with(sending_to(url.clone())).await;
    let second = first.second_instance_with(sending_to(url)).await;
    let entries = approved_transfer_plan(&first, 3).await;
    for (n, entry) in entries.iter().enumerate() {
        for (app, outcome) in [(&first, "ANNOUNCED"), (&second, "UNSOLD")] {
            let integrator = app.token(Role::Integrator, None);
            must(
                app,
                &integrator,
                REPORT,
                report(entry, outcome, &format!("{outcome}-{n}")),
            )
            .await;
        }
    }
    receiver.delivered(7).await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let mut ids: Vec<String> = receiver
        .calls()
        .iter()
        .map(|c| serde_json::from_str::<Value>(&c.body).expect("JSON")["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 7, "{:?}", receiver.calls());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 7, "each event once");
}

/// A URL without a secret (or a short secret) stops the server at startup.
#[tokio::test]
async fn a_webhook_without_a_proper_secret_is_refused_at_startup() {
    let dir = tempfile::tempdir().expect("tempdir");
    for secret in [None, Some("short")] {
        let mut config = Config::new(dir.path().to_path_buf());
        config.listen = "127.0.0.1:0".into();
        config.webhook_url = Some("http://127.0.0.1:9/hook".into());
        config.webhook_secret = secret.map(|s| Secret(s.into()));
        let started = mineright::app::App::build(&config, false).await;
        assert!(
            matches!(started, Err(mineright::app::StartupError::Config(_))),
            "{secret:?}"
        );
    }
}

/// A clock the test moves by hand.
#[derive(Debug)]
struct HandClock(Mutex<chrono::DateTime<chrono::Utc>>);

impl mineright::clock::Clock for HandClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().expect("clock")
    }
}

/// The back-off runs on the queue's clock: a refused delivery is not due again until its
/// wait has passed on that clock, and is sent at once when it has, without sleeping.
#[tokio::test]
async fn a_refused_delivery_waits_its_back_off_on_the_queues_clock() {
    use mineright::infra::webhook::{Outbox, Outgoing, Webhook, sender};

    let app = TestApp::spawn().await;
    let (receiver, url) = Receiver::start(1).await;
    let webhook = Webhook::configure(Some(&url), Some(SECRET))
        .expect("configured")
        .expect("a webhook");
    let start = chrono::Utc::now();
    let clock = Arc::new(HandClock(Mutex::new(start)));
    let outbox = Outbox::on(clock.clone());
    let event = Outgoing {
        id: "e-1".into(),
        kind: "APPROVED".into(),
        occurred_at: start,
        data: json!({}),
    };
    mineright::infra::writes::in_write(&app.state.db, async |tx| outbox.enqueue(tx, &event).await)
        .await
        .expect("queued");
    let client = sender::client().expect("client");
    let send = async || {
        sender::send_due(&app.state.db, &client, &webhook, &outbox)
            .await
            .expect("outbox readable")
    };
    assert_eq!(send().await, 1, "due at once, and refused with 503");
    let wait = chrono::Duration::from_std(sender::back_off(1)).expect("wait");
    let set = |at| *clock.0.lock().expect("clock") = at;
    set(start + wait - chrono::Duration::milliseconds(100));
    assert_eq!(send().await, 0, "not due within its back-off");
    set(start + wait + chrono::Duration::milliseconds(100));
    assert_eq!(send().await, 1, "due once its back-off has passed");
    let statuses: Vec<u16> = receiver.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, vec![503, 200]);
}
