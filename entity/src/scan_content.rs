//! A stamped scan's bytes, apart from its metadata so that lists never read them.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scan_contents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scan_id: i64,
    pub content: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
