//! Startup: connect and migrate the database, load keys, bind the listener, serve until a
//! shutdown signal. Tests call [`App::build`] with port 0 and talk to the real socket.

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::DbErr;
use tokio::net::TcpListener;

use crate::auth::{KeyError, KeyPair, TokenIssuer};
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::domain::access::Role;
use crate::graphql::build_schema;
use crate::infra::capacity::Gate;
use crate::infra::db;
use crate::infra::events::{PlanEvents, TransferEvents};
use crate::infra::persisted_queries::{PersistedQueries, TrustedDocuments};
use crate::infra::places::PlaceRegistry;
use crate::infra::rate_limit::RateLimiter;
use crate::infra::revocations::Revocations;
use crate::infra::webhook::{Outbox, Webhook, sender};
use crate::service::stored_assessments::catch_up;
use crate::state::AppState;
use crate::{demo, http};

/// How long a stopping server waits for its database connections to come back.
const POOL_CLOSE_WAIT: Duration = Duration::from_secs(10);

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("keys: {0}")]
    Keys(#[from] KeyError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
    #[error("demo data: {0}")]
    Demo(String),
    #[error("reference data: {0:?}")]
    Reference(crate::error::AppError),
    #[error("stored assessments: {0:?}")]
    Assessments(crate::error::AppError),
    #[error("configuration: {0}")]
    Config(String),
}

/// A bound, ready-to-run server.
pub struct App {
    listener: TcpListener,
    router: axum::Router,
    state: AppState,
    /// The separate `/metrics` listener, when configured.
    metrics: Option<TcpListener>,
    /// How long in-flight requests and open sockets get once stopping begins.
    grace: Duration,
}

/// Builds the token issuer for `config` (shared with `mineright token`).
pub fn token_issuer(config: &Config) -> Result<TokenIssuer, KeyError> {
    let keys = KeyPair::load(&config.key_source())?;
    Ok(TokenIssuer::new(
        keys,
        &config.jwt_issuer,
        &config.jwt_audience,
        config.token_max_ttl,
    ))
}

/// Everything but the listener: the database connected and migrated, the keys, the
/// reference data and the event buses (followed across instances), events for the
/// webhook queued in its outbox. `export` and `import` use it alone: a short-lived command
/// queues events but never claims deliveries, which the servers send.
pub async fn open_state(config: &Config, clock: SharedClock) -> Result<AppState, StartupError> {
    Ok(open(config, clock).await?.0)
}

/// [`open_state`], with the webhook and the outbox a server's sender works from.
async fn open(
    config: &Config,
    clock: SharedClock,
) -> Result<(AppState, Option<(Webhook, Arc<Outbox>)>), StartupError> {
    let webhook = Webhook::configure(
        config.webhook_url.as_deref(),
        config.webhook_secret.as_ref().map(|s| s.0.as_str()),
    )
    .map_err(StartupError::Config)?;
    let mut db = db::connect(config).await?;
    db::migrate(&db).await?;
    let statements = db::count_statements(&mut db);
    let tokens = Arc::new(token_issuer(config)?);
    let scans = Gate::new(config.scan_concurrency(), config.scan_wait);
    let uploads = Gate::new(config.max_concurrent_uploads, config.upload_wait);
    let places = Arc::new(
        PlaceRegistry::load(&db)
            .await
            .map_err(StartupError::Reference)?,
    );
    places.clone().follow(db.clone());
    let revocations = Arc::new(
        Revocations::load(&db)
            .await
            .map_err(StartupError::Reference)?,
    );
    revocations.clone().follow(db.clone());
    let plan_events = Arc::new(PlanEvents::default());
    plan_events.clone().follow(db.clone());
    let outbox = webhook.as_ref().map(|_| Arc::new(Outbox::default()));
    let transfer_events = Arc::new(TransferEvents::sending_to(outbox.clone()));
    transfer_events.clone().follow(db.clone());
    let sending = webhook.zip(outbox);
    let state = AppState {
        db,
        tokens,
        places,
        clock,
        scans,
        uploads,
        scan_quota: config.scan_quota(),
        revocations,
        versions: Arc::default(),
        layers: Arc::default(),
        plan_events,
        transfer_events,
        catch_up: Arc::default(),
        statements,
        metrics: Arc::default(),
        anonymous_introspection: config.anonymous_introspection,
        rate_limits: Arc::new(RateLimiter::new(config.rate_limits.clone())),
        closing: Arc::new(tokio::sync::watch::Sender::new(false)),
        persisted: Arc::new(PersistedQueries::new(
            trusted_documents(config).map_err(StartupError::Config)?,
        )),
    };
    Ok((state, sending))
}

/// The trusted documents and the roles held to them.
fn trusted_documents(config: &Config) -> Result<TrustedDocuments, String> {
    let roles = config
        .require_trusted_documents
        .iter()
        .map(|code| {
            Role::parse(code.trim()).ok_or_else(|| {
                format!("MINERIGHT_REQUIRE_TRUSTED_DOCUMENTS: {code:?} is not a role")
            })
        })
        .collect::<Result<Vec<Role>, String>>()?;
    match &config.trusted_documents {
        Some(path) => TrustedDocuments::load(path, roles),
        None if roles.is_empty() => Ok(TrustedDocuments::default()),
        None => Err("MINERIGHT_REQUIRE_TRUSTED_DOCUMENTS needs MINERIGHT_TRUSTED_DOCUMENTS".into()),
    }
}

