//! GraphQL over WebSocket (graphql-transport-ws): the token travels in `connection_init`.

use futures_util::{SinkExt, StreamExt};
use mineright::domain::access::Role;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{TestApp, ZEZHOU};

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn connect(app: &TestApp) -> Socket {
    connect_with(app, None).await
}

/// Opens a socket, with `authorization` on the upgrade request when given.
async fn connect_with(app: &TestApp, authorization: Option<&str>) -> Socket {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .expect("request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    if let Some(value) = authorization {
        request
            .headers_mut()
            .insert("Authorization", value.parse().expect("header"));
    }
    tokio_tungstenite::connect_async(request)
        .await
        .expect("connect")
        .0
}

/// The next JSON message, or `None` once the server closes the socket.
pub(crate) async fn next_json(socket: &mut Socket) -> Option<Value> {
    while let Some(message) = socket.next().await {
        match message {
            Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
    None
}

/// The close code the server ends the socket with, skipping other messages; `None` when
/// the connection drops without a close frame.
async fn close_code(socket: &mut Socket) -> Option<u16> {
    while let Some(message) = socket.next().await {
        match message {
            Ok(Message::Close(frame)) => return frame.map(|f| u16::from(f.code)),
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
    None
}

pub(crate) async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("send");
}

#[tokio::test]
async fn a_token_in_connection_init_identifies_the_caller() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } })).await;
    assert_eq!(
        next_json(&mut socket).await.expect("ack")["type"],
        "connection_ack"
    );
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { role county } }" } }),
    )
    .await;
    let next = next_json(&mut socket).await.expect("next");
    assert_eq!(next["type"], "next");
    assert_eq!(next["payload"]["data"]["me"]["role"], "COUNTY_OFFICIAL");
    assert_eq!(next["payload"]["data"]["me"]["county"], ZEZHOU);
}

#[tokio::test]
async fn a_bad_token_in_connection_init_is_refused() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "Authorization": "Bearer forged.token.here" } })).await;
    assert_eq!(close_code(&mut socket).await, Some(4403));
}

#[tokio::test]
async fn a_connection_init_whose_payload_is_a_string_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut socket = connect(&app).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": format!("Bearer {token}") }),
    )
    .await;
    assert_eq!(close_code(&mut socket).await, Some(4403));
}

#[tokio::test]
async fn a_token_sent_only_with_the_upgrade_request_is_refused_not_ignored() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut socket = connect_with(&app, Some(&format!("Bearer {token}"))).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(close_code(&mut socket).await, Some(4403));
}

#[tokio::test]
async fn a_message_over_one_mebibyte_ends_the_socket_without_an_answer() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(
        next_json(&mut socket).await.expect("ack")["type"],
        "connection_ack"
    );
    let padding = "x".repeat(5 * 1024 * 1024);
    let huge = json!({ "id": "1", "type": "subscribe",
        "payload": { "query": "{ minerals { code } }", "variables": { "p": padding } } });
    // The server may drop the connection while the message is still being written.
    let _ = socket.send(Message::Text(huge.to_string().into())).await;
    assert_eq!(
        next_json(&mut socket).await,
        None,
        "no answer to a 5 MiB message"
    );
}

#[tokio::test]
async fn a_token_revoked_while_the_socket_is_open_is_refused_from_then_on() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let mut socket = connect(&app).await;
    send(&mut socket, json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } })).await;
    assert_eq!(
        next_json(&mut socket).await.expect("ack")["type"],
        "connection_ack"
    );
    let me = app.gql(Some(&token), "{ me { jti } }", json!({})).await;
    let jti = me["data"]["me"]["jti"].as_str().expect("jti").to_owned();
    let revoke = "mutation($jti: String!) { revokeToken(jti: $jti, reason: \"离职\") }";
    app.gql(Some(&app.admin()), revoke, json!({ "jti": jti }))
        .await;

    send(
        &mut socket,
        json!({ "id": "2", "type": "subscribe", "payload": { "query": "{ me { role } }" } }),
    )
    .await;
    assert_eq!(close_code(&mut socket).await, Some(4403));
}

