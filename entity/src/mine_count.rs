//! How many mines each county holds, archived or not: kept by database triggers on every
//! write to `mines`, so a page's `totalCount` over a scope is a sum of a few rows.
use sea_orm::entity::prelude::*;

/// The number of mines of one county with one archived flag.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mine_counts")]
pub struct Model {
    /// The county.
    #[sea_orm(primary_key, auto_increment = false)]
    pub county_code: String,
    /// Whether these are the county's archived mines.
    #[sea_orm(primary_key, auto_increment = false)]
    pub archived: bool,
    /// How many mines.
    pub mines: i64,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
