//! A city's admission settings (docs/rules.md NEW-3's open questions, as data).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "admission_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    /// Whether a county's own balance refuses admission (a warning by default).
    pub county_balance_blocks: bool,
    /// Whether only completed closures (licence cancelled) count as closed.
    pub completed_closures_only: bool,
    /// Whether integration members count as closed mines.
    pub count_integration_members: bool,
    /// Layer kinds whose overlap also blocks admission (JSON list of codes); null: none.
    #[sea_orm(column_type = "Text", nullable)]
    pub blocking_layers: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
