//! One feature of a reference layer version, its geometry as GeoJSON text in degrees.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reference_features")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub layer_id: i64,
    /// Its place in the imported file, from 0.
    pub ordinal: i32,
    pub name: String,
    /// `PlanZone`'s code, for a master-plan zone.
    pub zone: Option<String>,
    /// The GeoJSON geometry object.
    #[sea_orm(column_type = "Text")]
    pub shape: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
