//! A city-coordinated integration group: mines of several counties that the city task
//! force unifies into one right (市工作专班的统一部署); each county's plan carries its own
//! members in an entry joined to it.
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "coordinated_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The city that coordinates it.
    pub city_code: String,
    /// The unified mine's name.
    pub unified_name: String,
    /// The unified right's holder; null: the largest member's holder.
    pub unified_holder: Option<String>,
    /// The unified system's scale, 万吨/年; null: the members' sum.
    pub target_scale: Option<f64>,
    /// 完成时间, which every county's entry takes.
    pub complete_by: Date,
    /// The unified mine, once the integration is completed.
    pub unified_mine_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
