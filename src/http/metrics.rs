//! `/metrics` (docs/operations.md, "Metrics"): Prometheus's text format, on the main
//! listener for a scraper presenting the metrics token, or on a separate listener that only
//! the monitoring network reaches. Neither set, it is not served.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::HttpState;
use crate::infra::db::pool_figures;
use crate::state::AppState;

/// The content type of the text exposition format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The token's digest: presented tokens are compared digest to digest, so the comparison's
/// time says nothing about the token.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// `/metrics` on the main listener, answering only the token whose digest is `state`'s.
pub fn routes() -> Router<HttpState> {
    Router::new().route("/metrics", get(with_token))
}

async fn with_token(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let Some(wanted) = state.metrics_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(token_digest);
    if presented != Some(wanted) {
        let mut refused = StatusCode::UNAUTHORIZED.into_response();
        refused
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return refused;
    }
    scrape(&state.app)
}

/// The router of the separate metrics listener: `/metrics` and nothing else.
pub fn separate(app: AppState) -> Router {
    Router::new().route("/metrics", get(move || async move { scrape(&app) }))
}

fn scrape(app: &AppState) -> Response {
    let text = app.metrics.render(pool_figures(&app.db, &app.statements));
    ([(header::CONTENT_TYPE, TEXT_FORMAT)], text).into_response()
}
