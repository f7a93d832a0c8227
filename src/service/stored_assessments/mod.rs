//! Stored assessments kept in step with the registry (docs/architecture.md, "Stored
//! assessments"). Triggers on `mines` list every written mine in `assessment_dirty`, with
//! where it stood before, in the writing transaction whatever wrote it; before that
//! transaction commits, [`refresh_dirty`] reassesses those mines and every mine whose
//! findings they can change — the other mines on their ore bodies and within the largest
//! INTEGRATE-2 distance of where they stand and stood, widened by the reach of their
//! boundaries then and now and by the widest stored reach — and stores the results.
//! [`verify`] recomputes every mine and names each stored result that differs.

pub mod catch_up;
pub mod read;
pub mod verify;

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use entity::{integration_distance, mine, mine_assessment, mine_assessment_rule};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set, Statement,
};

use crate::domain::assessment::stored::{Stored, stored};
use crate::error::AppResult;
use crate::infra::dialect::lock_key;
use crate::service::assessment::{
    Assessed, Probe, around, assess_in_provinces, in_list, widest_reach,
};
use crate::service::mine_rows::is_live;
use crate::state::AppState;

/// The advisory lock every refresher takes (PostgreSQL).
const LOCK: &str = "stored-assessments";

/// Mines read, assessed and written per statement.
pub(super) const CHUNK: usize = 2_000;

/// Reassesses the mines written in `tx` and their neighbours, and stores the results, before
/// the caller commits; returns how many mines were reassessed.
pub async fn refresh_dirty(tx: &DatabaseTransaction, state: &AppState) -> AppResult<usize> {
    refresh_listed(tx, state, Listed::ByThisTransaction).await
}

/// Which rows of `assessment_dirty` a refresher takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listed {
    /// Those its own transaction wrote (a use case's write). On PostgreSQL an index on the
    /// listing transaction finds them without reading the dead rows of earlier writes.
    ByThisTransaction,
    /// Every committed row as well: writes made outside the use cases (the catch-up).
    Any,
}

impl Listed {
    /// The condition on `assessment_dirty` rows (aliased `d`) that selects them.
    fn condition(self, backend: DatabaseBackend) -> &'static str {
        match (self, backend) {
            (Self::ByThisTransaction, DatabaseBackend::Postgres) => "d.tx = txid_current()",
            _ => "TRUE",
        }
    }
}

/// [`refresh_dirty`] over the `listed` rows.
pub(super) async fn refresh_listed(
    tx: &DatabaseTransaction,
    state: &AppState,
    listed: Listed,
) -> AppResult<usize> {
    // One refresher at a time (PostgreSQL; SQLite has one writer): each reads the others'
    // committed writes, so neighbours written concurrently end stored as they now stand.
    lock_key(tx, LOCK).await?;
    let backend = tx.get_database_backend();
    let condition = listed.condition(backend);
    // Where each listed mine stood and now stands (a deleted one stands nowhere).
    let dirty = tx
        .query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT d.mine_id, d.ore_body_id, d.latitude, d.longitude, d.reach_m, \
                 m.ore_body_id AS now_ore_body_id, m.latitude AS now_latitude, \
                 m.longitude AS now_longitude, m.reach_m AS now_reach_m \
                 FROM assessment_dirty d LEFT JOIN mines m ON m.id = d.mine_id \
                 WHERE {condition}"
            ),
        ))
        .await?;
    if dirty.is_empty() {
        return Ok(0);
    }
    let mut written = BTreeSet::new();
    let mut probes = Vec::with_capacity(dirty.len() * 2);
    for row in &dirty {
        written.insert(row.try_get::<i64>("", "mine_id")?);
        for prefix in ["", "now_"] {
            let latitude: Option<f64> = row.try_get("", &format!("{prefix}latitude"))?;
            let longitude: Option<f64> = row.try_get("", &format!("{prefix}longitude"))?;
            let reach: Option<f64> = row.try_get("", &format!("{prefix}reach_m"))?;
            probes.push(Probe {
                ore_body_id: row.try_get("", &format!("{prefix}ore_body_id"))?,
                position: latitude.zip(longitude),
                reach_m: reach.unwrap_or(0.0),
            });
        }
    }
    let mut affected = written;
    // A neighbour's boundary may reach towards a written mine as far as the widest does.
    let distance = largest_distance(tx).await? + widest_reach(tx).await?;
    if let Some(wanted) = around(backend, &probes, distance) {
        let near: Vec<i64> = mine::Entity::find()
            .select_only()
            .column(mine::Column::Id)
            .filter(wanted)
            .into_tuple()
            .all(tx)
            .await?;
        affected.extend(near);
    }
    let affected: Vec<i64> = affected.into_iter().collect();
    let today = state.clock.today();
    for chunk in affected.chunks(CHUNK) {
        let assessed = assess_on(tx, state, rows_of(tx, chunk).await?, today).await?;
        store(tx, chunk, &assessed).await?;
    }
    tx.execute_unprepared(&format!(
        "DELETE FROM assessment_dirty AS d WHERE {condition}"
    ))
    .await?;
    Ok(affected.len())
}

