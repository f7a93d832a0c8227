//! Named work one instance at a time does for all (see the `leases` migration).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "leases")]
pub struct Model {
    /// What the lease is for (`stored-assessments`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// The instance holding it (a random id per process).
    pub holder: String,
    /// When the claim lapses unless renewed.
    pub until: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
