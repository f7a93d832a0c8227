//! `/metrics` (docs/operations.md, "Metrics"): Prometheus's text format, on the main
//! listener for a scraper presenting the metrics token, or on a separate listener that only
//! the monitoring network reaches. Neither set, it is not served.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use super::HttpState;
use crate::infra::db::pool_figures;
use crate::infra::metrics::render_work;
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
    scrape(&state.app).await
}

/// The router of the separate metrics listener: `/metrics` and nothing else.
pub fn separate(app: AppState) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let app = app.clone();
            async move { scrape(&app).await }
        }),
    )
}

/// The figures, with the database's backlogs read now (one statement); a database that
/// does not answer leaves them out and says so.
async fn scrape(app: &AppState) -> Response {
    let mut text = app.metrics.render(pool_figures(&app.db, &app.statements));
    text.push_str(&render_work(
        &[
            ("scans", app.scans.figures()),
            ("uploads", app.uploads.figures()),
        ],
        &[
            ("standards_versions", &app.versions.lookups),
            ("persisted_queries", &app.persisted.lookups),
        ],
    ));
    match backlogs(&app.db).await {
        Ok(figures) => text.push_str(&figures),
        Err(err) => {
            tracing::warn!(error = %err, "metrics: the backlogs could not be read");
            text.push_str("# the database did not answer: backlogs left out\n");
        }
    }
    ([(header::CONTENT_TYPE, TEXT_FORMAT)], text).into_response()
}

/// Work waiting in the database: webhook deliveries not yet acknowledged (and of those,
/// the ones whose last attempt failed), and mines written but not yet stored assessed.
async fn backlogs(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT \
             (SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL) AS backlog, \
             (SELECT COUNT(*) FROM webhook_deliveries \
              WHERE delivered_at IS NULL AND last_error IS NOT NULL) AS failing, \
             (SELECT COUNT(*) FROM assessment_dirty) AS dirty",
        ))
        .await?;
    let value = |column: &str| -> i64 {
        row.as_ref()
            .and_then(|row| row.try_get::<i64>("", column).ok())
            .unwrap_or_default()
    };
    let mut out = String::new();
    for (name, help, column) in [
        (
            "mineright_webhook_backlog",
            "Webhook deliveries not yet acknowledged by the receiver.",
            "backlog",
        ),
        (
            "mineright_webhook_failing",
            "Of those, deliveries whose last attempt failed.",
            "failing",
        ),
        (
            "mineright_assessments_pending",
            "Mine writes whose stored assessments are not yet refreshed.",
            "dirty",
        ),
    ] {
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {}\n",
            value(column)
        ));
    }
    Ok(out)
}
