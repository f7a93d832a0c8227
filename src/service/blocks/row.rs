//! A block's row: its facts written onto it, and read back parsed (a stored code or list
//! that does not parse is a corrupt row, an internal error). An unstated fact keeps a
//! neutral value in its column while `unstated` names it, and reads back as `None`.

use entity::block;
use sea_orm::Set;

use crate::domain::block::{BlockDraft, BlockFact, BlockFacts, BlockFigures, Corner};
use crate::domain::codes::{BlockPriority, MineralCode, MiningMethod, OreGrade};
use crate::domain::spatial::boundary::{
    AreaCheck, Boundary, GivenCorner, area_check, boundary, given_degrees, stored_corners,
};
use crate::error::{AppError, AppResult};
use crate::service::stored::stored_code;

/// Writes every fact of `facts` onto the row (a new block, or a corrected one).
pub(crate) fn set_facts(row: &mut block::ActiveModel, facts: &BlockFacts) {
    let corners = (!facts.corners().is_empty()).then(|| {
        let degrees: Vec<(f64, f64)> = facts
            .corners()
            .iter()
            .map(|c| (c.latitude, c.longitude))
            .collect();
        stored_corners(&degrees)
    });
    row.name = Set(facts.name.clone());
    row.county_code = Set(facts.county_code.clone());
    row.mineral_code = Set(facts.mineral_code.clone());
    row.area_km2 = Set(facts.area_km2);
    row.predicted_resources = Set(facts.predicted_resources);
    row.location = Set(facts.location.clone());
    // An unstated fact keeps a neutral value in its column; `unstated` says nobody gave it.
    row.designed_production_scale = Set(facts.designed_production_scale.unwrap_or_default());
    row.mining_method = Set(facts
        .mining_method
        .unwrap_or(MiningMethod::OpenPit)
        .code()
        .into());
    row.ore_grade = Set(facts.ore_grade.map(|grade| grade.code().into()));
    row.priority = Set(facts.priority.code().into());
    row.in_master_plan = Set(facts.in_master_plan.unwrap_or_default());
    let unstated: Vec<&str> = facts.unstated().into_iter().map(BlockFact::field).collect();
    row.unstated =
        Set((!unstated.is_empty()).then(|| serde_json::Value::from(unstated).to_string()));
    row.corners = Set(corners);
    row.mining_land = Set(facts.mining_land.clone());
}

/// The stored block as a draft, to be corrected and checked again.
pub(crate) fn draft_of(row: &block::Model) -> AppResult<BlockDraft> {
    Ok(BlockDraft {
        name: row.name.clone(),
        county_code: row.county_code.clone(),
        mineral_code: row.mineral_code.clone(),
        area_km2: row.area_km2,
        predicted_resources: row.predicted_resources,
        location: row.location.clone(),
        designed_production_scale: designed_scale_of(row)?,
        mining_method: method_of(row)?,
        ore_grade: grade_of(row)?,
        priority: priority_of(row)?,
        in_master_plan: master_plan_of(row)?,
        corners: corners_of(row)?
            .into_iter()
            .map(|c| GivenCorner::Degrees {
                latitude: c.latitude,
                longitude: c.longitude,
            })
            .collect(),
        mining_land: row.mining_land.clone(),
    })
}

/// The stored boundary's area against the declared 矿区面积, with the zone it was measured
/// in; `None` without a boundary, or for one stored before boundaries were checked as rings
/// that is not one (an update must then correct it).
pub fn boundary_area(row: &block::Model) -> AppResult<Option<(AreaCheck, u8)>> {
    Ok(
        boundary_of(row)?
            .map(|checked| (area_check(&checked, row.area_km2), checked.zone.number())),
    )
}

/// The block's checked boundary; `None` without corners, or for corners stored before
/// they were checked that do not make a ring.
pub fn boundary_of(row: &block::Model) -> AppResult<Option<Boundary>> {
    let given = given_degrees(&degrees_of(row)?);
    if given.is_empty() {
        return Ok(None);
    }
    Ok(boundary(&given).ok())
}

