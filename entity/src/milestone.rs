//! A campaign milestone (survey done, county plans filed, rectification done, …): lateness
//! is flagged against it, nothing is blocked by it.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "milestones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The campaign it belongs to.
    pub campaign_code: String,
    /// Stable code (`COUNTY_PLANS`, …), unique within the campaign.
    pub code: String,
    /// Its name in the plan's words.
    pub name: String,
    /// The day it is due.
    pub due_on: Date,
    /// What a county is measured by against it: `LISTS_FILED`, `PLAN_SUBMITTED`,
    /// `RECTIFICATION_DONE`, or `NONE` (a city-level milestone).
    pub measure: String,
    /// Display order.
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
