//! One department's site-survey record of a block (NEW-4); the latest per department holds,
//! earlier ones are history.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub block_id: i64,
    /// `departments.code`.
    pub department_code: String,
    /// Whether the department found an overlap with an obstacle.
    pub conflict: bool,
    /// The obstacle's code (`ECOLOGICAL_RED_LINE`, …), with a conflict.
    pub obstacle: Option<String>,
    pub note: Option<String>,
    /// The spatial screen's findings in the department's field when it recorded (JSON).
    #[sea_orm(column_type = "Text", nullable)]
    pub screen_findings: Option<String>,
    /// Who recorded it (the token's `sub`).
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
