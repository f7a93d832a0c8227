//! One row of the hash-chained audit trail.
use sea_orm::entity::prelude::*;

/// `hash` = SHA-256(`prev_hash` ‖ canonical content of this row).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// Position in the chain, from 1, without gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// When the change was recorded (UTC, truncated to microseconds).
    pub occurred_at: DateTimeUtc,
    /// The caller's `sub` claim.
    pub actor_sub: String,
    /// The caller's role code (`CITY_ADMIN`, …).
    pub actor_role: String,
    /// Id (`jti`) of the token used; null when none was recorded.
    pub actor_jti: Option<String>,
    /// The mutation performed (`createMine`, `updateStandards`, …).
    pub operation: String,
    /// Type of the changed record (`Mine`, `StandardsVersion`, `Token`, …).
    pub entity: String,
    /// Id of the changed record (the `jti` for a `Token`).
    pub entity_id: String,
    /// JSON image before the change; null on creation.
    pub before_json: Option<String>,
    /// JSON image after the change.
    pub after_json: Option<String>,
    /// Hash of the previous entry (64 zeros before the first).
    pub prev_hash: String,
    /// SHA-256 (hex) over `prev_hash` and this entry's canonical content.
    pub hash: String,
    /// The city whose data the entry touches; null for deployment-wide entities.
    pub city_code: Option<String>,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
