//! A provincial minimum production scale within a standards version.
use sea_orm::entity::prelude::*;

/// One minimum row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "provincial_minimums")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The standards version this row belongs to (`standards_versions.id`).
    pub version_id: i32,
    /// Mineral code (`minerals.code`); one row per mineral and version.
    pub mineral_code: String,
    /// Minimum licensed production scale, 万吨/年; below it EXIT-3 and INTEGRATE-3 apply.
    pub min_scale: f64,
    /// Where the figure comes from (seed §3.2.2(3) for the campaign's minimums).
    pub source: String,
    /// C read in the official document, M to verify, L provisional local default.
    pub confidence: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
