//! A version of a reference layer (docs/spatial.md): imported whole, never edited; the
//! newest of its kind in its city is in force.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "reference_layers")]
pub struct Model {
    /// The layer version, named by every screening that read it.
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    /// `LayerKind`'s code (`ECOLOGICAL_RED_LINE`, …).
    pub kind: String,
    /// The layer's name as the importer gave it.
    pub name: String,
    /// The uploaded file's name.
    pub source: String,
    /// SHA-256 of the uploaded file, hex.
    pub sha256: String,
    pub feature_count: i32,
    /// Why this version was imported (the survey it comes from, the plan revision).
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
