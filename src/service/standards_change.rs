//! Creating a standards version: the newest version copied with the city admin's changes,
//! in one locked, audited transaction.

use std::collections::HashSet;

use entity::{
    integration_distance as distance, mineral, provincial_minimum as minimum,
    rule_parameters as params, scale_threshold as threshold, standards_version as version,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::places::Places;
use crate::domain::scale::ScaleKind;
use crate::domain::standards_change::StandardsChange;
use crate::domain::standards_revision::takes_effect_after;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::standards::{distances, kind_code, minimums, parameters, thresholds};
use crate::service::{permitted, require};
use crate::state::AppState;

/// Creates a new version of the caller's province from its newest one with `change`
/// applied (city admin only): standards are provincial figures, so a city changes its own
/// province's and no other. Once committed, the background catch-up is woken to store the
/// assessments again under a version that is in force today.
pub async fn create_version(
    state: &AppState,
    viewer: Option<&Caller>,
    change: StandardsChange,
) -> AppResult<version::Model> {
    let caller = require(viewer)?;
    let places = state.places.current();
    let created = in_write(&state.db, async |tx| {
        create_version_in(tx, state.clock.as_ref(), &places, caller, change).await
    })
    .await?;
    state.catch_up.notify_one();
    Ok(created)
}

/// [`create_version`] inside the caller's open transaction.
pub async fn create_version_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    places: &Places,
    caller: &Caller,
    change: StandardsChange,
) -> AppResult<version::Model> {
    permitted(caller, Action::ChangeStandards)?;
    let province = caller
        .city
        .as_deref()
        .and_then(|city| places.province_of_city(city))
        .ok_or(AppError::Forbidden)?
        .to_owned();
    let minerals: HashSet<String> = mineral::Entity::find()
        .all(tx)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    change.validate(&minerals)?;
    let base = newest_locked(tx, &province).await?;
    takes_effect_after(change.effective_from, base.effective_from)?;
    let created = version::ActiveModel {
        province_code: Set(province.clone()),
        effective_from: Set(change.effective_from),
        reason: Set(change.reason.trim().to_owned()),
        created_by: Set(caller.sub.clone()),
        created_at: Set(clock.now()),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    copy_thresholds(tx, base.id, created.id, &change).await?;
    copy_minimums(tx, base.id, created.id, &change).await?;
    copy_distances(tx, base.id, created.id, &change).await?;
    let revised = revised_parameters(parameters(tx, base.id).await?, created.id, &change);
    params::Entity::insert(revised).exec(tx).await?;
    audit_version(tx, clock, caller, (&province, base.id), &created, &change).await?;
    Ok(created)
}

/// The newest version of `province`, read after taking the province's version lock.
async fn newest_locked(tx: &DatabaseTransaction, province: &str) -> AppResult<version::Model> {
    // Serialise version creation: lock the first version's row (always the same row), then
    // read the newest version with a fresh statement, which under READ COMMITTED sees a
    // version committed while this one waited. SQLite's IMMEDIATE transaction already holds
    // the write lock.
    let no_standards = || {
        AppError::Conflict(Conflict::NoStandards {
            province: province.to_string(),
        })
    };
    version::Entity::find()
        .filter(version::Column::ProvinceCode.eq(province))
        .order_by_asc(version::Column::Id)
        .lock_exclusive()
        .one(tx)
        .await?
        .ok_or_else(no_standards)?;
    version::Entity::find()
        .filter(version::Column::ProvinceCode.eq(province))
        .order_by_desc(version::Column::Id)
        .one(tx)
        .await?
        .ok_or_else(no_standards)
}

/// The base version's rule parameters with `change`'s applied, as version `to`'s row.
fn revised_parameters(
    base: params::Model,
    to: i32,
    change: &StandardsChange,
) -> params::ActiveModel {
    let mut p: params::ActiveModel = base.into();
    p.version_id = Set(to);
    let c = &change.parameters;
    if let Some(v) = c.long_suspension_months {
        p.long_suspension_months = Set(v);
    }
    if let Some(v) = c.min_service_years {
        p.min_service_years = Set(v);
    }
    if let Some(v) = c.exit3_requires_both {
        p.exit3_requires_both = Set(v);
    }
    if let Some(v) = c.small_mine_exception {
        p.small_mine_exception = Set(v);
    }
    p
}

/// The audit entry of a new version: which province, which version it revises, and the
/// change.
async fn audit_version(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    (province, based_on): (&str, i32),
    created: &version::Model,
    change: &StandardsChange,
) -> AppResult<()> {
    let after = serde_json::json!({
        "versionId": created.id,
        "provinceCode": province,
        "basedOn": based_on,
        "effectiveFrom": change.effective_from,
        "reason": created.reason,
        "change": format!("{change:?}"),
    });
    let entity_id = created.id.to_string();
    audit::record(
        tx,
        clock,
        caller,
        Change {
            city_code: None,
            operation: Operation::UpdateStandards,
            entity: Operation::UpdateStandards.entity(),
            entity_id,
            before: None,
            after: Some(&after),
        },
    )
    .await
}

async fn copy_thresholds(
    db: &impl ConnectionTrait,
    from: i32,
    to: i32,
    change: &StandardsChange,
) -> AppResult<()> {
    let mut rows: Vec<threshold::ActiveModel> = Vec::new();
    let replaced = |row: &threshold::Model| {
        change.thresholds.iter().any(|t| {
            t.mineral_code == row.mineral_code
                && kind_code(t.kind) == row.kind
                && t.variant == row.variant
        })
    };
    for row in thresholds(db, from)
        .await?
        .into_iter()
        .filter(|row| !replaced(row))
    {
        rows.push(threshold::ActiveModel {
            version_id: Set(to),
            mineral_code: Set(row.mineral_code),
            kind: Set(row.kind),
            variant: Set(row.variant),
            large_min: Set(row.large_min),
            medium_min: Set(row.medium_min),
            medium_min_inclusive: Set(row.medium_min_inclusive),
            unit: Set(row.unit),
            source: Set(row.source),
            confidence: Set(row.confidence),
            ..Default::default()
        });
    }
    for t in &change.thresholds {
        let unit = if t.kind == ScaleKind::Production {
            "万吨/年"
        } else {
            "万吨"
        };
        rows.push(threshold::ActiveModel {
            version_id: Set(to),
            mineral_code: Set(t.mineral_code.clone()),
            kind: Set(kind_code(t.kind).into()),
            variant: Set(t.variant.clone()),
            large_min: Set(t.large_min),
            medium_min: Set(t.medium_min),
            medium_min_inclusive: Set(t.medium_min_inclusive),
            unit: Set(unit.into()),
            source: Set(t.source.trim().into()),
            confidence: Set(t.confidence.clone()),
            ..Default::default()
        });
    }
    if !rows.is_empty() {
        threshold::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

async fn copy_minimums(
    db: &impl ConnectionTrait,
    from: i32,
    to: i32,
    change: &StandardsChange,
) -> AppResult<()> {
    let changed: HashSet<&str> = change
        .minimums
        .iter()
        .map(|m| m.mineral_code.as_str())
        .collect();
    let mut rows: Vec<minimum::ActiveModel> = minimums(db, from)
        .await?
        .into_iter()
        .filter(|row| !changed.contains(row.mineral_code.as_str()))
        .map(|row| minimum::ActiveModel {
            version_id: Set(to),
            mineral_code: Set(row.mineral_code),
            min_scale: Set(row.min_scale),
            source: Set(row.source),
            confidence: Set(row.confidence),
            ..Default::default()
        })
        .collect();
    for m in &change.minimums {
        if let Some(scale) = m.min_scale {
            rows.push(minimum::ActiveModel {
                version_id: Set(to),
                mineral_code: Set(m.mineral_code.clone()),
                min_scale: Set(scale),
                source: Set(m.source.trim().into()),
                confidence: Set(m.confidence.clone()),
                ..Default::default()
            });
        }
    }
    if !rows.is_empty() {
        minimum::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

async fn copy_distances(
    db: &impl ConnectionTrait,
    from: i32,
    to: i32,
    change: &StandardsChange,
) -> AppResult<()> {
    let changed = |row: &distance::Model| {
        change.distances.iter().any(|d| {
            d.mineral_code == row.mineral_code && d.mining_method.code() == row.mining_method
        })
    };
    let mut rows: Vec<distance::ActiveModel> = distances(db, from)
        .await?
        .into_iter()
        .filter(|row| !changed(row))
        .map(|row| distance::ActiveModel {
            version_id: Set(to),
            mineral_code: Set(row.mineral_code),
            mining_method: Set(row.mining_method),
            distance_m: Set(row.distance_m),
            source: Set(row.source),
            ..Default::default()
        })
        .collect();
    for d in &change.distances {
        if let Some(metres) = d.distance_m {
            rows.push(distance::ActiveModel {
                version_id: Set(to),
                mineral_code: Set(d.mineral_code.clone()),
                mining_method: Set(d.mining_method.code().into()),
                distance_m: Set(metres),
                source: Set(d.source.trim().into()),
                ..Default::default()
            });
        }
    }
    if !rows.is_empty() {
        distance::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}
