//! Revoked token ids, held in memory so that authenticating a request costs no query.
//!
//! The set is loaded at startup. A revocation adds its id here when it commits; other
//! instances on the same PostgreSQL database hear of it at once through `NOTIFY` (sent in
//! the revoking transaction, so only on commit), and reload the whole set whenever their
//! listener reconnects, since notifications sent meanwhile are lost. On SQLite, whose
//! other processes cannot be notified, the set is reloaded every second.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use entity::revoked_token;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QuerySelect};

use crate::error::AppResult;
use crate::infra::dialect;
use crate::infra::listen::keep_listening;

/// The PostgreSQL channel revocations are announced on (the payload is the token id).
const CHANNEL: &str = "mineright_revocations";
/// How often a SQLite deployment rereads the revocations of other processes.
const POLL: Duration = Duration::from_secs(1);

/// The ids of every revoked token.
#[derive(Debug, Default)]
pub struct Revocations {
    revoked: RwLock<HashSet<String>>,
}

impl Revocations {
    /// Reads every revoked id.
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        let revocations = Self::default();
        revocations.reload(db).await?;
        Ok(revocations)
    }

    /// Whether `jti` has been revoked (here or, once heard of, by another instance).
    pub fn is_revoked(&self, jti: &str) -> bool {
        match self.revoked.read() {
            Ok(revoked) => revoked.contains(jti),
            Err(poisoned) => poisoned.into_inner().contains(jti),
        }
    }

    /// Records a revocation that has committed.
    pub fn add(&self, jti: &str) {
        match self.revoked.write() {
            Ok(mut revoked) => revoked.insert(jti.to_owned()),
            Err(poisoned) => poisoned.into_inner().insert(jti.to_owned()),
        };
    }

    /// Adds every revoked id the database holds. It adds and never replaces: a reread
    /// that began before a local revocation committed would otherwise drop that id until
    /// the next reread (a revocation is never undone, so the union is the truth).
    async fn reload(&self, db: &impl ConnectionTrait) -> AppResult<()> {
        let ids: HashSet<String> = revoked_token::Entity::find()
            .select_only()
            .column(revoked_token::Column::Jti)
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        match self.revoked.write() {
            Ok(mut revoked) => revoked.extend(ids),
            Err(poisoned) => poisoned.into_inner().extend(ids),
        }
        Ok(())
    }

    /// Keeps the set current with other instances' revocations, for as long as the
    /// returned task runs.
    pub fn follow(self: Arc<Self>, db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            if dialect::shared_by_instances(&db) {
                self.listen(&db).await
            } else {
                self.poll(&db).await
            }
        })
    }

    async fn poll(&self, db: &DatabaseConnection) {
        let mut ticks = tokio::time::interval(POLL);
        loop {
            ticks.tick().await;
            if let Err(err) = self.reload(db).await {
                tracing::warn!(error = ?err, "cannot reread revoked tokens");
            }
        }
    }

    /// Listens for other instances' revocations, reloading the whole set whenever the
    /// listener (re)connects.
    async fn listen(&self, db: &DatabaseConnection) {
        keep_listening(
            db,
            CHANNEL,
            "revocations",
            || async { self.reload(db).await.map_err(|err| format!("{err:?}")) },
            |jti| self.add(jti),
        )
        .await;
    }
}

/// Announces a revocation to the other instances when `tx` commits (PostgreSQL only).
pub async fn announce(tx: &impl ConnectionTrait, jti: &str) -> AppResult<()> {
    dialect::notify(tx, CHANNEL, jti).await
}