impl App {
    /// Connects, migrates, optionally loads the demo data set, and binds the listener.
    pub async fn build(config: &Config, load_demo: bool) -> Result<Self, StartupError> {
        Self::build_with_clock(config, load_demo, Arc::new(SystemClock)).await
    }

    /// As [`App::build`], with the clock every part of the application reads "now" from
    /// (tests fix it to exercise dates).
    pub async fn build_with_clock(
        config: &Config,
        load_demo: bool,
        clock: SharedClock,
    ) -> Result<Self, StartupError> {
        let (state, sending) = open(config, clock).await?;
        if let Some((webhook, outbox)) = sending {
            tracing::info!(url = %webhook.shown_url(), "sending published transfer events to the webhook");
            sender::spawn(state.db.clone(), webhook, outbox)
                .map_err(|err| StartupError::Config(format!("webhook client: {err:?}")))?;
        }
        if load_demo {
            demo::load_if_empty(&state)
                .await
                .map_err(|err| StartupError::Demo(format!("{err:?}")))?;
        }
        // Mines written while no server ran (a migration, a bulk load) are assessed now;
        // from then on the background catch-up keeps the stored results fresh.
        let assessed = catch_up::catch_up(&state)
            .await
            .map_err(StartupError::Assessments)?;
        state.metrics.caught_up();
        if assessed > 0 {
            tracing::info!(
                mines = assessed,
                "stored the assessments of mines written offline"
            );
        }
        catch_up::spawn(
            state.clone(),
            config.assessment_catch_up_every,
            state.catch_up.clone(),
        );
        let listener =
            TcpListener::bind(&config.listen)
                .await
                .map_err(|source| StartupError::Bind {
                    address: config.listen.clone(),
                    source,
                })?;
        let settings = http::HttpSettings {
            request_timeout: config.request_timeout,
            upload_limit: config.upload_limit,
            cors_origins: http::parse_origins(&config.cors_origins)
                .map_err(StartupError::Config)?,
            metrics_token: config.metrics_token.as_ref().map(|token| token.0.clone()),
            trusted_proxies: config.trusted_proxies.clone(),
        };
        let router = http::router(state.clone(), build_schema(state.clone()), settings);
        let metrics = match &config.metrics_listen {
            Some(address) => {
                Some(
                    TcpListener::bind(address)
                        .await
                        .map_err(|source| StartupError::Bind {
                            address: address.clone(),
                            source,
                        })?,
                )
            }
            None => None,
        };
        Ok(Self {
            listener,
            router,
            state,
            metrics,
            grace: config.shutdown_grace,
        })
    }

    /// The bound address (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The bound address of the separate `/metrics` listener, when there is one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// Shared state, for tests that mint tokens or inspect the database.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and returns.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        if let Ok(address) = self.listener.local_addr() {
            // A wildcard address is not one a browser can open: show the loopback one.
            let mut shown = address;
            if shown.ip().is_unspecified() {
                shown.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            tracing::info!(%address, graphiql = %format!("http://{shown}/"), "mineright listening");
        }
        // The metrics listener lives as long as the main one.
        let metrics = self.metrics.map(|listener| {
            if let Ok(address) = listener.local_addr() {
                tracing::info!(%address, "metrics listening");
            }
            let router = http::metrics_router(self.state.clone());
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        // Callers without a token are held to their budget by address.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let (closing, grace) = (self.state.closing.clone(), self.grace);
        let (stopping, stopped) = tokio::sync::oneshot::channel();
        let serving = axum::serve(self.listener, service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                // New connections stop here; open sockets are told to go away.
                closing.send_replace(true);
                let _ = stopping.send(tokio::time::Instant::now() + grace);
            })
            .into_future();
        tokio::pin!(serving);
        let deadline = tokio::select! {
            served = &mut serving => {
                served?;
                tokio::time::Instant::now() + grace
            }
            Ok(deadline) = stopped => {
                match tokio::time::timeout_at(deadline, &mut serving).await {
                    Ok(served) => served?,
                    Err(_) => tracing::warn!(
                        seconds = grace.as_secs(),
                        "requests still in flight at the end of the shutdown grace; exiting"
                    ),
                }
                deadline
            }
        };
        wait_for_sockets(&self.state, deadline).await;
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        // Closing the pool waits for every connection to come back; one that never does
        // (seen once, after a burst of failing requests on PostgreSQL) must not keep a
        // stopped server alive.
        if tokio::time::timeout(POOL_CLOSE_WAIT, self.state.db.clone().close())
            .await
            .is_err()
        {
            tracing::warn!(
                seconds = POOL_CLOSE_WAIT.as_secs(),
                "database connections still in use after shutdown; exiting without them"
            );
        }
        tracing::info!("mineright stopped");
        Ok(())
    }
}

/// Waits (until `deadline`) for the WebSockets told to go away to finish closing.
async fn wait_for_sockets(state: &AppState, deadline: tokio::time::Instant) {
    while state.closing.receiver_count() > 0 {
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!(
                sockets = state.closing.receiver_count(),
                "WebSockets still open at the end of the shutdown grace; exiting"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Resolves on SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
