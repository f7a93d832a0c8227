//! A provincial minimum production scale within a standards version.
use sea_orm::entity::prelude::*;

/// One minimum row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "provincial_minimums")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub mineral_code: String,
    pub min_scale: f64,
    pub source: String,
    pub confidence: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
