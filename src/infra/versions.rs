//! Standards versions already read, held for the life of the process.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::domain::standards::Standards;
use crate::infra::metrics::CacheCounts;

/// Standards versions already read, by id. A version is never edited once created (a change
/// makes a new version), so a version read once is good for the life of the process and
/// every instance agrees on it; the cache is bounded by the number of versions.
#[derive(Debug, Default)]
pub struct VersionCache {
    versions: RwLock<HashMap<i32, Arc<Standards>>>,
    /// Lookups answered here or left to the database, for `/metrics`.
    pub lookups: CacheCounts,
}

impl VersionCache {
    pub(crate) fn get(&self, id: i32) -> Option<Arc<Standards>> {
        let found = match self.versions.read() {
            Ok(versions) => versions.get(&id).cloned(),
            Err(poisoned) => poisoned.into_inner().get(&id).cloned(),
        };
        match found {
            Some(_) => self.lookups.hit(),
            None => self.lookups.miss(),
        }
        found
    }

    pub(crate) fn keep(&self, id: i32, standards: Arc<Standards>) {
        match self.versions.write() {
            Ok(mut versions) => versions.insert(id, standards),
            Err(poisoned) => poisoned.into_inner().insert(id, standards),
        };
    }
}
