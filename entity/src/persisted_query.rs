//! A document registered for automatic persisted queries, by its SHA-256.
use sea_orm::entity::prelude::*;

/// One registered document.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "persisted_queries")]
pub struct Model {
    /// Lower-case hex SHA-256 of `query`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hash: String,
    /// The document's text, as the client sent it.
    pub query: String,
    /// When it was registered (unix seconds): the oldest go first past the table's bound.
    pub stored_at: i64,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
