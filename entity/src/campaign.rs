//! A rectification campaign of a city (e.g. the 2024 plan), whose milestones are data.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    /// Stable code (`JC-2024`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Its name, citing the plan.
    pub name: String,
    /// The city that runs it.
    pub city_code: String,
    /// Whether new county plans are filed under it.
    pub current: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
