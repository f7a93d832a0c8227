//! A revoked token id.
use sea_orm::entity::prelude::*;

/// One revocation.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "revoked_tokens")]
pub struct Model {
    /// The revoked token's `jti`; a token carrying it is refused with 401.
    #[sea_orm(primary_key, auto_increment = false)]
    pub jti: String,
    /// Why it was revoked, as the city admin wrote it.
    pub reason: String,
    /// `sub` of the city admin who revoked it.
    pub revoked_by: String,
    /// When the revocation was recorded (UTC).
    pub revoked_at: DateTimeUtc,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
