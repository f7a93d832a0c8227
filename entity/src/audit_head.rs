//! The single row that holds the audit chain's last sequence number and hash.
use sea_orm::entity::prelude::*;

/// Always `id = 1`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    /// Always 1: the table holds exactly one row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Sequence number of the last entry written (0 before the first).
    pub seq: i64,
    /// SHA-256 hex of the last entry (64 zeros before the first); the next entry's prev hash.
    pub last_hash: String,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
