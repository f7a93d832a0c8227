//! A trading platform's outcome report, kept by its idempotency key with its first result.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "outcome_reports")]
pub struct Model {
    /// The integrator's key: a repeated report with it is answered with `result`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub idempotency_key: String,
    pub entry_id: i64,
    /// The report as received (JSON), to tell a true repeat from a reused key.
    pub request: String,
    /// The entry as the first report left it (JSON).
    pub result: String,
    pub reported_by: String,
    pub reported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
