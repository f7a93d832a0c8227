//! A decisive rule of a mine's stored assessment, one row each, so that a filter by rule
//! is an indexed lookup.
use sea_orm::entity::prelude::*;

/// One rule of one mine's stored assessment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mine_assessment_rules")]
pub struct Model {
    /// The mine (`mine_assessments.mine_id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub mine_id: i64,
    /// The rule ID (`CLOSE-1`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_id: String,
    /// The mine's county when stored (six-digit code), for counts by county.
    pub county_code: String,
    /// Whether the mine was live (not archived, not closed) when stored.
    pub live: bool,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
