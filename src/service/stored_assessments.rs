//! Stored assessments kept in step with the registry (docs/architecture.md, "Stored
//! assessments"). Triggers on `mines` list every written mine in `assessment_dirty`, with
//! where it stood before, in the writing transaction whatever wrote it; before that
//! transaction commits, [`refresh_dirty`] reassesses those mines and every mine whose
//! findings they can change — the other mines on their ore bodies and within the largest
//! INTEGRATE-2 distance of where they stand and stood — and stores the results.
//! [`verify`] recomputes every mine and names each stored result that differs.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use entity::{integration_distance, mine, mine_assessment, mine_assessment_rule};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set, Statement,
};

use crate::domain::assessment::stored::{Stored, stored};
use crate::domain::assessment::{Disposition, RuleId};
use crate::error::AppResult;
use crate::infra::dialect::lock_key;
use crate::infra::writes::in_write;
use crate::service::assessment::{Assessed, Probe, around, assess_in_provinces, in_list};
use crate::state::AppState;

/// Mines read, assessed and written per statement.
const CHUNK: usize = 2_000;

/// Reassesses the mines written in `tx` and their neighbours, and stores the results, before
/// the caller commits; returns how many mines were reassessed.
pub async fn refresh_dirty(tx: &DatabaseTransaction, state: &AppState) -> AppResult<usize> {
    // One refresher at a time (PostgreSQL; SQLite has one writer): each reads the others'
    // committed writes, so neighbours written concurrently end stored as they now stand.
    lock_key(tx, "stored-assessments").await?;
    let backend = tx.get_database_backend();
    let dirty = tx
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT mine_id, ore_body_id, latitude, longitude FROM assessment_dirty",
        ))
        .await?;
    if dirty.is_empty() {
        return Ok(0);
    }
    let mut written = BTreeSet::new();
    let mut probes = Vec::with_capacity(dirty.len() * 2);
    for row in &dirty {
        written.insert(row.try_get::<i64>("", "mine_id")?);
        let latitude: Option<f64> = row.try_get("", "latitude")?;
        let longitude: Option<f64> = row.try_get("", "longitude")?;
        probes.push(Probe {
            ore_body_id: row.try_get("", "ore_body_id")?,
            position: latitude.zip(longitude),
        });
    }
    let ids: Vec<i64> = written.iter().copied().collect();
    for chunk in ids.chunks(CHUNK) {
        let rows = rows_of(tx, chunk).await?;
        probes.extend(rows.iter().map(Probe::from));
    }
    let mut affected = written;
    if let Some(wanted) = around(backend, &probes, largest_distance(tx).await?) {
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
    for chunk in affected.chunks(CHUNK) {
        let assessed = assess_today(tx, state, rows_of(tx, chunk).await?).await?;
        store(tx, chunk, &assessed).await?;
    }
    tx.execute_unprepared("DELETE FROM assessment_dirty")
        .await?;
    Ok(affected.len())
}

/// [`refresh_dirty`] in a write transaction of its own, for the mines written while no
/// server ran (the migration lists them all) and those stored for another day than today
/// (a server started on a later day; the date rules may read differently).
pub async fn refresh_pending(state: &AppState) -> AppResult<usize> {
    in_write(&state.db, async |tx| {
        let dirty = refresh_dirty(tx, state).await?;
        let today = state.clock.today();
        let fresh = stored_for(today, None);
        let stale: Vec<i64> = mine::Entity::find()
            .select_only()
            .column(mine::Column::Id)
            .filter(mine::Column::Id.not_in_subquery(fresh))
            .into_tuple()
            .all(tx)
            .await?;
        for chunk in stale.chunks(CHUNK) {
            let assessed = assess_today(tx, state, rows_of(tx, chunk).await?).await?;
            store(tx, chunk, &assessed).await?;
        }
        Ok(dirty + stale.len())
    })
    .await
}

/// A stored result that differs from a fresh computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub mine_id: i64,
    /// What is stored (disposition, digest); `None` when nothing is.
    pub stored: Option<(String, String)>,
    /// What a fresh computation gives.
    pub fresh: (String, String),
}

