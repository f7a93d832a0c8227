//! Standards versions: load one (for assessments and replays), find the one in force on a
//! date, and let the city admin create a new one.

use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use entity::{
    integration_distance as distance, mineral, provincial_minimum as minimum,
    rule_parameters as params, scale_threshold as threshold, standards_version as version,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::db::begin_write;
use crate::domain::access::{Caller, Role};
use crate::domain::codes::MiningMethod;
use crate::domain::scale::{ScaleKind, StandardsTable, ThresholdRow, Thresholds};
use crate::domain::standards::{DistanceRule, RuleParameters, Standards};
use crate::domain::standards_change::StandardsChange;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Change};
use crate::service::require;

/// The stored code of a threshold table.
pub fn kind_code(kind: ScaleKind) -> &'static str {
    match kind {
        ScaleKind::Production => "PRODUCTION",
        ScaleKind::Deposit => "DEPOSIT",
    }
}

fn kind_of(code: &str) -> Option<ScaleKind> {
    match code {
        "PRODUCTION" => Some(ScaleKind::Production),
        "DEPOSIT" => Some(ScaleKind::Deposit),
        _ => None,
    }
}

/// Every version, newest first.
pub async fn versions(db: &impl ConnectionTrait) -> AppResult<Vec<version::Model>> {
    Ok(version::Entity::find()
        .order_by_desc(version::Column::Id)
        .all(db)
        .await?)
}

/// One version's header.
pub async fn version(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<version::Model>> {
    Ok(version::Entity::find_by_id(id).one(db).await?)
}

/// The version in force on `as_of`: the newest effective on or before it (the first version
/// for earlier dates, so that every date has standards).
pub async fn version_on(db: &impl ConnectionTrait, as_of: NaiveDate) -> AppResult<version::Model> {
    let effective = version::Entity::find()
        .filter(version::Column::EffectiveFrom.lte(as_of))
        .order_by_desc(version::Column::EffectiveFrom)
        .order_by_desc(version::Column::Id)
        .one(db)
        .await?;
    match effective {
        Some(found) => Ok(found),
        None => version::Entity::find()
            .order_by_asc(version::Column::Id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("no standards version")),
    }
}

/// The threshold rows of a version.
pub async fn thresholds(
    db: &impl ConnectionTrait,
    version_id: i32,
) -> AppResult<Vec<threshold::Model>> {
    Ok(threshold::Entity::find()
        .filter(threshold::Column::VersionId.eq(version_id))
        .order_by_asc(threshold::Column::MineralCode)
        .order_by_asc(threshold::Column::Kind)
        .order_by_asc(threshold::Column::Variant)
        .all(db)
        .await?)
}

/// The provincial minimums of a version.
pub async fn minimums(
    db: &impl ConnectionTrait,
    version_id: i32,
) -> AppResult<Vec<minimum::Model>> {
    Ok(minimum::Entity::find()
        .filter(minimum::Column::VersionId.eq(version_id))
        .order_by_asc(minimum::Column::MineralCode)
        .all(db)
        .await?)
}

/// The integration distances of a version.
pub async fn distances(
    db: &impl ConnectionTrait,
    version_id: i32,
) -> AppResult<Vec<distance::Model>> {
    Ok(distance::Entity::find()
        .filter(distance::Column::VersionId.eq(version_id))
        .order_by_asc(distance::Column::MineralCode)
        .all(db)
        .await?)
}

/// The rule parameters of a version.
pub async fn parameters(db: &impl ConnectionTrait, version_id: i32) -> AppResult<params::Model> {
    params::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::internal(format!("standards version {version_id} has no parameters"))
        })
}

/// A whole version, ready for the rules.
pub async fn load(db: &impl ConnectionTrait, header: &version::Model) -> AppResult<Standards> {
    let rows = thresholds(db, header.id)
        .await?
        .into_iter()
        .filter_map(|row| {
            Some(ThresholdRow {
                kind: kind_of(&row.kind)?,
                mineral_code: row.mineral_code,
                variant: row.variant,
                thresholds: Thresholds {
                    large_min: row.large_min,
                    medium_min: row.medium_min,
                    medium_min_inclusive: row.medium_min_inclusive,
                },
            })
        })
        .collect();
    let p = parameters(db, header.id).await?;
    let distances = distances(db, header.id)
        .await?
        .into_iter()
        .filter_map(|row| {
            Some(DistanceRule {
                mining_method: MiningMethod::parse(&row.mining_method)?,
                mineral_code: row.mineral_code,
                distance_m: row.distance_m,
            })
        })
        .collect();
    let sand_stone_soil = mineral::Entity::find()
        .filter(mineral::Column::SandStoneSoil.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.code)
        .collect();
    Ok(Standards {
        version_id: header.id,
        effective_from: header.effective_from,
        scales: StandardsTable::new(rows),
        minimums: minimums(db, header.id)
            .await?
            .into_iter()
            .map(|row| (row.mineral_code, row.min_scale))
            .collect(),
        params: RuleParameters {
            long_suspension_months: p.long_suspension_months.max(0) as u32,
            min_service_years: p.min_service_years,
            exit3_requires_both: p.exit3_requires_both,
            small_mine_exception: p.small_mine_exception,
            rectification_deadline: p.rectification_deadline,
        },
        distances,
        sand_stone_soil,
    })
}

/// The standards in force on `as_of`.
pub async fn on(db: &impl ConnectionTrait, as_of: NaiveDate) -> AppResult<Standards> {
    let header = version_on(db, as_of).await?;
    load(db, &header).await
}

/// Creates a new version from the newest one with `change` applied (city admin only).
pub async fn create_version(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    change: StandardsChange,
) -> AppResult<version::Model> {
    let caller = require(viewer)?;
    if caller.role != Role::CityAdmin {
        return Err(AppError::Forbidden);
    }
    let minerals: HashSet<String> = mineral::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    change.validate(&minerals)?;
    let tx = begin_write(db).await?;
    // Lock the newest version (PostgreSQL; SQLite's IMMEDIATE transaction already holds the
    // write lock) so two concurrent changes build on each other instead of both on it.
    let base = version::Entity::find()
        .order_by_desc(version::Column::Id)
        .lock_exclusive()
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::internal("no standards version"))?;
    if change.effective_from < base.effective_from {
        return Err(AppError::invalid(
            "effectiveFrom",
            format!(
                "生效日期不能早于现行版本的生效日期（{}）",
                base.effective_from
            ),
        ));
    }
    let created = version::ActiveModel {
        effective_from: Set(change.effective_from),
        reason: Set(change.reason.trim().to_owned()),
        created_by: Set(caller.sub.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    copy_thresholds(&tx, base.id, created.id, &change).await?;
    copy_minimums(&tx, base.id, created.id, &change).await?;
    copy_distances(&tx, base.id, created.id, &change).await?;
    let mut p: params::ActiveModel = parameters(&tx, base.id).await?.into();
    p.version_id = Set(created.id);
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
    if let Some(v) = c.rectification_deadline {
        p.rectification_deadline = Set(v);
    }
    params::Entity::insert(p).exec(&tx).await?;
    let after = serde_json::json!({
        "versionId": created.id,
        "basedOn": base.id,
        "effectiveFrom": change.effective_from,
        "reason": created.reason,
        "change": format!("{change:?}"),
    });
    let entity_id = created.id.to_string();
    audit::record(
        &tx,
        caller,
        Change {
            operation: "updateStandards",
            entity: "StandardsVersion",
            entity_id,
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(created)
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
