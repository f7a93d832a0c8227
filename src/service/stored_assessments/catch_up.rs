//! Catching the stored results up with what no write announces: a new day (the date rules —
//! licence expiry, suspension length, construction deadlines — read differently from
//! Asia/Shanghai's midnight), a standards version coming into force, mines written while no
//! server ran. Every result is stored again a batch at a time, each batch one write
//! transaction, so writers wait for one batch and never for the whole run. Readers compute
//! live meanwhile: a province is answered from storage only once the catch-up has marked it
//! stored for today under its version in force (`assessment_marks`), so no query sees two
//! versions. In the background one instance at a time does it, under a lease.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use entity::{assessment_mark, mine, mine_assessment};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use tokio::sync::Notify;

use crate::domain::access::Caller;
use crate::error::AppResult;
use crate::infra::dialect::{self, lock_key};
use crate::infra::lease::{self, HOLDER};
use crate::infra::writes::in_write;
use crate::service::scope::scoped;
use crate::service::stored_assessments::read::Wanted;
use crate::service::stored_assessments::{
    CHUNK, LOCK, Listed, assess_on, pending, refresh_listed, rows_of, stale, store,
};
use crate::service::{mine_reader_region, standards};
use crate::state::AppState;

/// The lease the background catch-up runs under.
pub const LEASE: &str = "stored-assessments";

/// How long a claim lasts: far longer than a catch-up of the largest registry takes (100,000
/// mines in about half a minute). Were one to outlast it, a second instance catching up
/// too would only repeat work: batches take the refreshers' lock and store the same results.
const LEASE_TTL: Duration = Duration::from_secs(600);

/// A province of the deployment, its counties and its standards version in force.
struct InForce {
    province: String,
    counties: Vec<String>,
    version: i32,
}

/// Every province with standards, with its version in force on `today`. A province without
/// any (a division added before its figures) has no mine that could be assessed, and is
/// left out rather than failing every catch-up.
async fn in_force(state: &AppState, today: NaiveDate) -> AppResult<Vec<InForce>> {
    let (db, places) = (&state.db, state.places.current());
    let mut provinces = Vec::new();
    for (province, counties) in places.counties_by_province() {
        let Some(version) =
            standards::in_force_for(db, &places, None, Some(province), today).await?
        else {
            continue;
        };
        provinces.push(InForce {
            province: province.to_owned(),
            counties: counties.into_iter().map(str::to_owned).collect(),
            version: version.id,
        });
    }
    Ok(provinces)
}

/// Stores every result that is not fresh — written mines awaiting refresh first, then each
/// province's mines without a result for today under its standards in force — a batch per
/// transaction, then marks each province stored; returns how many mines were reassessed.
pub async fn catch_up(state: &AppState) -> AppResult<usize> {
    let today = state.clock.today();
    let mut done = in_write(&state.db, async |tx| {
        refresh_listed(tx, state, Listed::Any).await
    })
    .await?;
    let provinces = in_force(state, today).await?;
    for province in &provinces {
        // Keyset order: each mine is taken at most once a run, even when a version that came
        // into force meanwhile stores it under another id than the province's.
        let mut after = 0_i64;
        while let Some((last, stored)) = in_write(&state.db, async |tx| {
            store_stale_after(tx, state, (province, today), after).await
        })
        .await?
        {
            after = last;
            done += stored;
        }
    }
    if done >= CHUNK {
        refresh_statistics(state).await?;
    }
    for province in &provinces {
        let wanted = (province.province.as_str(), province.version, today);
        in_write(&state.db, async |tx| {
            mark_if_fresh(tx, wanted, &province.counties).await
        })
        .await?;
    }
    Ok(done)
}

/// Of the province's next [`CHUNK`] mines after id `after`, reassesses and stores those
/// without a result for `today` under its version; the last id read and how many were
/// stored, or `None` past its last mine. Which are stale is decided here, not by a NOT
/// EXISTS in SQL, so that no query plan depends on statistics of tables a bulk store is
/// filling (PostgreSQL planned that search as a nested loop over every stored row).
async fn store_stale_after(
    tx: &DatabaseTransaction,
    state: &AppState,
    (province, today): (&InForce, NaiveDate),
    after: i64,
) -> AppResult<Option<(i64, usize)>> {
    lock_key(tx, LOCK).await?;
    let candidates: Vec<i64> = mine::Entity::find()
        .select_only()
        .column(mine::Column::Id)
        .filter(mine::Column::CountyCode.is_in(province.counties.clone()))
        .filter(mine::Column::Id.gt(after))
        .order_by_asc(mine::Column::Id)
        .limit(CHUNK as u64)
        .into_tuple()
        .all(tx)
        .await?;
    let Some(&last) = candidates.last() else {
        return Ok(None);
    };
    let fresh: HashSet<i64> = mine_assessment::Entity::find()
        .select_only()
        .column(mine_assessment::Column::MineId)
        .filter(mine_assessment::Column::MineId.is_in(candidates.clone()))
        .filter(mine_assessment::Column::AssessedOn.eq(today))
        .filter(mine_assessment::Column::VersionId.eq(province.version))
        .into_tuple::<i64>()
        .all(tx)
        .await?
        .into_iter()
        .collect();
    let ids: Vec<i64> = candidates
        .into_iter()
        .filter(|id| !fresh.contains(id))
        .collect();
    if !ids.is_empty() {
        let assessed = assess_on(tx, state, rows_of(tx, &ids).await?, today).await?;
        store(tx, &ids, &assessed).await?;
    }
    Ok(Some((last, ids.len())))
}

