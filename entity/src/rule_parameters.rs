//! The rule parameters of a standards version.
use sea_orm::entity::prelude::*;

/// One row per version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rule_parameters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub version_id: i32,
    pub long_suspension_months: i32,
    pub min_service_years: f64,
    pub exit3_requires_both: bool,
    pub small_mine_exception: bool,
    pub rectification_deadline: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