/// The stored boundary corners as (latitude, longitude) pairs, the form the spatial
/// functions take.
pub fn degrees_of(row: &block::Model) -> AppResult<Vec<(f64, f64)>> {
    Ok(corners_of(row)?
        .iter()
        .map(|c| (c.latitude, c.longitude))
        .collect())
}

/// The stored boundary corners; a row whose JSON does not parse is corrupt.
pub fn corners_of(row: &block::Model) -> AppResult<Vec<Corner>> {
    let Some(text) = &row.corners else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(f64, f64)> = serde_json::from_str(text)
        .map_err(|err| AppError::internal(format!("blocks row {}: corners: {err}", row.id)))?;
    Ok(pairs
        .into_iter()
        .map(|(latitude, longitude)| Corner {
            latitude,
            longitude,
        })
        .collect())
}

/// The stored priority, parsed.
pub fn priority_of(row: &block::Model) -> AppResult<BlockPriority> {
    stored_code(
        BlockPriority::parse,
        "blocks",
        "priority",
        row.id,
        &row.priority,
    )
}

/// The facts the stored block has not stated yet; a list that does not parse is corrupt.
pub fn unstated_of(row: &block::Model) -> AppResult<Vec<BlockFact>> {
    let Some(text) = &row.unstated else {
        return Ok(Vec::new());
    };
    let corrupt =
        |what: String| AppError::internal(format!("blocks row {}: unstated: {what}", row.id));
    let fields: Vec<String> = serde_json::from_str(text).map_err(|err| corrupt(err.to_string()))?;
    fields
        .iter()
        .map(|field| BlockFact::from_field(field).ok_or_else(|| corrupt(field.clone())))
        .collect()
}

/// `value` unless the stored block has not stated `fact`.
fn stated<T>(row: &block::Model, fact: BlockFact, value: T) -> AppResult<Option<T>> {
    Ok((!unstated_of(row)?.contains(&fact)).then_some(value))
}

/// The stored designed production scale, `None` while unstated.
pub fn designed_scale_of(row: &block::Model) -> AppResult<Option<f64>> {
    stated(
        row,
        BlockFact::DesignedProductionScale,
        row.designed_production_scale,
    )
}

/// The stored fit with the master plan (NEW-1's gate), `None` while unstated.
pub fn master_plan_of(row: &block::Model) -> AppResult<Option<bool>> {
    stated(row, BlockFact::InMasterPlan, row.in_master_plan)
}

/// The stored mining method, parsed; `None` while unstated.
pub fn method_of(row: &block::Model) -> AppResult<Option<MiningMethod>> {
    let method = stored_code(
        MiningMethod::parse,
        "blocks",
        "mining_method",
        row.id,
        &row.mining_method,
    )?;
    stated(row, BlockFact::MiningMethod, method)
}

/// The stored ore grade, parsed.
pub fn grade_of(row: &block::Model) -> AppResult<Option<OreGrade>> {
    row.ore_grade
        .as_deref()
        .map(|grade| stored_code(OreGrade::parse, "blocks", "ore_grade", row.id, grade))
        .transpose()
}

/// The stored mineral, parsed.
pub fn mineral_of(row: &block::Model) -> AppResult<MineralCode> {
    stored_code(
        MineralCode::parse,
        "blocks",
        "mineral_code",
        row.id,
        &row.mineral_code,
    )
}

/// What NEW-2's classification reads from a stored block.
pub fn figures_of<'a>(row: &block::Model, mineral: &'a MineralCode) -> AppResult<BlockFigures<'a>> {
    Ok(BlockFigures {
        mineral,
        mining_method: method_of(row)?,
        ore_grade: grade_of(row)?,
        predicted_resources: row.predicted_resources,
        designed_production_scale: designed_scale_of(row)?,
    })
}
