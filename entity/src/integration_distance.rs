//! INTEGRATE-2's least distance for one mine type within a standards version.
use sea_orm::entity::prelude::*;

/// One distance row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_distances")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The standards version this row belongs to (`standards_versions.id`).
    pub version_id: i32,
    /// Mineral code the distance applies to (`minerals.code`).
    pub mineral_code: String,
    /// `OPEN_PIT` or `UNDERGROUND`.
    pub mining_method: String,
    /// Required distance between extraction areas, metres; a neighbour at or within it
    /// is INTEGRATE-2 (300 m for open-pit quarries).
    pub distance_m: f64,
    /// Where the figure comes from (e.g. 安监总局令第39号 art. 12).
    pub source: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
