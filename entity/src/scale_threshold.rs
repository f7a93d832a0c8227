//! One scale-class threshold figure of a standards version (production or deposit scale).
use sea_orm::entity::prelude::*;

/// One threshold row; `kind` is `PRODUCTION` or `DEPOSIT`, `variant` is `ANY`, a mining
/// method (`OPEN_PIT`, `UNDERGROUND`) or an ore grade (`LEAN`, `RICH`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scale_thresholds")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The standards version this row belongs to (`standards_versions.id`).
    pub version_id: i32,
    /// Mineral code (`minerals.code`).
    pub mineral_code: String,
    /// `PRODUCTION` (矿山生产建设规模, 万吨/年) or `DEPOSIT` (矿床规模, 万吨).
    pub kind: String,
    /// `ANY`, a mining method, or an ore grade; unique with version, mineral and kind.
    pub variant: String,
    /// Lower bound of LARGE (大型), inclusive; null when the standard names no large class.
    pub large_min: Option<f64>,
    /// Lower bound of MEDIUM (中型); null when no figure exists yet (no class is given).
    pub medium_min: Option<f64>,
    /// Whether a figure equal to `medium_min` is already medium.
    pub medium_min_inclusive: bool,
    /// Unit of the bounds: 万吨/年 for production, 万吨 for deposits.
    pub unit: String,
    /// Where the figure comes from (standard, document or local decision).
    pub source: String,
    /// C read in the official table, M to verify, L provisional local default.
    pub confidence: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
