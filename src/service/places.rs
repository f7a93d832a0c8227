//! The deployment's places, held in memory: every request checks its token's claims against
//! them, and they change only when divisions or departments are added (a migration, or a
//! future reference-data edit, which then calls [`PlaceRegistry::reload`]).

use std::sync::{Arc, RwLock};

use sea_orm::ConnectionTrait;

use crate::domain::places::Places;
use crate::error::AppResult;
use crate::service::reference;

/// The current [`Places`], swapped whole on reload.
#[derive(Debug)]
pub struct PlaceRegistry {
    current: RwLock<Arc<Places>>,
}

impl PlaceRegistry {
    /// Loads the places from the database.
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        Ok(Self {
            current: RwLock::new(Arc::new(reference::places(db).await?)),
        })
    }

    /// The places as last loaded.
    pub fn current(&self) -> Arc<Places> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            // A writer cannot panic while holding the lock (it only swaps an Arc), but
            // a poisoned lock still holds a complete value.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads the places again, after divisions or departments changed.
    pub async fn reload(&self, db: &impl ConnectionTrait) -> AppResult<()> {
        let fresh = Arc::new(reference::places(db).await?);
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}
