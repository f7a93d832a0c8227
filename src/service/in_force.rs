//! Which county plan revisions are in force: what the city transfer plan and NEW-3 stand
//! on. Kept apart from the plans' use cases so that admission reads it without depending
//! on them, and the plans' workflow may ask admission to check its entries again.

use entity::county_plan;
use sea_orm::ColumnTrait;

use crate::domain::codes::PlanStatus;

/// The ids of plans in force (approved and not superseded), for filtering by sub-query.
pub fn in_force_ids() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(county_plan::Column::Id)
        .from(county_plan::Entity)
        .and_where(county_plan::Column::Status.eq(PlanStatus::Approved.code()))
        .to_owned()
}
