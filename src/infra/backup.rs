//! Backups of the embedded SQLite database (docs/operations.md, "Backups"): a consistent
//! copy taken while the server serves, and a restore that never overwrites a database.
//!
//! `VACUUM INTO` reads one snapshot inside a read transaction (the database runs in WAL
//! mode, so writers go on) and writes a compact, self-contained file: every write committed
//! before the snapshot is in it, none after. PostgreSQL is backed up with its own tools
//! (`pg_dump`), which the operations guide gives step by step.

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement};

use crate::infra::db::SQLITE_FILE;

/// What went wrong, in words an operator acts on.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("file: {0}")]
    File(#[from] std::io::Error),
}

/// What a backup or a restore holds: its mines and audit entries, as counted in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub mines: i64,
    pub audit_entries: i64,
}

/// Writes a consistent copy of `db` (SQLite) to `to`, which must not exist, and checks it.
pub async fn backup(db: &DatabaseConnection, to: &Path) -> Result<Contents, BackupError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(BackupError::Refused(
            "this database is PostgreSQL: back it up with pg_dump (docs/operations.md, Backups)"
                .into(),
        ));
    }
    if to.exists() {
        return Err(BackupError::Refused(format!(
            "{} exists: a backup never overwrites a file",
            to.display()
        )));
    }
    let path = to
        .to_str()
        .ok_or_else(|| BackupError::Refused(format!("{} is not a UTF-8 path", to.display())))?;
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await?;
    checked(to).await
}

/// Copies the backup `from` into `data_dir` as its database, refusing when the data dir
/// already holds one (a live server's, or one an operator meant to keep): restoring is for
/// an empty place. The copy is checked before it takes the database's name.
pub async fn restore(from: &Path, data_dir: &Path) -> Result<Contents, BackupError> {
    let target = data_dir.join(SQLITE_FILE);
    for existing in [target.clone(), wal_of(&target)] {
        if existing.exists() {
            return Err(BackupError::Refused(format!(
                "{} exists: restore refuses to overwrite a database; stop the server and move it away first",
                existing.display()
            )));
        }
    }
    let contents = checked(from).await?;
    std::fs::create_dir_all(data_dir)?;
    let partial = data_dir.join(format!("{SQLITE_FILE}.restoring"));
    std::fs::copy(from, &partial)?;
    std::fs::rename(&partial, &target)?;
    Ok(contents)
}

fn wal_of(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Opens `file` read-only, checks its integrity and counts what it holds.
async fn checked(file: &Path) -> Result<Contents, BackupError> {
    let url = format!("sqlite://{}?mode=ro", file.display());
    let copy = Database::connect(url).await?;
    let scalar = async |sql: &str| -> Result<Option<sea_orm::QueryResult>, BackupError> {
        Ok(copy
            .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql))
            .await?)
    };
    let integrity: String = match scalar("PRAGMA integrity_check").await? {
        Some(row) => row.try_get_by_index(0)?,
        None => String::new(),
    };
    if integrity != "ok" {
        return Err(BackupError::Refused(format!(
            "{} fails its integrity check: {integrity}",
            file.display()
        )));
    }
    let count = async |table: &str| -> Result<i64, BackupError> {
        match scalar(&format!("SELECT COUNT(*) FROM {table}")).await? {
            Some(row) => Ok(row.try_get_by_index(0)?),
            None => Ok(0),
        }
    };
    let contents = Contents {
        mines: count("mines").await?,
        audit_entries: count("audit_log").await?,
    };
    copy.close().await?;
    Ok(contents)
}
