//! DataLoaders for nested relations, made fresh for every request (and every WebSocket
//! operation) by the gate: a loader shared across requests would serve stale rows and could
//! leak data between roles.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use sea_orm::DatabaseConnection;
use tokio::sync::Mutex;

use chrono::NaiveDate;

use crate::domain::access::Caller;
use crate::domain::assessment::Assessment;
use crate::domain::places::Places;
use crate::domain::standards::Standards;
use crate::error::AppError;
use crate::infra::places::Catalogue;
use crate::infra::versions::VersionCache;
use crate::service::admission::surveys;
use crate::service::assessment::province_of;
use crate::service::campaigns::milestones;
use crate::service::{rectification, standards};
use crate::state::AppState;

/// Batching delay: short, because most pages resolve all keys in one poll.
const BATCH_DELAY: Duration = Duration::from_micros(100);

/// Loads assessments worded for this request's viewer, a page of mines at once.
pub struct AssessmentLoader {
    db: DatabaseConnection,
    places: Arc<Places>,
    versions: Arc<VersionCache>,
    viewer: Option<Caller>,
}

/// Loader errors are shared between waiting fields, so they must be cloneable.
#[derive(Clone)]
pub struct LoadError(Arc<AppError>);

impl From<LoadError> for async_graphql::Error {
    fn from(err: LoadError) -> Self {
        async_graphql::ErrorExtensions::extend(&*err.0)
    }
}

fn load_error(err: impl Into<AppError>) -> LoadError {
    LoadError(Arc::new(err.into()))
}

/// A mine id and the day to assess it on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AssessmentKey(pub i64, pub NaiveDate);

impl Loader<AssessmentKey> for AssessmentLoader {
    type Value = Assessment;
    type Error = LoadError;
    /// Assesses every requested mine of one day together, so a page of mines shares one
    /// standards load and one neighbour search.
    async fn load(
        &self,
        keys: &[AssessmentKey],
    ) -> Result<HashMap<AssessmentKey, Assessment>, LoadError> {
        let mut by_day: HashMap<NaiveDate, Vec<i64>> = HashMap::new();
        for AssessmentKey(id, day) in keys {
            by_day.entry(*day).or_default().push(*id);
        }
        let mut found = HashMap::new();
        for (day, ids) in by_day {
            let assessed = rectification::by_ids(
                &self.db,
                &self.places,
                &self.versions,
                self.viewer.as_ref(),
                &ids,
                day,
            )
            .await
            .map_err(load_error)?;
            found.extend(
                assessed
                    .into_iter()
                    .map(|(id, assessment)| (AssessmentKey(id, day), assessment)),
            );
        }
        Ok(found)
    }
}

/// Loads the survey records of a page of blocks in one statement.
pub struct SurveyLoader {
    db: DatabaseConnection,
}

impl Loader<i64> for SurveyLoader {
    type Value = Vec<entity::survey::Model>;
    type Error = LoadError;
    async fn load(
        &self,
        block_ids: &[i64],
    ) -> Result<HashMap<i64, Vec<entity::survey::Model>>, LoadError> {
        let mut found: HashMap<i64, Vec<entity::survey::Model>> =
            block_ids.iter().map(|id| (*id, Vec::new())).collect();
        for record in surveys::of_blocks(&self.db, block_ids)
            .await
            .map_err(load_error)?
        {
            found.entry(record.block_id).or_default().push(record);
        }
        Ok(found)
    }
}

/// Everything one request loads lazily.
pub struct Loaders {
    /// Assessments by mine and day, cached for the request (a page feeds it the
    /// assessments of the rows it read).
    pub assessments: DataLoader<AssessmentLoader, HashMapCache>,
    /// Survey records by block, a page of blocks at once.
    pub surveys: DataLoader<SurveyLoader, HashMapCache>,
    /// Today's standards by province, each read at most once per request.
    standards: Mutex<HashMap<String, Arc<Standards>>>,
    /// Each campaign's rectification due day, read at most once per request.
    rectification_due: Mutex<HashMap<String, Option<NaiveDate>>>,
    /// Reference data as it was when the request began.
    pub catalogue: Arc<Catalogue>,
    /// Today on the application's clock, fixed for the whole request.
    today: NaiveDate,
    db: DatabaseConnection,
    versions: Arc<VersionCache>,
}

impl Loaders {
    /// Fresh loaders for one request of `viewer`.
    pub fn new(state: &AppState, viewer: Option<Caller>) -> Self {
        let catalogue = state.places.catalogue();
        let loader = AssessmentLoader {
            db: state.db.clone(),
            places: catalogue.places().clone(),
            versions: state.versions.clone(),
            viewer,
        };
        let assessments = DataLoader::with_cache(loader, tokio::spawn, HashMapCache::default())
            .delay(BATCH_DELAY);
        let surveys = DataLoader::with_cache(
            SurveyLoader {
                db: state.db.clone(),
            },
            tokio::spawn,
            HashMapCache::default(),
        )
        .delay(BATCH_DELAY);
        Self {
            assessments,
            surveys,
            standards: Mutex::new(HashMap::new()),
            rectification_due: Mutex::new(HashMap::new()),
            catalogue,
            today: state.clock.today(),
            db: state.db.clone(),
            versions: state.versions.clone(),
        }
    }

    /// Today on the application's clock, fixed for the whole request.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Keeps a page's assessments of today (made from the rows the page read) for its
    /// `assessment` fields: without them the loader would read the rows again, in batches
    /// split with the timing of the fields, each with its own standards and neighbour
    /// queries.
    pub async fn feed_assessments(&self, assessed: HashMap<i64, Assessment>) {
        let day = self.today;
        self.assessments
            .feed_many(
                assessed
                    .into_iter()
                    .map(|(id, assessment)| (AssessmentKey(id, day), assessment)),
            )
            .await;
    }

    /// The day campaign `code`'s rectification is due, read at most once per request (a
    /// page of plans shares it).
    pub async fn rectification_due(&self, code: &str) -> Result<Option<NaiveDate>, AppError> {
        let mut cache = self.rectification_due.lock().await;
        if let Some(found) = cache.get(code) {
            return Ok(*found);
        }
        let due = milestones::rectification_due(&self.db, code).await?;
        cache.insert(code.to_owned(), due);
        Ok(due)
    }

    /// The standards in force today in the province of `county`, read at most once per
    /// request and province.
    pub async fn standards(&self, county: &str) -> Result<Arc<Standards>, AppError> {
        let province = province_of(self.catalogue.places(), county)?;
        let mut cache = self.standards.lock().await;
        if let Some(found) = cache.get(province) {
            return Ok(found.clone());
        }
        let loaded = standards::on(&self.db, &self.versions, province, self.today).await?;
        cache.insert(province.to_owned(), loaded.clone());
        Ok(loaded)
    }
}
