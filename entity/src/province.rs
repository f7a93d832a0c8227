//! A province (省), the top of the division hierarchy.
use sea_orm::entity::prelude::*;

/// One province row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "provinces")]
pub struct Model {
    /// Six-digit division code (GB/T 2260), e.g. `140000` for 山西省.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Chinese name (e.g. 山西省).
    pub name: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
