//! Documents known by their SHA-256 (docs/operations.md, "Persisted queries"): the trusted
//! documents a deployment lists (an Apollo persisted-query manifest, read at start), and
//! the documents clients register through automatic persisted queries, kept in the
//! database so that every instance knows what any instance was sent. A document never
//! changes under its hash, so each instance keeps those it has seen in memory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use entity::persisted_query;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::domain::access::Role;
use crate::infra::metrics::CacheCounts;

/// Registered documents the database keeps; past it, the oldest are forgotten (a client
/// sends a forgotten one again in full).
pub const MAX_STORED: u64 = 10_000;
/// Documents an instance keeps in memory; past it, the memory is emptied and refilled.
const MAX_CACHED: usize = 2_048;

/// Lower-case hex SHA-256 of `text`: the hash automatic persisted queries name a document by.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The trusted documents and who must keep to them.
#[derive(Debug, Clone, Default)]
pub struct TrustedDocuments {
    /// Each listed document by its hash.
    documents: HashMap<String, String>,
    /// Roles whose tokens may run listed documents only.
    required_for: Vec<Role>,
}

#[derive(Deserialize)]
struct Manifest {
    format: String,
    operations: Vec<ManifestOperation>,
}

#[derive(Deserialize)]
struct ManifestOperation {
    id: String,
    body: String,
}

impl TrustedDocuments {
    /// Reads an Apollo persisted-query manifest (`format:
    /// "apollo-persisted-query-manifest"`); every id must be its body's SHA-256.
    pub fn load(path: &Path, required_for: Vec<Role>) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|err| format!("{} is not a manifest: {err}", path.display()))?;
        if manifest.format != "apollo-persisted-query-manifest" {
            return Err(format!(
                "{}: unknown format {:?}",
                path.display(),
                manifest.format
            ));
        }
        let mut documents = HashMap::new();
        for operation in manifest.operations {
            if sha256_hex(&operation.body) != operation.id.to_ascii_lowercase() {
                return Err(format!(
                    "{}: the id {} is not its body's SHA-256",
                    path.display(),
                    operation.id
                ));
            }
            documents.insert(operation.id.to_ascii_lowercase(), operation.body);
        }
        Ok(Self {
            documents,
            required_for,
        })
    }

    /// Whether `role` (a token's) may run only listed documents.
    pub fn required(&self, role: Option<Role>) -> bool {
        role.is_some_and(|role| self.required_for.contains(&role))
    }

    /// Whether `hash` names a listed document.
    pub fn lists(&self, hash: &str) -> bool {
        self.documents.contains_key(hash)
    }
}

/// The documents this instance can run by hash.
#[derive(Debug, Default)]
pub struct PersistedQueries {
    trusted: TrustedDocuments,
    seen: Mutex<HashMap<String, String>>,
    /// Lookups answered from memory (trusted or seen) or left to the database.
    pub lookups: CacheCounts,
}

impl PersistedQueries {
    /// A store over `trusted` documents.
    pub fn new(trusted: TrustedDocuments) -> Self {
        Self {
            trusted,
            seen: Mutex::default(),
            lookups: CacheCounts::default(),
        }
    }

    /// The trusted documents.
    pub fn trusted(&self) -> &TrustedDocuments {
        &self.trusted
    }

    /// The document named `hash`: listed, seen here, or registered by any instance.
    pub async fn find(&self, db: &DatabaseConnection, hash: &str) -> Result<Option<String>, DbErr> {
        if let Some(listed) = self.trusted.documents.get(hash) {
            self.lookups.hit();
            return Ok(Some(listed.clone()));
        }
        if let Some(seen) = self
            .seen
            .lock()
            .ok()
            .and_then(|seen| seen.get(hash).cloned())
        {
            self.lookups.hit();
            return Ok(Some(seen));
        }
        self.lookups.miss();
        let stored = persisted_query::Entity::find_by_id(hash.to_owned())
            .one(db)
            .await?
            .map(|row| row.query);
        if let Some(query) = &stored {
            self.remember(hash, query);
        }
        Ok(stored)
    }

    /// Registers `query` under its `hash` (already checked to be its SHA-256) for every
    /// instance, forgetting the oldest past [`MAX_STORED`].
    pub async fn register(
        &self,
        db: &DatabaseConnection,
        hash: &str,
        query: &str,
        now: i64,
    ) -> Result<(), DbErr> {
        if self.trusted.lists(hash) {
            return Ok(());
        }
        self.remember(hash, query);
        let row = persisted_query::ActiveModel {
            hash: Set(hash.to_owned()),
            query: Set(query.to_owned()),
            stored_at: Set(now),
        };
        persisted_query::Entity::insert(row)
            .on_conflict(
                OnConflict::column(persisted_query::Column::Hash)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        // The newest MAX_STORED stay: everything older than the oldest of them goes.
        let oldest_kept: Option<i64> = persisted_query::Entity::find()
            .select_only()
            .column(persisted_query::Column::StoredAt)
            .order_by_desc(persisted_query::Column::StoredAt)
            .offset(MAX_STORED - 1)
            .limit(1)
            .into_tuple()
            .one(db)
            .await?;
        if let Some(oldest_kept) = oldest_kept {
            persisted_query::Entity::delete_many()
                .filter(persisted_query::Column::StoredAt.lt(oldest_kept))
                .exec(db)
                .await?;
        }
        Ok(())
    }

    fn remember(&self, hash: &str, query: &str) {
        if let Ok(mut seen) = self.seen.lock() {
            if seen.len() >= MAX_CACHED {
                seen.clear();
            }
            seen.insert(hash.to_owned(), query.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, id: &str, body: &str) -> std::path::PathBuf {
        let path = dir.join("manifest.json");
        let text = serde_json::json!({
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [{ "id": id, "name": "Q", "type": "query", "body": body }]
        });
        std::fs::write(&path, text.to_string()).unwrap();
        path
    }

    #[test]
    fn a_manifest_lists_documents_by_their_hash_and_refuses_a_wrong_id() {
        let dir = tempfile::tempdir().unwrap();
        let body = "query Q { me { role } }";
        let good = manifest(dir.path(), &sha256_hex(body).to_uppercase(), body);
        let trusted = TrustedDocuments::load(&good, vec![Role::Integrator]).unwrap();
        assert!(trusted.lists(&sha256_hex(body)));
        assert!(trusted.required(Some(Role::Integrator)));
        assert!(!trusted.required(Some(Role::CityAdmin)));
        assert!(!trusted.required(None));
        let wrong = manifest(dir.path(), &sha256_hex("another"), body);
        let refused = TrustedDocuments::load(&wrong, vec![]).unwrap_err();
        assert!(refused.contains("SHA-256"), "{refused}");
    }

    #[test]
    fn the_hash_is_apollos_lower_case_hex_sha256() {
        assert_eq!(
            sha256_hex("{ __typename }"),
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
    }
}