/// Whether a write awaits its refresh (listed in `assessment_dirty`): only a write made
/// outside the use cases (a bulk load, a migration) leaves one after its commit.
pub(super) async fn pending(db: &impl ConnectionTrait) -> AppResult<bool> {
    let listed = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT 1 AS pending FROM assessment_dirty LIMIT 1",
        ))
        .await?;
    Ok(listed.is_some())
}

/// Mines of the `mines` table without a stored result for `today` (under `version`, when
/// given): a correlated NOT EXISTS, for the counts that mark a province and report
/// progress. Its plan depends on the stored tables' statistics (the catch-up refreshes them
/// after a bulk store, before it marks), so the catch-up's own batches do not use it.
pub(super) fn stale(today: NaiveDate, version: Option<i32>) -> SimpleExpr {
    let mut kept = Query::select()
        .expr(Expr::val(1))
        .from(mine_assessment::Entity)
        .and_where(
            Expr::col((mine_assessment::Entity, mine_assessment::Column::MineId))
                .equals((mine::Entity, mine::Column::Id)),
        )
        .and_where(mine_assessment::Column::AssessedOn.eq(today))
        .to_owned();
    if let Some(version) = version {
        kept.and_where(mine_assessment::Column::VersionId.eq(version));
    }
    Expr::exists(kept).not()
}

/// The stored mines with `ids`.
pub(super) async fn rows_of(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<mine::Model>> {
    Ok(mine::Entity::find()
        .filter(in_list(
            db.get_database_backend(),
            mine::Column::Id,
            ids.to_vec(),
        ))
        .all(db)
        .await?)
}

/// `rows` assessed on `today`, each under its province's standards, nothing leaving the
/// neighbourhood (a plan's closing set is a plan's reading, not the registry's).
pub(super) async fn assess_on(
    db: &impl ConnectionTrait,
    state: &AppState,
    rows: Vec<mine::Model>,
    today: NaiveDate,
) -> AppResult<Vec<Assessed>> {
    let places = state.places.current();
    assess_in_provinces(db, &places, &state.versions, rows, (today, &HashSet::new())).await
}

/// The largest INTEGRATE-2 distance of any standards version, metres: a mine within it of a
/// written one may gain or lose a finding, whichever version its province reads.
async fn largest_distance(db: &impl ConnectionTrait) -> AppResult<f64> {
    let largest: Option<Option<f64>> = integration_distance::Entity::find()
        .select_only()
        .column_as(integration_distance::Column::DistanceM.max(), "largest")
        .into_tuple()
        .one(db)
        .await?;
    Ok(largest.flatten().unwrap_or(0.0))
}

/// Replaces the stored results of the mines `ids` with `assessed` (a mine no longer stored
/// keeps none).
pub(super) async fn store(
    tx: &DatabaseTransaction,
    ids: &[i64],
    assessed: &[Assessed],
) -> AppResult<()> {
    mine_assessment_rule::Entity::delete_many()
        .filter(Expr::col(mine_assessment_rule::Column::MineId).is_in(ids.to_vec()))
        .exec(tx)
        .await?;
    mine_assessment::Entity::delete_many()
        .filter(Expr::col(mine_assessment::Column::MineId).is_in(ids.to_vec()))
        .exec(tx)
        .await?;
    let mut rows = Vec::with_capacity(assessed.len());
    let mut rules = Vec::new();
    for one in assessed {
        let Stored {
            disposition,
            rules: decisive,
            digest,
        } = stored(&one.assessment);
        let (county_code, live) = (one.mine.county_code.clone(), is_live(&one.mine));
        rows.push(mine_assessment::ActiveModel {
            mine_id: Set(one.mine.id),
            county_code: Set(county_code.clone()),
            live: Set(live),
            version_id: Set(one.assessment.standards_version),
            assessed_on: Set(one.assessment.as_of),
            disposition: Set(disposition.code().into()),
            digest: Set(digest),
        });
        rules.extend(
            decisive
                .into_iter()
                .map(|rule| mine_assessment_rule::ActiveModel {
                    mine_id: Set(one.mine.id),
                    county_code: Set(county_code.clone()),
                    live: Set(live),
                    rule_id: Set(rule.code().into()),
                }),
        );
    }
    for chunk in rows.chunks(400) {
        mine_assessment::Entity::insert_many(chunk.to_vec())
            .exec(tx)
            .await?;
    }
    for chunk in rules.chunks(400) {
        mine_assessment_rule::Entity::insert_many(chunk.to_vec())
            .exec(tx)
            .await?;
    }
    Ok(())
}
