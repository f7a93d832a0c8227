//! A department taking part in the joint site survey (NEW-4).
use sea_orm::entity::prelude::*;

/// One department row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    /// Stable code (`FORESTRY`, `EMERGENCY`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Chinese short name (e.g. 林业, 应急).
    pub name: String,
    /// Display order in lists and survey forms (ascending).
    pub sort_order: i32,
    /// Whether its record is expected at every survey (the plan's list ends in "等").
    pub survey_participant: bool,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
