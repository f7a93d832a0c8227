//! A city's annual transfer plan (全市非煤矿业权出让计划) for one year.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "transfer_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub year: i32,
    /// `DRAFT` or `APPROVED` (frozen).
    pub status: String,
    pub approved_at: Option<DateTimeUtc>,
    pub approved_by: Option<String>,
    /// Supplementary batches approved after the plan (0 until one is).
    pub batches: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
