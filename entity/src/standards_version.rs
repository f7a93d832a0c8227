//! A version of the mineral standards; assessments name the version they used.
use sea_orm::entity::prelude::*;

/// One standards version row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "standards_versions")]
pub struct Model {
    /// Version number; assessments report it as `standardsVersion`.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The province whose figures these are; its mines are assessed under them.
    pub province_code: String,
    /// Assessments on or after this date use this version (until a newer one).
    pub effective_from: Date,
    /// Why the version was created (修订理由).
    pub reason: String,
    /// `sub` of the official who created it; `migration` for the seeded version.
    pub created_by: String,
    /// When the version was recorded (UTC).
    pub created_at: DateTimeUtc,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
