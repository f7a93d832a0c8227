//! What a browser meets: CORS only for allowed origins, security headers everywhere, a
//! content security policy on GraphiQL, and 415 for a POST that is not JSON.

use axum::http::HeaderValue;
use serde_json::json;

use crate::helpers::{TestApp, error_code, error_field};

const ALLOWED: &str = "https://gis.jincheng.example";

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("preflight")
}

#[tokio::test]
async fn without_allowed_origins_there_is_no_cors() {
    let app = TestApp::spawn().await;
    let response = preflight(&app, ALLOWED).await;
    assert_eq!(response.status(), 405);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn an_allowed_origin_may_call_and_another_may_not() {
    let app = TestApp::spawn_with(|config| config.cors_origins = vec![ALLOWED.into()]).await;
    let allowed = preflight(&app, ALLOWED).await;
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(
        allowed.headers().get("access-control-allow-origin"),
        Some(&HeaderValue::from_static(ALLOWED))
    );
    let other = preflight(&app, "https://evil.example").await;
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn an_origin_that_is_not_one_refuses_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = mineright::config::Config::new(dir.path().to_path_buf());
    config.listen = "127.0.0.1:0".into();
    config.database_url = crate::helpers::fresh_database_url().await;
    config.cors_origins = vec!["*".into()];
    assert!(mineright::app::App::build(&config, false).await.is_err());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in [
        "/healthz",
        "/graphql?query=%7B__typename%7D",
        "/schema.graphql",
    ] {
        let response = app.client.get(app.url(path)).send().await.expect("sent");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert!(
            header("content-security-policy").starts_with("default-src 'none'"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn graphiql_runs_only_its_own_scripts_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let response = app.client.get(app.url("/")).send().await.expect("sent");
    let policy = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let html = response.text().await.expect("html");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page names no external host: {html}"
    );
    let assets: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/assets/"))
        .collect();
    assert_eq!(assets.len(), 4, "{assets:?}");
    for path in assets.into_iter().chain(["/assets/LICENSES.txt"]) {
        let asset = app.client.get(app.url(path)).send().await.expect("asset");
        assert_eq!(asset.status(), 200, "{path}");
        let kind = asset
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let expected = match path.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            _ => "text/plain",
        };
        assert!(kind.starts_with(expected), "{path}: {kind}");
    }
    let missing = app
        .client
        .get(app.url("/assets/nope.js"))
        .send()
        .await
        .expect("sent");
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_post_that_is_not_json_is_415() {
    let app = TestApp::spawn().await;
    let body = json!({ "query": "{ __typename }" }).to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = app.client.post(app.url("/graphql")).body(body.clone());
        if let Some(value) = content_type {
            request = request.header("content-type", value);
        }
        let response = request.send().await.expect("sent");
        assert_eq!(response.status(), 415, "{content_type:?}");
        let answer: serde_json::Value = response.json().await.expect("GraphQL-shaped");
        assert_eq!(error_code(&answer), Some("BAD_USER_INPUT"));
        assert_eq!(error_field(&answer), Some("content-type"), "{answer}");
    }
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
}
