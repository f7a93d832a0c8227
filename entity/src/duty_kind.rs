//! A kind of follow-up duty (seed §4.3; its lists end in "等", so kinds are data).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "duty_kinds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    /// Comma-separated routes it follows (`CLOSE,EXIT`, `UPGRADE`, `INTEGRATION`).
    pub routes: String,
    /// Only for a licensed mine.
    pub licensed_only: bool,
    /// Only for a mine whose licence is valid when the plan is approved.
    pub valid_licence_only: bool,
    /// `CLOSE_BY`, `RESTORATION_DUE_BY`, `COMPLETE_BY`, `SAFETY_FACILITIES_BY`,
    /// `LICENCE_CHANGE_BY`.
    pub due_field: String,
    /// `RECORD`, `CLOSES_MINE` or `UNIFIES_GROUP`.
    pub completes: String,
    /// `HOLDER`, `LICENSING_AUTHORITY` or `COUNTY`.
    pub performer: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
