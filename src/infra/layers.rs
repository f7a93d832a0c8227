//! Reference layer versions already indexed, held for the life of the process.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::domain::spatial::screen::LayerIndex;

/// Indexed layer versions by id, each with its city and kind. A version is never edited
/// (an import makes a new one), so an index built once is good for every request and every
/// instance agrees on it. Keeping a version drops older versions of its city and kind:
/// screenings read the version in force, and a big layer's index is tens of megabytes.
#[derive(Default)]
pub struct LayerCache {
    indexes: RwLock<HashMap<i64, Indexed>>,
    /// One index is built at a time: requests that find a version missing together build
    /// it once (the second finds it kept).
    pub(crate) building: tokio::sync::Mutex<()>,
}

struct Indexed {
    place: (String, String),
    index: Arc<LayerIndex>,
}

impl LayerCache {
    pub(crate) fn get(&self, version: i64) -> Option<Arc<LayerIndex>> {
        let indexes = self.indexes.read().unwrap_or_else(|p| p.into_inner());
        indexes.get(&version).map(|kept| kept.index.clone())
    }

    /// Keeps `index` as version `version` of `kind` in `city`.
    pub(crate) fn keep(&self, version: i64, city: &str, kind: &str, index: Arc<LayerIndex>) {
        let place = (city.to_owned(), kind.to_owned());
        let mut indexes = self.indexes.write().unwrap_or_else(|p| p.into_inner());
        indexes.retain(|&id, kept| kept.place != place || id > version);
        if !indexes
            .keys()
            .any(|&id| id > version && indexes[&id].place == place)
        {
            indexes.insert(version, Indexed { place, index });
        }
    }
}