/// Refreshes the planner's statistics of the stored tables after a bulk store (and, on
/// PostgreSQL, vacuums the dirty list the bulk store emptied). Filled
/// from empty (a migration, a bulk load), PostgreSQL took them for a few rows until its
/// autovacuum came round, and answered "which mines are stale?" with a nested loop over
/// every stored row for each mine: a server's start over 100,000 stored mines took 135 s.
async fn refresh_statistics(state: &AppState) -> AppResult<()> {
    for table in [
        "mine_assessments",
        "mine_assessment_rules",
        "assessment_dirty",
    ] {
        state
            .db
            .execute_unprepared(&dialect::refresh_statistics(&state.db, table))
            .await?;
    }
    Ok(())
}

/// Marks `province` as stored for `today` under `version` when none of its mines is stale
/// (checked under the refreshers' lock: a version come into force during the run leaves it
/// unmarked, for the next look to catch up).
async fn mark_if_fresh(
    tx: &DatabaseTransaction,
    (province, version, today): Wanted<'_>,
    counties: &[String],
) -> AppResult<()> {
    lock_key(tx, LOCK).await?;
    let stale_mines = mine::Entity::find()
        .filter(mine::Column::CountyCode.is_in(counties.to_vec()))
        .filter(stale(today, Some(version)))
        .count(tx)
        .await?;
    if stale_mines > 0 {
        return Ok(());
    }
    let row = assessment_mark::ActiveModel {
        province_code: Set(province.to_owned()),
        version_id: Set(version),
        assessed_on: Set(today),
    };
    assessment_mark::Entity::insert(row)
        .on_conflict(
            OnConflict::column(assessment_mark::Column::ProvinceCode)
                .update_columns([
                    assessment_mark::Column::VersionId,
                    assessment_mark::Column::AssessedOn,
                ])
                .to_owned(),
        )
        .exec_without_returning(tx)
        .await?;
    Ok(())
}

/// How far the stored results are from fresh, over the mines a viewer may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Mines (archived included) in the viewer's region.
    pub total: u64,
    /// Of them, those without a result for today under their standards in force.
    pub outstanding: u64,
    /// Whether an instance is catching up now.
    pub running: bool,
}

/// The catch-up's progress over the mines the viewer may read.
pub async fn progress(state: &AppState, viewer: Option<&Caller>) -> AppResult<Progress> {
    let region = mine_reader_region(viewer)?;
    let scope = scoped(mine::Entity::find(), mine::Column::CountyCode, &region);
    let db = &state.db;
    Ok(Progress {
        total: scope.clone().count(db).await?,
        outstanding: outstanding(state, scope).await?,
        running: lease::held(db, LEASE, state.clock.now()).await?,
    })
}

/// The mines of `scope` without a fresh result (one count per province).
async fn outstanding(state: &AppState, scope: Select<mine::Entity>) -> AppResult<u64> {
    let (db, today) = (&state.db, state.clock.today());
    let mut outstanding = 0;
    for province in in_force(state, today).await? {
        outstanding += scope
            .clone()
            .filter(mine::Column::CountyCode.is_in(province.counties))
            .filter(stale(today, Some(province.version)))
            .count(db)
            .await?;
    }
    Ok(outstanding)
}

/// Whether anything awaits a catch-up: a write not yet refreshed, or a province not marked
/// as stored for today under its standards in force (a new day, a version in force).
async fn due(state: &AppState) -> AppResult<bool> {
    let (db, today) = (&state.db, state.clock.today());
    if pending(db).await? {
        return Ok(true);
    }
    let marks: HashMap<String, (i32, NaiveDate)> = assessment_mark::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|mark| (mark.province_code, (mark.version_id, mark.assessed_on)))
        .collect();
    Ok(in_force(state, today)
        .await?
        .iter()
        .any(|p| marks.get(&p.province) != Some(&(p.version, today))))
}

/// One look: when anything is due and this instance wins the lease, catch up.
async fn tick(state: &AppState) -> AppResult<usize> {
    if !due(state).await? {
        return Ok(0);
    }
    if !lease::claim(&state.db, LEASE, &HOLDER, state.clock.now(), LEASE_TTL).await? {
        return Ok(0);
    }
    let caught_up = catch_up(state).await;
    lease::release(&state.db, LEASE, &HOLDER).await?;
    caught_up
}

/// Runs the catch-up in the background: every `every` (so within that of Asia/Shanghai's
/// midnight) and whenever `wake` is notified (a standards version was created).
pub fn spawn(state: AppState, every: Duration, wake: Arc<Notify>) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                () = wake.notified() => {}
            }
            match tick(&state).await {
                Ok(mines) => {
                    state.metrics.caught_up();
                    if mines > 0 {
                        tracing::info!(mines, "stored assessments caught up");
                    }
                }
                Err(err) => tracing::warn!(?err, "stored assessments catch-up failed"),
            }
        }
    });
}