/// Recomputes every mine today and returns each stored result that differs, in id order
/// (empty when the stored results are true).
pub async fn verify(state: &AppState) -> AppResult<Vec<Difference>> {
    let db = &state.db;
    let ids: Vec<i64> = mine::Entity::find()
        .select_only()
        .column(mine::Column::Id)
        .order_by_asc(mine::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut differences = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let kept: std::collections::HashMap<i64, (String, String)> =
            mine_assessment::Entity::find()
                .filter(Expr::col(mine_assessment::Column::MineId).is_in(chunk.to_vec()))
                .all(db)
                .await?
                .into_iter()
                .map(|row| (row.mine_id, (row.disposition, row.digest)))
                .collect();
        for assessed in assess_today(db, state, rows_of(db, chunk).await?).await? {
            let fresh = stored(&assessed.assessment);
            let fresh = (fresh.disposition.code().to_owned(), fresh.digest);
            let stored = kept.get(&assessed.mine.id).cloned();
            if stored.as_ref() != Some(&fresh) {
                differences.push(Difference {
                    mine_id: assessed.mine.id,
                    stored,
                    fresh,
                });
            }
        }
    }
    Ok(differences)
}

/// The ids of the mines stored for `today` (and under `version`, when given).
fn stored_for(today: NaiveDate, version: Option<i32>) -> SelectStatement {
    let mut query = Query::select()
        .column(mine_assessment::Column::MineId)
        .from(mine_assessment::Entity)
        .and_where(mine_assessment::Column::AssessedOn.eq(today))
        .to_owned();
    if let Some(version) = version {
        query.and_where(mine_assessment::Column::VersionId.eq(version));
    }
    query
}

/// The stored mines with `ids`.
async fn rows_of(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<mine::Model>> {
    Ok(mine::Entity::find()
        .filter(in_list(
            db.get_database_backend(),
            mine::Column::Id,
            ids.to_vec(),
        ))
        .all(db)
        .await?)
}

/// `rows` assessed today, each under its province's standards, nothing leaving the
/// neighbourhood (a plan's closing set is a plan's reading, not the registry's).
async fn assess_today(
    db: &impl ConnectionTrait,
    state: &AppState,
    rows: Vec<mine::Model>,
) -> AppResult<Vec<Assessed>> {
    let places = state.places.current();
    let today = state.clock.today();
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
async fn store(tx: &DatabaseTransaction, ids: &[i64], assessed: &[Assessed]) -> AppResult<()> {
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
        rows.push(mine_assessment::ActiveModel {
            mine_id: Set(one.mine.id),
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

/// The ids (in id order) of the mines of `scope` whose stored assessment has
/// `disposition` and/or a decisive finding of `rule`, when every mine of the scope has a
/// stored result for `today` under `version` (the standards in force) and no write awaits
/// its refresh; `None` otherwise, for the caller to compute live — a stored result is never
/// read stale.
pub async fn matching(
    db: &impl ConnectionTrait,
    scope: Select<mine::Entity>,
    (disposition, rule): (Option<Disposition>, Option<RuleId>),
    (version, today): (i32, NaiveDate),
) -> AppResult<Option<Vec<i64>>> {
    let pending = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT 1 AS pending FROM assessment_dirty LIMIT 1",
        ))
        .await?;
    if pending.is_some() {
        return Ok(None);
    }
    let fresh = stored_for(today, Some(version));
    let stale = scope
        .clone()
        .filter(mine::Column::Id.not_in_subquery(fresh))
        .count(db)
        .await?;
    if stale > 0 {
        return Ok(None);
    }
    let mut query = scope.select_only().column(mine::Column::Id);
    if let Some(disposition) = disposition {
        let with = Query::select()
            .column(mine_assessment::Column::MineId)
            .from(mine_assessment::Entity)
            .and_where(mine_assessment::Column::Disposition.eq(disposition.code()))
            .to_owned();
        query = query.filter(mine::Column::Id.in_subquery(with));
    }
    if let Some(rule) = rule {
        let with = Query::select()
            .column(mine_assessment_rule::Column::MineId)
            .from(mine_assessment_rule::Entity)
            .and_where(mine_assessment_rule::Column::RuleId.eq(rule.code()))
            .to_owned();
        query = query.filter(mine::Column::Id.in_subquery(with));
    }
    Ok(Some(
        query
            .order_by_asc(mine::Column::Id)
            .into_tuple()
            .all(db)
            .await?,
    ))
}
