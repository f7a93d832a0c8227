//! INTEGRATE-2's least distance for one mine type within a standards version.
use sea_orm::entity::prelude::*;

/// One distance row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_distances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub mineral_code: String,
    pub mining_method: String,
    pub distance_m: f64,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
