//! A prefecture-level city (地级市); its government approves county plans.
use sea_orm::entity::prelude::*;

/// One city row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cities")]
pub struct Model {
    /// Six-digit division code (GB/T 2260), e.g. `140500` for 晋城市.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Chinese name (e.g. 晋城市).
    pub name: String,
    /// Six-digit division code of its province (e.g. `140000` for 山西省).
    pub province_code: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
