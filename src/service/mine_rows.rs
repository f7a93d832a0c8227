//! Mapping between stored mine rows and the domain's facts, kept in one place so a column
//! and its fact never drift apart.

use chrono::{DateTime, Utc};
use entity::mine;
use sea_orm::{ColumnTrait, QueryFilter, Select, Set};

use crate::domain::assessment::neighbours::grid_cell;
use crate::domain::codes::{
    CountyCode, HolderType, LicenceLevel, MineralCode, MiningMethod, OperatingStatus,
};
use crate::domain::mine::{MineDraft, MineFacts, Violation, ViolationKind};
use crate::domain::spatial::boundary::{given_degrees, stored_corners};
use crate::error::{AppError, AppResult};
use crate::service::stored::stored_code;

/// A mine not yet stored: version 1, not archived, created and updated `now`, with every
/// fact of `facts` (the one way a new row is made, by a user or a bulk load).
pub fn new_row(facts: &MineFacts, now: DateTime<Utc>) -> mine::ActiveModel {
    let mut row = mine::ActiveModel {
        version: Set(1),
        archived: Set(false),
        archived_reason: Set(None),
        block_id: Set(None),
        transfer_entry_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_facts(&mut row, facts);
    row
}

/// Writes every fact onto the row.
pub fn set_facts(row: &mut mine::ActiveModel, facts: &MineFacts) {
    row.name = Set(facts.name.clone());
    row.holder = Set(facts.holder.clone());
    row.holder_type = Set(facts.holder_type.code().into());
    row.licence_no = Set(facts.licence_no.clone());
    row.licence_level = Set(facts.licence_level.map(|level| level.code().into()));
    row.licence_valid_from = Set(facts.licence_valid_from);
    row.licence_valid_until = Set(facts.licence_valid_until);
    row.county_code = Set(facts.county_code.clone());
    row.mineral_code = Set(facts.mineral_code.clone());
    row.mining_method = Set(facts.mining_method.code().into());
    row.production_scale = Set(facts.production_scale);
    row.remaining_reserves = Set(facts.remaining_reserves);
    row.surveyed_service_years = Set(facts.surveyed_service_years);
    row.status = Set(facts.status.code().into());
    row.suspended_since = Set(facts.suspended_since);
    row.suspension_ordered = Set(facts.suspension_ordered);
    row.construction_deadline = Set(facts.construction_deadline);
    row.has_mining_licence = Set(facts.has_mining_licence);
    row.has_safety_licence = Set(facts.has_safety_licence);
    row.cross_boundary_mining = Set(facts.cross_boundary_mining);
    row.mining_under_construction_guise = Set(facts.mining_under_construction_guise);
    row.mining_with_exploration_licence = Set(facts.mining_with_exploration_licence);
    row.refuses_rectification = Set(facts.refuses_rectification);
    row.obsolete_equipment = Set(facts.obsolete_equipment);
    row.unsafe_after_suspension = Set(facts.unsafe_after_suspension);
    row.resources_exhausted = Set(facts.resources_exhausted);
    row.ore_body_id = Set(facts.ore_body_id.clone());
    row.latitude = Set(facts.latitude);
    row.longitude = Set(facts.longitude);
    row.grid_cell = Set(facts.latitude.zip(facts.longitude).map(grid_cell));
    let boundary = facts.boundary();
    row.corners = Set((!boundary.is_empty()).then(|| stored_corners(boundary)));
    row.reach_m = Set(facts.reach_m());
    row.ridge_boundary = Set(facts.ridge_boundary);
    let violation = facts.violation.as_ref();
    row.violation_kind = Set(violation.map(|v| v.kind.code().into()));
    row.violation_found_on = Set(violation.map(|v| v.found_on));
    row.violation_found_by = Set(violation.map(|v| v.found_by.clone()));
}

/// A code of a stored mine row.
fn code<T>(
    parse: impl FnOnce(&str) -> Option<T>,
    column: &str,
    row: &mine::Model,
    value: &str,
) -> AppResult<T> {
    stored_code(parse, "mines", column, row.id, value)
}

/// The stored county.
pub fn county_of(row: &mine::Model) -> AppResult<CountyCode> {
    code(CountyCode::parse, "county_code", row, &row.county_code)
}

/// The stored mineral.
pub fn mineral_of(row: &mine::Model) -> AppResult<MineralCode> {
    code(MineralCode::parse, "mineral_code", row, &row.mineral_code)
}

/// The stored operating status.
pub fn status_of(row: &mine::Model) -> AppResult<OperatingStatus> {
    code(OperatingStatus::parse, "status", row, &row.status)
}

/// The stored mining method.
pub fn method_of(row: &mine::Model) -> AppResult<MiningMethod> {
    code(
        MiningMethod::parse,
        "mining_method",
        row,
        &row.mining_method,
    )
}

/// The stored holder type.
pub fn holder_type_of(row: &mine::Model) -> AppResult<HolderType> {
    code(HolderType::parse, "holder_type", row, &row.holder_type)
}

/// The stored licence level, when recorded.
pub fn licence_level_of(row: &mine::Model) -> AppResult<Option<LicenceLevel>> {
    row.licence_level
        .as_deref()
        .map(|level| code(LicenceLevel::parse, "licence_level", row, level))
        .transpose()
}

/// The stored facts as a draft; a code the domain does not know is a corrupt row.
pub fn draft_of(row: &mine::Model) -> AppResult<MineDraft> {
    Ok(MineDraft {
        name: row.name.clone(),
        holder: row.holder.clone(),
        holder_type: holder_type_of(row)?,
        licence_no: row.licence_no.clone(),
        licence_level: licence_level_of(row)?,
        licence_valid_from: row.licence_valid_from,
        licence_valid_until: row.licence_valid_until,
        county_code: row.county_code.clone(),
        mineral_code: row.mineral_code.clone(),
        mining_method: method_of(row)?,
        production_scale: row.production_scale,
        remaining_reserves: row.remaining_reserves,
        surveyed_service_years: row.surveyed_service_years,
        status: status_of(row)?,
        suspended_since: row.suspended_since,
        suspension_ordered: row.suspension_ordered,
        construction_deadline: row.construction_deadline,
        has_mining_licence: row.has_mining_licence,
        has_safety_licence: row.has_safety_licence,
        cross_boundary_mining: row.cross_boundary_mining,
        mining_under_construction_guise: row.mining_under_construction_guise,
        mining_with_exploration_licence: row.mining_with_exploration_licence,
        refuses_rectification: row.refuses_rectification,
        obsolete_equipment: row.obsolete_equipment,
        unsafe_after_suspension: row.unsafe_after_suspension,
        resources_exhausted: row.resources_exhausted,
        ore_body_id: row.ore_body_id.clone(),
        latitude: row.latitude,
        longitude: row.longitude,
        corners: given_degrees(&corners_of(row)?),
        ridge_boundary: row.ridge_boundary,
        violation: violation_of(row)?,
    })
}

/// The stored boundary corners, (latitude, longitude) degrees; a row whose JSON does not
/// parse is corrupt.
pub fn corners_of(row: &mine::Model) -> AppResult<Vec<(f64, f64)>> {
    stored_corners_of(row.id, row.corners.as_deref())
}

/// The corners column of mine `id` as read alone (a neighbour search reads a few columns).
pub fn stored_corners_of(id: i64, text: Option<&str>) -> AppResult<Vec<(f64, f64)>> {
    text.map_or(Ok(Vec::new()), |text| {
        serde_json::from_str(text)
            .map_err(|err| AppError::internal(format!("mines row {id}: corners: {err}")))
    })
}

/// The stored violation, when all three of its columns are recorded.
pub fn violation_of(row: &mine::Model) -> AppResult<Option<Violation>> {
    let (Some(kind), Some(found_on), Some(found_by)) = (
        row.violation_kind.as_deref(),
        row.violation_found_on,
        row.violation_found_by.as_ref(),
    ) else {
        return Ok(None);
    };
    Ok(Some(Violation {
        kind: code(ViolationKind::parse, "violation_kind", row, kind)?,
        found_on,
        found_by: found_by.clone(),
    }))
}

/// The live mines `query` selects: neither archived nor closed, the mines that stand as
/// neighbours, go on a county's lists and are counted; [`is_live`] says it of one row.
pub fn live(query: Select<mine::Entity>) -> Select<mine::Entity> {
    query
        .filter(mine::Column::Archived.eq(false))
        .filter(mine::Column::Status.ne(OperatingStatus::Closed.code()))
}

/// Whether one stored row is live, as [`live`] selects.
pub fn is_live(row: &mine::Model) -> bool {
    !row.archived && row.status != OperatingStatus::Closed.code()
}
