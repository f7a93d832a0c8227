//! Places held in the NEW-3 balance and the caps, per scope: the row an admission bumps
//! with one conditional update, so concurrent admissions cannot both take the last place.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "places_held")]
pub struct Model {
    /// `balance:<city or county code>` or `cap:<mineral>:<city or county code>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// New mines holding a place.
    pub new_mines: i32,
    /// Designed production holding a place, 万吨/年.
    pub scale: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
