//! One revision of a county rectification plan (综合整治提升工作计划).
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "county_plans")]
pub struct Model {
    /// Surrogate key; the GraphQL `CountyPlan.id` (each revision has its own).
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The county that files it.
    pub county_code: String,
    /// The campaign it belongs to.
    pub campaign_code: String,
    /// 1 for the first plan, +1 for each revision.
    pub revision: i32,
    /// `DRAFT`, `SUBMITTED`, `RETURNED`, `APPROVED` or `SUPERSEDED`.
    pub status: String,
    /// The approved revision this one revises; null for the first.
    pub revises_id: Option<i64>,
    /// `county:campaign` while open, null otherwise (unique: one open plan per county).
    pub open_slot: Option<String>,
    /// The city's comments on returning it: a JSON array of `{at, by, text}`, oldest first.
    pub comments: Option<String>,
    /// When it was first submitted (the "plans filed" milestone reads it).
    pub first_submitted_at: Option<DateTimeUtc>,
    /// When the county first filed this revision's three lists complete
    /// (`fileCountyLists`); the `LISTS_FILED` milestone reads it and submission.
    pub lists_filed_at: Option<DateTimeUtc>,
    /// When it was last submitted.
    pub submitted_at: Option<DateTimeUtc>,
    /// When the city last decided on it (approved or returned).
    pub decided_at: Option<DateTimeUtc>,
    /// Who decided (the token's `sub`).
    pub decided_by: Option<String>,
    /// The day it was approved (Asia/Shanghai).
    pub approved_on: Option<Date>,
    /// When a newer approved revision replaced it.
    pub superseded_at: Option<DateTimeUtc>,
    /// Optimistic-concurrency version: +1 on every change, so that of two concurrent
    /// decisions exactly one wins.
    pub version: i32,
    /// Who created it (the token's `sub`).
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
