//! A mine's stored assessment: what filters and summaries read instead of reassessing
//! every mine (see `mineright::domain::assessment::stored`).
use sea_orm::entity::prelude::*;

/// One row per assessed mine.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mine_assessments")]
pub struct Model {
    /// The mine (`mines.id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub mine_id: i64,
    /// The mine's county when stored (six-digit code), for counts by county.
    pub county_code: String,
    /// Whether the mine was live (not archived, not closed) when stored: what a summary
    /// counts.
    pub live: bool,
    /// The standards version the rules read.
    pub version_id: i32,
    /// The day (Asia/Shanghai) the assessment was computed for.
    pub assessed_on: Date,
    /// The default disposition code (`CLOSE`, …, `CLOSED`).
    pub disposition: String,
    /// SHA-256 (hex) of the findings and options.
    pub digest: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
