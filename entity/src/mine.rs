//! A non-coal mine of the registry with every fact the rectification rules read.
use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One mine row. Serialisable so the audit trail can record before/after images.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "mines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub holder: String,
    pub holder_type: String,
    pub licence_no: Option<String>,
    pub licence_level: Option<String>,
    pub licence_valid_from: Option<Date>,
    pub licence_valid_until: Option<Date>,
    pub county_code: String,
    pub mineral_code: String,
    pub mining_method: String,
    pub production_scale: f64,
    pub remaining_reserves: f64,
    pub surveyed_service_years: Option<f64>,
    pub status: String,
    pub suspended_since: Option<Date>,
    pub suspension_ordered: bool,
    pub construction_deadline: Option<Date>,
    pub has_mining_licence: bool,
    pub has_safety_licence: bool,
    pub cross_boundary_mining: bool,
    pub mining_under_construction_guise: bool,
    pub mining_with_exploration_licence: bool,
    pub refuses_rectification: bool,
    pub obsolete_equipment: bool,
    pub unsafe_after_suspension: bool,
    pub resources_exhausted: bool,
    pub ore_body_id: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub ridge_boundary: bool,
    pub version: i32,
    pub archived: bool,
    pub archived_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
