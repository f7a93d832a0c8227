//! Every place where SQLite and PostgreSQL are handled differently, in one module, so that
//! a reader sees at once what the embedded default gives up and what production adds:
//!
//! | concern | SQLite | PostgreSQL |
//! |---|---|---|
//! | writers | one at a time: this process queues them per database file | row locks and conditional updates |
//! | a read-only snapshot | a deferred transaction (WAL snapshot at its first read) | REPEATABLE READ, read only |
//! | news for other instances | none (one process) | `pg_notify` on commit, heard by `LISTEN` |
//! | counting one quota at a time | the single writer already serialises | a transaction-scoped advisory lock |
//! | a list of values in one placeholder | `IN (SELECT value FROM json_each(?))` | `= ANY(ARRAY(… jsonb …))` |
//! | statistics after a bulk load | `ANALYZE` | `VACUUM ANALYZE` |

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, Weak};

use sea_orm::sea_query::Expr;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    IsolationLevel, Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::error::AppResult;

/// Whether `db` is PostgreSQL (the only other backend is SQLite).
pub fn is_postgres(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DatabaseBackend::Postgres
}

/// Whether other instances may share the database, so that news must travel through it
/// (`NOTIFY`/`LISTEN`) rather than stay in this process.
pub fn shared_by_instances(db: &impl ConnectionTrait) -> bool {
    is_postgres(db)
}

/// Sends `payload` on `channel` to every listening instance when `tx` commits; nothing on
/// SQLite, where this process is the only one.
pub async fn notify(tx: &impl ConnectionTrait, channel: &str, payload: &str) -> AppResult<()> {
    if is_postgres(tx) {
        tx.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [channel.into(), payload.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Serialises, until `tx` ends, every transaction that takes the lock of `key` (PostgreSQL
/// advisory locks); SQLite's single writer already serialises them.
pub async fn lock_key(tx: &DatabaseTransaction, key: &str) -> AppResult<()> {
    if !is_postgres(tx) {
        return Ok(());
    }
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    tx.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [i64::from_le_bytes(first).into()],
    ))
    .await?;
    Ok(())
}

/// Begins a read-only transaction that sees one snapshot of the database throughout: a
/// deferred transaction on SQLite (WAL gives it the snapshot of its first read),
/// REPEATABLE READ on PostgreSQL (READ COMMITTED would read each statement afresh).
pub async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if is_postgres(db) {
        db.begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await
    } else {
        db.begin().await
    }
}

/// The writer turns of the SQLite files this process has open, by file: every pool on one
/// file shares its turn, pools on different files never wait for each other, and a turn no
/// pool holds any more is dropped.
static SQLITE_WRITERS: LazyLock<Mutex<HashMap<PathBuf, Weak<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Mutex::default);

/// Waits for this process's turn to write to `db`'s SQLite file; `None` on PostgreSQL.
///
/// SQLite takes one writer at a time; writers of this process queue here, in order, rather
/// than in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and so turns
/// a queue of eight writers into second-long tails. Other processes still meet SQLite's lock.
pub async fn writer_turn(db: &DatabaseConnection) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    if is_postgres(db) {
        return None;
    }
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    let turn = {
        let mut writers = match SQLITE_WRITERS.lock() {
            Ok(writers) => writers,
            Err(poisoned) => poisoned.into_inner(),
        };
        writers.retain(|_, turn| turn.strong_count() > 0);
        match writers.get(&file).and_then(Weak::upgrade) {
            Some(turn) => turn,
            None => {
                let turn = Arc::new(tokio::sync::Mutex::new(()));
                writers.insert(file, Arc::downgrade(&turn));
                turn
            }
        }
    };
    Some(turn.lock_owned().await)
}

/// `column IN (values)` with the values bound as one JSON array, so the statement's text is
/// the same whatever the values: the database parses and plans it once per connection.
/// On PostgreSQL the values become an array (`= ANY`), which its indexes serve inside an
/// `OR`; an `IN (SELECT …)` there would scan the table. `bigint` casts the elements of an
/// integer column there.
pub fn in_json_list(
    backend: DatabaseBackend,
    column: &str,
    bigint: bool,
    values: serde_json::Value,
) -> Expr {
    let test = match (backend, bigint) {
        (DatabaseBackend::Postgres, true) => format!(
            "{column} = ANY(ARRAY(SELECT CAST(jsonb_array_elements_text(CAST($1 AS jsonb)) AS bigint)))"
        ),
        (DatabaseBackend::Postgres, false) => {
            format!("{column} = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST($1 AS jsonb))))")
        }
        _ => format!("{column} IN (SELECT value FROM json_each(?))"),
    };
    Expr::cust_with_values(test, [values.to_string()])
}

/// The statement that refreshes the planner's statistics of `table` after a bulk load.
pub fn refresh_statistics(db: &impl ConnectionTrait, table: &str) -> String {
    if is_postgres(db) {
        format!("VACUUM ANALYZE {table}")
    } else {
        format!("ANALYZE {table}")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    async fn open(file: &std::path::Path) -> DatabaseConnection {
        let url = format!("sqlite://{}?mode=rwc", file.display());
        sea_orm::Database::connect(url)
            .await
            .unwrap_or_else(|err| panic!("open {}: {err}", file.display()))
    }

    /// Two pools on one file share the writer turn; a pool on another file never waits.
    #[tokio::test]
    async fn writers_take_turns_per_database_file() {
        let dir = std::env::temp_dir().join(format!("mr-turns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let (first, again, other) = (
            open(&dir.join("a.db")).await,
            open(&dir.join("a.db")).await,
            open(&dir.join("b.db")).await,
        );
        let held = writer_turn(&first).await;
        assert!(held.is_some(), "SQLite writers take turns");
        let wait = Duration::from_millis(200);
        let same_file = tokio::time::timeout(wait, writer_turn(&again)).await;
        assert!(same_file.is_err(), "a second pool on the file waits");
        let other_file = tokio::time::timeout(wait, writer_turn(&other)).await;
        assert!(other_file.is_ok(), "another file's writer does not wait");
        drop(held);
        let after = tokio::time::timeout(wait, writer_turn(&again)).await;
        assert!(after.is_ok(), "the turn passes on once given back");
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
