//! What an approved plan revision printed: the mines and blocks its entries named, as they
//! stood on approval (JSON arrays of the rows).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "plan_snapshots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: i64,
    /// The mine rows, a JSON array.
    pub mines: String,
    /// The block rows, a JSON array.
    pub blocks: String,
    pub taken_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
