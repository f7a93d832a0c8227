//! The deployment's reference data, held in memory: divisions, minerals and departments
//! change only with a migration or a correction of the minerals' authority table (which
//! then calls [`PlaceRegistry::reload`] and tells the other instances), yet every request
//! checks its token's claims against them and most pages name a county and a mineral per
//! row. Reading them once keeps those requests free of reference queries.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use entity::{city, county, department, duty_kind, mineral};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder};

use crate::domain::places::Places;
use crate::error::AppResult;
use crate::infra::dialect;
use crate::infra::listen::keep_listening;

/// The PostgreSQL channel a reference-data change is announced on (no payload: the
/// catalogue is reloaded whole).
const CHANNEL: &str = "mineright_reference";
/// How often a SQLite deployment rereads the reference data other processes may correct.
const POLL: Duration = Duration::from_secs(2);

/// Reference rows as last loaded, with the places derived from them.
#[derive(Debug)]
pub struct Catalogue {
    places: Arc<Places>,
    cities: HashMap<String, city::Model>,
    counties: HashMap<String, county::Model>,
    minerals: HashMap<String, mineral::Model>,
    /// Duty kind names by code (关闭到位, …), shown beside the codes.
    duty_kinds: HashMap<String, String>,
}

impl Catalogue {
    async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        let cities = city::Entity::find().all(db).await?;
        let counties = county::Entity::find().all(db).await?;
        let departments = department::Entity::find()
            .order_by_asc(department::Column::SortOrder)
            .all(db)
            .await?;
        let minerals = mineral::Entity::find().all(db).await?;
        let duty_kinds = duty_kind::Entity::find().all(db).await?;
        let places = Places::new(
            cities
                .iter()
                .map(|c| (c.code.clone(), c.province_code.clone())),
            counties
                .iter()
                .map(|c| (c.code.clone(), c.city_code.clone(), c.name.clone())),
            departments.into_iter().map(|d| d.code),
        );
        Ok(Self {
            places: Arc::new(places),
            cities: cities.into_iter().map(|c| (c.code.clone(), c)).collect(),
            counties: counties.into_iter().map(|c| (c.code.clone(), c)).collect(),
            minerals: minerals.into_iter().map(|m| (m.code.clone(), m)).collect(),
            duty_kinds: duty_kinds.into_iter().map(|k| (k.code, k.name)).collect(),
        })
    }

    /// The places tokens and scopes are checked against.
    pub fn places(&self) -> &Arc<Places> {
        &self.places
    }

    /// A city by code.
    pub fn city(&self, code: &str) -> Option<&city::Model> {
        self.cities.get(code)
    }

    /// A county by code.
    pub fn county(&self, code: &str) -> Option<&county::Model> {
        self.counties.get(code)
    }

    /// A mineral by code.
    pub fn mineral(&self, code: &str) -> Option<&mineral::Model> {
        self.minerals.get(code)
    }

    /// The name of a duty kind, by its code.
    pub fn duty_kind_name(&self, code: &str) -> Option<&str> {
        self.duty_kinds.get(code).map(String::as_str)
    }

    /// Every mineral.
    pub fn minerals(&self) -> impl Iterator<Item = &mineral::Model> {
        self.minerals.values()
    }

    /// Every county.
    pub fn counties(&self) -> impl Iterator<Item = &county::Model> {
        self.counties.values()
    }
}

/// The current [`Catalogue`], swapped whole on reload.
#[derive(Debug)]
pub struct PlaceRegistry {
    current: RwLock<Arc<Catalogue>>,
    /// Held across a reload's read and swap, so reloads run one at a time: without it a
    /// reload that read before a change could swap in after one that read it, and the
    /// older data would stay until the next reload.
    reloading: tokio::sync::Mutex<()>,
}

impl PlaceRegistry {
    /// Loads the reference data from the database.
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        Ok(Self {
            current: RwLock::new(Arc::new(Catalogue::load(db).await?)),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    /// The reference data as last loaded.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            // A writer cannot panic while holding the lock (it only swaps an Arc), but
            // a poisoned lock still holds a complete value.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The places as last loaded.
    pub fn current(&self) -> Arc<Places> {
        self.catalogue().places.clone()
    }

    /// Reads the reference data again, after divisions, minerals or departments changed.
    pub async fn reload(&self, db: &impl ConnectionTrait) -> AppResult<()> {
        let _one_at_a_time = self.reloading.lock().await;
        let fresh = Arc::new(Catalogue::load(db).await?);
        match self.current.write() {
            Ok(mut guard) => *guard = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }

    /// Keeps the catalogue current with other instances' corrections, for as long as the
    /// returned task runs: on PostgreSQL it reloads on each announcement and whenever its
    /// listener reconnects (announcements sent meanwhile are lost); on SQLite, which cannot
    /// announce, it rereads the few reference rows every [`POLL`].
    pub fn follow(self: Arc<Self>, db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            if dialect::shared_by_instances(&db) {
                let reload = || async { self.reload(&db).await.map_err(|err| format!("{err:?}")) };
                keep_listening(&db, CHANNEL, "reference data", reload, |_| {
                    tokio::spawn(self.clone().reload_logged(db.clone()));
                })
                .await
            } else {
                let mut ticks = tokio::time::interval(POLL);
                loop {
                    ticks.tick().await;
                    self.clone().reload_logged(db.clone()).await;
                }
            }
        })
    }

    /// [`PlaceRegistry::reload`] where a failure must not fail the caller (a change that
    /// has committed): it is logged, and the next reload catches up.
    pub async fn reload_logged(self: Arc<Self>, db: DatabaseConnection) {
        if let Err(err) = self.reload(&db).await {
            tracing::warn!(error = ?err, "cannot reload the reference data");
        }
    }
}

/// Tells the other instances, when `tx` commits, that the reference data changed.
pub async fn announce_reference_change(tx: &impl ConnectionTrait) -> AppResult<()> {
    dialect::notify(tx, CHANNEL, "").await
}
