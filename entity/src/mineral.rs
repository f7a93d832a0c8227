//! A mineral with its units and provincial minimum production scale.
use sea_orm::entity::prelude::*;

/// One mineral row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "minerals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub national_code: Option<String>,
    pub production_unit: String,
    pub reserves_unit: String,
    pub provincial_min_scale: Option<f64>,
    pub provincial_min_source: Option<String>,
    pub provincial_min_confidence: Option<String>,
    pub sand_stone_soil: bool,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
