//! The rule parameters of a standards version.
use sea_orm::entity::prelude::*;

/// One row per version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rule_parameters")]
pub struct Model {
    /// The standards version these parameters belong to (`standards_versions.id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub version_id: i32,
    /// EXIT-2: months of continuous suspension that count as long (default 12).
    pub long_suspension_months: i32,
    /// EXIT-3 / UPGRADE-1: minimum remaining service life in years (default 5).
    pub min_service_years: f64,
    /// EXIT-3 needs both failures (scale and life) instead of either.
    pub exit3_requires_both: bool,
    /// NEW-2's provincial small sand/stone/soil mine exception (off by default).
    pub small_mine_exception: bool,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
