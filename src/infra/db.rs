//! Database connections: embedded SQLite by default, PostgreSQL by URL, migrated the same way.
//!
//! SQLite is opened in WAL mode (readers never block the writer) with `synchronous=FULL` by
//! default (a reported commit survives power loss), foreign keys on and a 5 s busy timeout.
//! Transactions that read then write begin IMMEDIATE so the busy handler, not a "database is
//! locked" error, decides who waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::{Config, SqliteSync};

/// File name of the embedded database inside the data dir.
pub const SQLITE_FILE: &str = "mineright.db";
/// How long a writer waits for SQLite's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The URL in use: `MINERIGHT_DATABASE_URL`, else the SQLite file in the data dir.
pub fn database_url(config: &Config) -> String {
    config.database_url.clone().unwrap_or_else(|| {
        let path = std::path::absolute(config.data_dir.join(SQLITE_FILE))
            .unwrap_or_else(|_| config.data_dir.join(SQLITE_FILE));
        format!("sqlite://{}", path.display())
    })
}

/// Opens the pool with the settings above.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    let url = database_url(config);
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|err| DbErr::Custom(format!("cannot create data dir: {err}")))?;
    }
    let synchronous = match config.sqlite_synchronous {
        SqliteSync::Full => SqliteSynchronous::Full,
        SqliteSync::Normal => SqliteSynchronous::Normal,
    };
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(config.db_max_connections)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(3))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(synchronous)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
        });
    Database::connect(options).await
}

/// Applies pending migrations (reference data included).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction for a use case that reads then writes: IMMEDIATE on SQLite, the
/// default READ COMMITTED on PostgreSQL (where row locks and conditional updates serialise).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Whether the database answers now, within `timeout`.
pub async fn is_ready(db: &DatabaseConnection, timeout: Duration) -> bool {
    let probe = db.execute_unprepared("SELECT 1");
    matches!(tokio::time::timeout(timeout, probe).await, Ok(Ok(_)))
}

/// How many SQL statements the pool has run since start: a request's cost in statements is
/// the difference around it (the tests hold pages to a constant number whatever their size).
#[derive(Debug, Default)]
pub struct StatementCounter(AtomicU64);

impl StatementCounter {
    /// Statements run so far.
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Counts every statement `db` (and each transaction begun from it) runs from now on.
pub fn count_statements(db: &mut DatabaseConnection) -> Arc<StatementCounter> {
    let counter = Arc::new(StatementCounter::default());
    let counted = counter.clone();
    let system = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "postgresql",
        _ => "sqlite",
    };
    db.set_metric_callback(move |info| {
        counted.0.fetch_add(1, Ordering::Relaxed);
        crate::telemetry::statement_span(&info.statement.sql, info.elapsed, info.failed, system);
    });
    counter
}

/// The pool's connections at this moment, with the statements counted so far.
pub fn pool_figures(
    db: &DatabaseConnection,
    statements: &StatementCounter,
) -> crate::infra::metrics::PoolFigures {
    let (open, idle, max) = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        sea_orm::DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => (0, 0, 0),
    };
    crate::infra::metrics::PoolFigures {
        open,
        idle,
        max,
        statements: statements.count(),
    }
}