#[tokio::test]
async fn a_non_string_authorization_is_refused_not_read_as_anonymous() {
    let app = TestApp::spawn().await;
    let mut socket = connect(&app).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "Authorization": { "nested": true } } }),
    )
    .await;
    assert_eq!(close_code(&mut socket).await, Some(4403));
}

/// Subscribes `token`'s socket to `countyPlanEvents`.
async fn plan_events(app: &TestApp, token: Option<&str>) -> Socket {
    subscribed(
        app,
        token,
        "subscription { countyPlanEvents { id type countyCode status plan { status fullView } } }",
    )
    .await
}

/// A socket of `token` subscribed with `query`.
pub(crate) async fn subscribed(app: &TestApp, token: Option<&str>, query: &str) -> Socket {
    let mut socket = connect(app).await;
    let payload = token.map_or(
        json!({}),
        |t| json!({ "Authorization": format!("Bearer {t}") }),
    );
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    assert_eq!(
        next_json(&mut socket).await.expect("ack")["type"],
        "connection_ack"
    );
    let listening =
        |app: &TestApp| app.state.plan_events.listeners() + app.state.transfer_events.listeners();
    let before = listening(app);
    send(
        &mut socket,
        json!({ "id": "events", "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
    // Registered once the server first polls the stream, and heard once the instance's
    // listener is subscribed (PostgreSQL): wait for both, not for a time.
    let hearing =
        |app: &TestApp| app.state.plan_events.hearing() && app.state.transfer_events.hearing();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while listening(app) <= before || !hearing(app) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the subscription registers within 10 s"
        );
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    socket
}

/// The next `countyPlanEvents` event.
async fn next_event(socket: &mut Socket) -> Value {
    next_of(socket, "countyPlanEvents").await
}

/// The next event of the subscription `field`.
pub(crate) async fn next_of(socket: &mut Socket, field: &str) -> Value {
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), next_json(socket))
        .await
        .expect("an event within 10 s")
        .expect("a message");
    assert_eq!(message["type"], "next", "{message}");
    message["payload"]["data"][field].clone()
}

/// Issue 9: a county official hears its own county's plans change; another county's
/// official and the public hear only the approval, as published.
#[tokio::test]
async fn plan_status_changes_reach_the_subscribers_who_may_hear_them() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let other = app.token(Role::CountyOfficial, Some(crate::helpers::GAOPING));
    let mut own = plan_events(&app, Some(&official)).await;
    let mut neighbour = plan_events(&app, Some(&other)).await;
    let mut public = plan_events(&app, None).await;
    let created = app
        .gql(
            Some(&official),
            "mutation { createCountyPlan(countyCode: \"140525\") { id } }",
            json!({}),
        )
        .await;
    let id = created["data"]["createCountyPlan"]["id"]
        .as_str()
        .expect("plan")
        .to_owned();
    crate::fixtures::with_division(&app, &official, &json!(id)).await;
    let submit = "mutation($id: ID!) { submitCountyPlan(id: $id) { status } }";
    app.gql(Some(&official), submit, json!({ "id": id })).await;
    let approver = app.token(Role::CityApprover, None);
    let approve = "mutation($id: ID!) { approveCountyPlan(id: $id) { status } }";
    let approved = app.gql(Some(&approver), approve, json!({ "id": id })).await;
    assert!(approved["errors"].is_null(), "{approved}");

    let first = next_event(&mut own).await;
    assert_eq!(
        (first["type"].clone(), first["status"].clone()),
        (json!("CREATED"), json!("DRAFT"))
    );
    assert_eq!(
        next_event(&mut own).await["type"],
        "ENTRY_ADDED",
        "the division of work"
    );
    let second = next_event(&mut own).await;
    assert_eq!(second["type"], "SUBMITTED");
    assert_eq!(second["plan"]["fullView"], true);
    assert_eq!(next_event(&mut own).await["type"], "APPROVED");
    for socket in [&mut neighbour, &mut public] {
        let heard = next_event(socket).await;
        assert_eq!(heard["type"], "APPROVED", "only the publication: {heard}");
        assert_eq!(
            heard["plan"],
            json!({ "status": "APPROVED", "fullView": false })
        );
    }
}

