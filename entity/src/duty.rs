//! A follow-up duty of an approved plan's entry: who, by when, and when it was done.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "duties")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub entry_id: i64,
    /// The mine it concerns (null for a group's completion).
    pub mine_id: Option<i64>,
    /// The plan's county (scoping and the overdue index).
    pub county_code: String,
    /// `duty_kinds.code`.
    pub kind: String,
    /// Who performs it.
    pub responsible: String,
    pub due_by: Date,
    pub done_on: Option<Date>,
    pub note: Option<String>,
    /// Settlement amount, 万元, as a decimal string.
    pub amount_wan_yuan: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
