//! Mapping between stored mine rows and the domain's facts, kept in one place so a column
//! and its fact never drift apart.

use entity::mine;
use sea_orm::Set;

use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::mine::{MineDraft, MineFacts};
use crate::error::{AppError, AppResult};

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
    row.ridge_boundary = Set(facts.ridge_boundary);
}

/// The stored facts as a draft; a code the domain does not know is a corrupt row.
pub fn draft_of(row: &mine::Model) -> AppResult<MineDraft> {
    fn code<T>(parsed: Option<T>, column: &str, id: i64) -> AppResult<T> {
        parsed.ok_or_else(|| AppError::internal(format!("mine {id}: bad {column} code")))
    }
    Ok(MineDraft {
        name: row.name.clone(),
        holder: row.holder.clone(),
        holder_type: code(HolderType::parse(&row.holder_type), "holder_type", row.id)?,
        licence_no: row.licence_no.clone(),
        licence_level: row
            .licence_level
            .as_deref()
            .map(|level| code(LicenceLevel::parse(level), "licence_level", row.id))
            .transpose()?,
        licence_valid_from: row.licence_valid_from,
        licence_valid_until: row.licence_valid_until,
        county_code: row.county_code.clone(),
        mineral_code: row.mineral_code.clone(),
        mining_method: code(
            MiningMethod::parse(&row.mining_method),
            "mining_method",
            row.id,
        )?,
        production_scale: row.production_scale,
        remaining_reserves: row.remaining_reserves,
        surveyed_service_years: row.surveyed_service_years,
        status: code(OperatingStatus::parse(&row.status), "status", row.id)?,
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
        ridge_boundary: row.ridge_boundary,
    })
}
