//! Stopping under load (docs/operations.md, "Stopping"): on SIGTERM the server stops
//! accepting, finishes what is in flight, closes WebSockets with 1001 and exits 0, all
//! within its grace.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::{EVERYDAY, SERIAL, post, seeded_server, token};

/// The grace the server is given; the test asserts it exits well within it.
const GRACE_SECONDS: u64 = 10;
/// A whole-city assessment on a day nothing is stored for: computed afresh, the slowest
/// request the load holds.
const SLOW: &str = "query Slow { assessmentSummary(asOf: \"2026-01-01\") { totalMines } }";
/// Clients keeping everyday pages in flight.
const CLIENTS: usize = 4;

/// A graphql-transport-ws socket subscribed to county plan events with `token`.
async fn subscribed(
    port: u16,
    token: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut request = format!("ws://127.0.0.1:{port}/graphql/ws")
        .into_client_request()
        .expect("request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connect");
    let init = json!({ "type": "connection_init", "payload": { "token": token } });
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .expect("init");
    let ack = socket.next().await.expect("ack").expect("ack");
    assert!(
        ack.to_text().unwrap_or("").contains("connection_ack"),
        "{ack}"
    );
    let subscribe = json!({ "id": "1", "type": "subscribe",
        "payload": { "query": "subscription { countyPlanEvents { id type } }" } });
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("subscribe");
    socket
}

/// Everyday pages from `CLIENTS` clients until the server stops answering: how many came
/// back 200, and any other status seen (a connection refused once the server has stopped
/// listening is not an answer).
fn load(
    port: u16,
    token: String,
    running: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<(usize, Vec<u16>)> {
    tokio::spawn(async move {
        let answered = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (token, running, answered) = (token.clone(), running.clone(), answered.clone());
                tokio::spawn(async move {
                    let client = reqwest::Client::new();
                    let mut other = Vec::new();
                    while running.load(Ordering::Relaxed) {
                        match client
                            .post(format!("http://127.0.0.1:{port}/graphql"))
                            .bearer_auth(&token)
                            .json(&json!({ "query": EVERYDAY }))
                            .send()
                            .await
                        {
                            Ok(response) if response.status() == 200 => {
                                let body: serde_json::Value =
                                    response.json().await.expect("a whole answer");
                                assert!(body["errors"].is_null(), "{body}");
                                answered.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(response) => other.push(response.status().as_u16()),
                            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                        }
                    }
                    other
                })
            })
            .collect();
        let mut other = Vec::new();
        for task in tasks {
            other.extend(task.await.expect("client"));
        }
        (answered.load(Ordering::Relaxed), other)
    })
}

#[tokio::test]
async fn sigterm_under_load_finishes_in_flight_requests_and_says_goodbye_to_sockets() {
    let _serial = SERIAL.lock().await;
    let grace = GRACE_SECONDS.to_string() + "s";
    let (dir, url, mut server) = seeded_server(&[("MINERIGHT_SHUTDOWN_GRACE", &grace)]).await;
    let port = server.port;
    let auditor = token(dir.path(), url.as_deref(), "AUDITOR");
    let admin = token(dir.path(), url.as_deref(), "CITY_ADMIN");
    let mut socket = subscribed(port, &admin).await;
    let client = reqwest::Client::new();
    assert_eq!(post(&client, port, &auditor, EVERYDAY).await, 200);

    let running = Arc::new(AtomicBool::new(true));
    let everyday = load(port, auditor.clone(), running.clone());
    tokio::time::sleep(Duration::from_millis(500)).await;
    // A slow request in flight when the signal comes.
    let slow = tokio::spawn(async move {
        let answer = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/graphql"))
            .bearer_auth(&auditor)
            .json(&json!({ "query": SLOW }))
            .send()
            .await
            .expect("the slow request is answered, not dropped")
            .json::<serde_json::Value>()
            .await
            .expect("a whole answer");
        (answer, Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let signalled = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());

    // The socket is told the server is going away.
    let close = tokio::time::timeout(Duration::from_secs(GRACE_SECONDS), async {
        while let Some(message) = socket.next().await {
            if let Ok(Message::Close(frame)) = message {
                return frame.map(|frame| u16::from(frame.code));
            }
        }
        None
    })
    .await
    .expect("the socket is closed within the grace");
    assert_eq!(close, Some(1001));

    let (slow, answered_at) = slow.await.expect("slow request");
    assert!(slow["errors"].is_null(), "{slow}");
    assert!(
        answered_at > signalled,
        "the slow request was still in flight at the signal"
    );
    let assessed = slow["data"]["assessmentSummary"]["totalMines"].as_u64();
    assert!(assessed.is_some_and(|mines| mines > 2000), "{slow}");

    // The process exits 0, well within its grace.
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(GRACE_SECONDS),
            "still running {GRACE_SECONDS} s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let stopped_in = signalled.elapsed();
    assert_eq!(exit.code(), Some(0));
    running.store(false, Ordering::Relaxed);
    let (answered, other) = everyday.await.expect("load");
    eprintln!(
        "shutdown: exited {stopped_in:?} after SIGTERM; {answered} pages answered under load"
    );
    assert!(answered > 0, "the load was answered before the signal");
    assert!(
        other.is_empty(),
        "answers other than 200 while stopping: {other:?}"
    );
}
