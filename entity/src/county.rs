//! A county-level unit (县/县级市/区), the body responsible for rectification.
use sea_orm::entity::prelude::*;

/// One county row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "counties")]
pub struct Model {
    /// Six-digit division code (GB/T 2260), e.g. `140525` for 泽州县.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Chinese name (e.g. 泽州县).
    pub name: String,
    /// Six-digit division code of the city it belongs to (e.g. `140500`).
    pub city_code: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
