//! Shared application state, passed as schema data and axum state.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::TokenIssuer;
use crate::clock::SharedClock;
use crate::infra::capacity::Gate;
use crate::infra::db::StatementCounter;
use crate::infra::events::{PlanEvents, TransferEvents};
use crate::infra::places::PlaceRegistry;
use crate::infra::revocations::Revocations;
use crate::infra::versions::VersionCache;

/// What every request needs: the pool and the token verifier. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool (SQLite or PostgreSQL).
    pub db: DatabaseConnection,
    /// Mints and verifies the bearer tokens (EdDSA JWTs) of this deployment.
    pub tokens: Arc<TokenIssuer>,
    /// The deployment's cities, counties and departments, against which every token's
    /// claims are checked (loaded at startup: they change only with a migration).
    pub places: Arc<PlaceRegistry>,
    /// The one source of "now" (the system's clock, a fixed one in tests).
    pub clock: SharedClock,
    /// Bounds the whole-county and whole-city assessments running at once.
    pub scans: Gate,
    /// Bounds the uploads (imports and stamped scans) read at once.
    pub uploads: Gate,
    /// How much of the scan store each record and each official may fill.
    pub scan_quota: crate::domain::scan::ScanQuota,
    /// Revoked token ids, kept current with the other instances.
    pub revocations: Arc<Revocations>,
    /// Standards versions already read (immutable, so shared by every request).
    pub versions: Arc<VersionCache>,
    /// Reference layer versions already indexed for screening (immutable, so shared).
    pub layers: Arc<crate::infra::layers::LayerCache>,
    /// County plan events for this instance's subscribers.
    pub plan_events: Arc<PlanEvents>,
    /// City transfer plan events for this instance's subscribers.
    pub transfer_events: Arc<TransferEvents>,
    /// Wakes this instance's catch-up of the stored assessments (a standards version was
    /// created) before its next timed look.
    pub catch_up: Arc<tokio::sync::Notify>,
    /// SQL statements run since start (a request's cost, measured).
    pub statements: Arc<StatementCounter>,
    /// Whether a caller without a token may introspect the schema.
    pub anonymous_introspection: bool,
    /// Turns true when the server begins to stop: open WebSockets close with 1001. Its
    /// receivers are the open sockets, which the server waits for within its grace.
    pub closing: Arc<tokio::sync::watch::Sender<bool>>,
    /// Documents known by their hash: trusted ones and those clients registered.
    pub persisted: Arc<crate::infra::persisted_queries::PersistedQueries>,
    /// Every caller's budget of operations in this instance.
    pub rate_limits: Arc<crate::infra::rate_limit::RateLimiter>,
    /// Operations, latencies and errors for `/metrics`.
    pub metrics: Arc<crate::infra::metrics::Metrics>,
}