/// Messages until the server closes the socket (at most `within`): the `next` messages
/// that carried data, and the close code.
async fn until_closed(
    socket: &mut Socket,
    within: std::time::Duration,
) -> (Vec<Value>, Option<u16>) {
    let mut delivered = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let Ok(Some(message)) = tokio::time::timeout_at(deadline, socket.next()).await else {
            return (delivered, None);
        };
        match message {
            Ok(Message::Text(text)) => {
                let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if value["type"] == "next" && !value["payload"]["data"].is_null() {
                    delivered.push(value);
                }
            }
            Ok(Message::Close(frame)) => return (delivered, frame.map(|f| u16::from(f.code))),
            Ok(_) => {}
            Err(_) => return (delivered, None),
        }
    }
}

/// Creates and removes responsibilities on `plan` as `token` until `stop` is dropped: a
/// steady flow of county-plan events.
fn keep_events_flowing(
    app: &TestApp,
    token: String,
    plan: String,
) -> tokio::sync::oneshot::Sender<()> {
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let client = app.client.clone();
    let url = app.url("/graphql");
    tokio::spawn(async move {
        let add = "mutation($p: ID!) { addResponsibility(planId: $p, input: { task: \"巡查\", unit: \"自然资源局\", dueBy: \"2026-12-31\" }) { id } }";
        while stopped.try_recv().is_err() {
            let body = json!({ "query": add, "variables": { "p": plan } });
            let _ = client
                .post(&url)
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    });
    stop
}

#[tokio::test]
async fn a_subscription_ends_with_4403_when_its_token_is_revoked_and_hears_nothing_after() {
    let app = TestApp::spawn().await;
    let listener = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let writer = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&writer, ZEZHOU).await;
    let mut socket = subscribed(
        &app,
        Some(&listener),
        "subscription { countyPlanEvents { id type } }",
    )
    .await;
    let stop = keep_events_flowing(&app, writer.clone(), plan.clone());
    assert_eq!(
        next_of(&mut socket, "countyPlanEvents").await["type"],
        "ENTRY_ADDED"
    );
    // Quiet the flow and drain what is on its way, so that every event after this point is
    // made after the revocation.
    drop(stop);
    let (_, open) = until_closed(&mut socket, std::time::Duration::from_millis(800)).await;
    assert_eq!(open, None, "still open");
    let me = app.gql(Some(&listener), "{ me { jti } }", json!({})).await;
    let revoke = "mutation($jti: String!) { revokeToken(jti: $jti, reason: \"离职\") }";
    let revoked = app
        .gql(
            Some(&app.admin()),
            revoke,
            json!({ "jti": me["data"]["me"]["jti"] }),
        )
        .await;
    assert_eq!(revoked["data"]["revokeToken"], true, "{revoked}");
    let stop = keep_events_flowing(&app, writer, plan);
    let (after, code) = until_closed(&mut socket, std::time::Duration::from_secs(10)).await;
    drop(stop);
    assert_eq!(code, Some(4403));
    assert!(
        after.is_empty(),
        "events delivered after the revocation: {after:?}"
    );
}

#[tokio::test]
async fn a_subscription_ends_with_4403_when_its_token_expires_while_events_flow() {
    let app = TestApp::spawn().await;
    // Valid for about three more seconds: expired, within the verification's leeway.
    let leeway = i64::try_from(mineright::auth::tokens::LEEWAY_SECONDS).expect("leeway");
    let expiring = crate::tokens::sign(
        &app,
        &crate::tokens::with(|claims| {
            claims.insert("exp".into(), json!(crate::tokens::now() - leeway + 3));
        }),
    );
    let writer = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&writer, ZEZHOU).await;
    let mut socket = subscribed(
        &app,
        Some(&expiring),
        "subscription { countyPlanEvents { id type } }",
    )
    .await;
    let stop = keep_events_flowing(&app, writer, plan);
    let started = std::time::Instant::now();
    let (heard, code) = until_closed(&mut socket, std::time::Duration::from_secs(15)).await;
    drop(stop);
    assert_eq!(code, Some(4403), "heard {} events", heard.len());
    assert!(!heard.is_empty(), "events flowed while the token held");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3 + 2 + 2),
        "{:?}",
        started.elapsed()
    );
}
