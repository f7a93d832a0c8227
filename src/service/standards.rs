//! Standards versions: load one (for assessments and replays) and find the one in force on
//! a date. New versions are made by [`crate::service::standards_change`].

use std::sync::Arc;

use chrono::NaiveDate;
use entity::{
    integration_distance as distance, mineral, provincial_minimum as minimum,
    rule_parameters as params, scale_threshold as threshold, standards_version as version,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::Caller;
use crate::domain::codes::{MineralCode, MiningMethod};
use crate::domain::places::Places;
use crate::domain::scale::{ScaleKind, StandardsTable, ThresholdRow, Thresholds};
use crate::domain::standards::{DistanceRule, RuleParameters, Standards};
use crate::error::{AppError, AppResult};
use crate::infra::versions::VersionCache;
use crate::service::stored::stored_code;

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

/// The version of `province` in force on `as_of`: the newest effective on or before it (its
/// first version for earlier dates, so that every date has standards).
pub async fn version_on(
    db: &impl ConnectionTrait,
    province: &str,
    as_of: NaiveDate,
) -> AppResult<version::Model> {
    let effective = version::Entity::find()
        .filter(version::Column::ProvinceCode.eq(province))
        .filter(version::Column::EffectiveFrom.lte(as_of))
        .order_by_desc(version::Column::EffectiveFrom)
        .order_by_desc(version::Column::Id)
        .one(db)
        .await?;
    match effective {
        Some(found) => Ok(found),
        None => version::Entity::find()
            .filter(version::Column::ProvinceCode.eq(province))
            .order_by_asc(version::Column::Id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal(format!("no standards version for {province}"))),
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
    // A stored code that does not parse is corrupt data: an error naming the row, never a
    // silently missing threshold or distance the rules would then run without.
    let rows = thresholds(db, header.id)
        .await?
        .into_iter()
        .map(threshold_row)
        .collect::<AppResult<Vec<_>>>()?;
    let p = parameters(db, header.id).await?;
    let distances = distances(db, header.id)
        .await?
        .into_iter()
        .map(distance_rule)
        .collect::<AppResult<Vec<_>>>()?;
    let ordinary_sand_stone = mineral::Entity::find()
        .filter(mineral::Column::OrdinarySandStone.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|row| stored_code(MineralCode::parse, "minerals", "code", &row.code, &row.code))
        .collect::<AppResult<_>>()?;
    let scales = StandardsTable::new(rows);
    let minimums = minimums(db, header.id)
        .await?
        .into_iter()
        .map(provincial_minimum)
        .collect::<AppResult<_>>()?;
    Ok(Standards {
        version_id: header.id,
        effective_from: header.effective_from,
        scales,
        minimums,
        params: rule_parameters(&p),
        distances,
        ordinary_sand_stone,
    })
}

/// A stored threshold row as the rules read it; a code that does not parse names the row.
fn threshold_row(row: threshold::Model) -> AppResult<ThresholdRow> {
    Ok(ThresholdRow {
        kind: stored_code(kind_of, "scale_thresholds", "kind", row.id, &row.kind)?,
        mineral_code: stored_code(
            MineralCode::parse,
            "scale_thresholds",
            "mineral_code",
            row.id,
            &row.mineral_code,
        )?,
        variant: row.variant,
        thresholds: Thresholds {
            large_min: row.large_min,
            medium_min: row.medium_min,
            medium_min_inclusive: row.medium_min_inclusive,
        },
    })
}

/// A stored INTEGRATE-2 distance as the rules read it; a code that does not parse names
/// the row.
fn distance_rule(row: distance::Model) -> AppResult<DistanceRule> {
    Ok(DistanceRule {
        mining_method: stored_code(
            MiningMethod::parse,
            "integration_distances",
            "mining_method",
            row.id,
            &row.mining_method,
        )?,
        mineral_code: stored_code(
            MineralCode::parse,
            "integration_distances",
            "mineral_code",
            row.id,
            &row.mineral_code,
        )?,
        distance_m: row.distance_m,
    })
}

/// A stored provincial minimum as the rules read it; a code that does not parse names the
/// row.
fn provincial_minimum(row: minimum::Model) -> AppResult<(MineralCode, f64)> {
    let mineral = stored_code(
        MineralCode::parse,
        "provincial_minimums",
        "mineral_code",
        row.id,
        &row.mineral_code,
    )?;
    Ok((mineral, row.min_scale))
}

/// The stored rule parameters as the rules read them (a negative suspension length reads
/// as zero months).
fn rule_parameters(p: &params::Model) -> RuleParameters {
    RuleParameters {
        long_suspension_months: p.long_suspension_months.max(0) as u32,
        min_service_years: p.min_service_years,
        exit3_requires_both: p.exit3_requires_both,
        small_mine_exception: p.small_mine_exception,
    }
}

/// The version in force on `as_of` for `province`, or else the caller's province, or else
/// the deployment's; `None` for a province with no standards.
pub async fn in_force_for(
    db: &impl ConnectionTrait,
    places: &Places,
    viewer: Option<&Caller>,
    province: Option<&str>,
    as_of: NaiveDate,
) -> AppResult<Option<version::Model>> {
    let province = match province {
        Some(code) => code.trim().to_owned(),
        None => viewer
            .and_then(|caller| caller.city.as_deref())
            .and_then(|city| places.province_of_city(city))
            .or_else(|| places.default_province())
            .ok_or_else(|| AppError::internal("no province"))?
            .to_owned(),
    };
    let exists = version::Entity::find()
        .filter(version::Column::ProvinceCode.eq(province.as_str()))
        .one(db)
        .await?
        .is_some();
    if !exists {
        return Ok(None);
    }
    Ok(Some(version_on(db, &province, as_of).await?))
}

/// The standards of `province` in force on `as_of`: which version is in force is read each
/// time (one small query, so a version another instance adds is seen at once), its figures
/// come from `versions`.
pub async fn on(
    db: &impl ConnectionTrait,
    versions: &VersionCache,
    province: &str,
    as_of: NaiveDate,
) -> AppResult<Arc<Standards>> {
    let header = version_on(db, province, as_of).await?;
    if let Some(found) = versions.get(header.id) {
        return Ok(found);
    }
    let loaded = Arc::new(load(db, &header).await?);
    versions.keep(header.id, loaded.clone());
    Ok(loaded)
}
