//! One scale-class threshold figure of a standards version (production or deposit scale).
use sea_orm::entity::prelude::*;

/// One threshold row; `kind` is `PRODUCTION` or `DEPOSIT`, `variant` is `ANY`, a mining
/// method (`OPEN_PIT`, `UNDERGROUND`) or an ore grade (`LEAN`, `RICH`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scale_thresholds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub mineral_code: String,
    pub kind: String,
    pub variant: String,
    pub large_min: Option<f64>,
    pub medium_min: Option<f64>,
    pub medium_min_inclusive: bool,
    pub unit: String,
    pub source: String,
    pub confidence: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
