//! For which day and standards version every mine of a province is stored: a reader asks
//! this one row whether the stored assessments can answer.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_marks")]
pub struct Model {
    /// The province (six-digit code).
    #[sea_orm(primary_key, auto_increment = false)]
    pub province_code: String,
    /// The standards version every mine of it is stored under.
    pub version_id: i32,
    /// The day (Asia/Shanghai) every mine of it is stored for.
    pub assessed_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
