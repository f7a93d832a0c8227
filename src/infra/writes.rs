//! The two guards every write shares: an optimistic `version` that lets exactly one of two
//! concurrent editors win, and a unique index that turns a concurrent duplicate into the
//! caller's error rather than an internal one.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, SqlErr, Value,
};

use crate::infra::db::begin_write;
use crate::infra::dialect::writer_turn;

use crate::error::{AppError, AppResult, Conflict};

/// Runs one use case's core in a write transaction of its own and commits it when the core
/// succeeds (dropping an uncommitted transaction rolls it back). Cores take the open
/// transaction, so several of them can also run in one caller's transaction (the demo data
/// set, an import, a plan approval that creates duties).
pub async fn in_write<T>(
    db: &DatabaseConnection,
    core: impl AsyncFnOnce(&DatabaseTransaction) -> AppResult<T>,
) -> AppResult<T> {
    let _turn = writer_turn(db).await;
    let tx = begin_write(db).await?;
    let value = core(&tx).await?;
    tx.commit().await?;
    Ok(value)
}

/// `duplicate()` for a unique-index violation (a concurrent insert that passed the check),
/// the database error otherwise.
pub fn on_duplicate(err: DbErr, duplicate: impl FnOnce() -> AppError) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => duplicate(),
        _ => AppError::from(err),
    }
}

/// The `CONFLICT` for an edit made against an old version.
pub fn stale(current: i32) -> AppError {
    AppError::Conflict(Conflict::Stale { current })
}

/// Where a versioned row lives: its entity's id and version columns.
pub struct Versioned<E: EntityTrait> {
    /// The id column.
    pub id: E::Column,
    /// The version column.
    pub version: E::Column,
    /// Reads the version of a stored row.
    pub version_of: fn(&E::Model) -> i32,
    /// What the row is called when it is gone (for `NOT_FOUND`).
    pub what: &'static str,
}

impl<E: EntityTrait> Versioned<E> {
    /// Writes `row` only if the stored version is still `version` (one conditional
    /// statement returning the row, so two concurrent editors of one version end with exactly one winner on
    /// either database), mapping a unique violation through `duplicate`; returns the row
    /// as stored.
    pub async fn save<A>(
        &self,
        db: &impl ConnectionTrait,
        row: A,
        id: impl Into<Value> + Clone,
        version: i32,
        duplicate: impl FnOnce() -> AppError,
    ) -> AppResult<E::Model>
    where
        A: ActiveModelTrait<Entity = E>,
    {
        let written = E::update_many()
            .set(row)
            .filter(self.id.eq(id.clone()))
            .filter(self.version.eq(version))
            .exec_with_returning(db)
            .await
            .map_err(|err| on_duplicate(err, duplicate))?
            .pop();
        if let Some(stored) = written {
            return Ok(stored);
        }
        // Nothing written: the row is gone or at another version; say which.
        match E::find().filter(self.id.eq(id)).one(db).await? {
            Some(stored) => Err(stale((self.version_of)(&stored))),
            None => Err(AppError::NotFound(self.what)),
        }
    }
}
