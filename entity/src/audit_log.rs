//! One row of the hash-chained audit trail.
use sea_orm::entity::prelude::*;

/// `hash` = SHA-256(`prev_hash` ‖ canonical content of this row).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub occurred_at: DateTimeUtc,
    pub actor_sub: String,
    pub actor_role: String,
    pub actor_jti: Option<String>,
    pub operation: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The city whose data the entry touches; null for deployment-wide entities.
    pub city_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
