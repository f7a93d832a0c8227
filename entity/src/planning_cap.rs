//! A planning cap on a mineral's total production (NEW-2), city-wide or for one county.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "planning_caps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub mineral_code: String,
    /// The city's code (city-wide) or a county's.
    pub place_code: String,
    /// The cap, 万吨/年.
    pub cap_scale: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
