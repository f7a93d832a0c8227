//! A stamped scan's metadata: what it belongs to, what it is, who brought it.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "scans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `PLAN_REVISION`, `SURVEY_RECORD` or `DUTY`.
    pub record_type: String,
    pub record_id: i64,
    /// The county of the record, whose readers may read the scan.
    pub county_code: String,
    pub file_name: String,
    /// As told by the content: `application/pdf`, `image/jpeg`, `image/png`.
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content (also in the audit trail).
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
