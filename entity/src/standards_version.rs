//! A version of the mineral standards; assessments name the version they used.
use sea_orm::entity::prelude::*;

/// One standards version row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "standards_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub effective_from: Date,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
