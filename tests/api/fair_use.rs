//! Budgets of operations through the real server (docs/operations.md, "Fair use"): per
//! token, per address for callers without one (behind trusted proxies, the address they
//! saw), over HTTP and over a WebSocket; a spent budget is `RATE_LIMITED` with 429 and
//! `Retry-After`.

use mineright::config::Budgets;
use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};
use crate::websocket::{connect, next_json, send};

const QUERY: &str = "{ __typename }";

/// A POST of [`QUERY`] with `token` and, when given, `X-Forwarded-For`: the status, the
/// `Retry-After` header and the body.
async fn call(
    app: &TestApp,
    token: Option<&str>,
    forwarded: Option<&str>,
) -> (u16, Option<String>, Value) {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": QUERY }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    (
        status,
        retry_after,
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn budgets(app_budgets: &str, trusted: &[&str]) -> TestApp {
    let budgets = Budgets::parse(app_budgets).expect("budgets");
    let trusted: Vec<std::net::IpAddr> = trusted.iter().map(|a| a.parse().unwrap()).collect();
    TestApp::spawn_with(move |config| {
        config.rate_limits = budgets;
        config.trusted_proxies = trusted;
    })
    .await
}

#[tokio::test]
async fn a_token_over_its_budget_is_told_when_to_come_back_and_others_are_not() {
    let app = budgets("INTEGRATOR=3/m", &[]).await;
    let greedy = app.token(Role::Integrator, None);
    for _ in 0..2 {
        assert_eq!(call(&app, Some(&greedy), None).await.0, 200);
    }
    // A GET draws on the same budget.
    let get = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", QUERY)])
        .bearer_auth(&greedy)
        .send()
        .await
        .expect("get");
    assert_eq!(get.status().as_u16(), 200);

    let (status, retry_after, body) = call(&app, Some(&greedy), None).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(error_code(&body), Some("RATE_LIMITED"), "{body}");
    // Three a minute: the next one is twenty seconds away, said in both places.
    assert_eq!(retry_after.as_deref(), Some("20"));
    assert_eq!(body["errors"][0]["extensions"]["retryAfterSeconds"], 20);
    assert!(body["data"].is_null(), "{body}");

    // Another integrator's token and another role's are not held by it.
    let other = app.token_for(mineright::auth::TokenRequest {
        sub: "another-platform".into(),
        ..app.request(Role::Integrator, None)
    });
    assert_eq!(call(&app, Some(&other), None).await.0, 200);
    assert_eq!(call(&app, Some(&app.admin()), None).await.0, 200);
}

#[tokio::test]
async fn callers_without_a_token_are_held_by_the_address_a_trusted_proxy_saw() {
    let app = budgets("ANONYMOUS=2/h", &["127.0.0.1"]).await;
    let first = Some("203.0.113.1");
    assert_eq!(call(&app, None, first).await.0, 200);
    assert_eq!(call(&app, None, first).await.0, 200);
    let (status, retry_after, body) = call(&app, None, first).await;
    assert_eq!((status, error_code(&body)), (429, Some("RATE_LIMITED")));
    assert_eq!(retry_after.as_deref(), Some("1800"));
    // Another address behind the same proxy has its own budget; a token is not held by
    // the address it comes from.
    assert_eq!(call(&app, None, Some("203.0.113.2")).await.0, 200);
    assert_eq!(call(&app, Some(&app.admin()), first).await.0, 200);

    // Without trusted proxies, X-Forwarded-For is the caller's own say and changes nothing.
    let direct = budgets("ANONYMOUS=2/h", &[]).await;
    assert_eq!(call(&direct, None, Some("203.0.113.1")).await.0, 200);
    assert_eq!(call(&direct, None, Some("203.0.113.2")).await.0, 200);
    assert_eq!(call(&direct, None, Some("203.0.113.3")).await.0, 429);
}

#[tokio::test]
async fn operations_over_a_websocket_draw_on_the_same_budget() {
    let app = budgets("ANONYMOUS=2/h", &[]).await;
    // One HTTP operation from this address first: the socket shares what is left.
    assert_eq!(call(&app, None, None).await.0, 200);
    let mut socket = connect(&app).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": {} }),
    )
    .await;
    assert_eq!(
        next_json(&mut socket).await.expect("ack")["type"],
        "connection_ack"
    );
    let mut answers = Vec::new();
    for id in ["1", "2"] {
        send(
            &mut socket,
            json!({ "id": id, "type": "subscribe", "payload": { "query": QUERY } }),
        )
        .await;
        loop {
            let message = next_json(&mut socket).await.expect("answer");
            if message["type"] == "next" {
                answers.push(message["payload"].clone());
            }
            if message["type"] == "complete" {
                break;
            }
        }
    }
    assert_eq!(answers[0]["data"]["__typename"], "Query", "{}", answers[0]);
    assert_eq!(
        answers[1]["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{}",
        answers[1]
    );
    assert_eq!(
        answers[1]["errors"][0]["extensions"]["retryAfterSeconds"],
        1800
    );
}

#[tokio::test]
async fn downloads_draw_on_the_same_budget_as_operations() {
    let app = budgets("ANONYMOUS=2/h", &[]).await;
    assert_eq!(call(&app, None, None).await.0, 200);
    // Nothing is approved: the first download is 404, the second has no budget left.
    let path = "/exports/transfer-plans/2027.geojson";
    assert_eq!(app.download(None, path).await.0, 404);
    let (status, body) = app.download(None, path).await;
    assert_eq!(status, 429);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(error_code(&body), Some("RATE_LIMITED"), "{body}");
}
