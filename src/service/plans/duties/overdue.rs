//! Reading the overdue duties of the plans in force.

use chrono::NaiveDate;
use entity::duty;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::{Action, Caller, Region};
use crate::error::AppResult;
use crate::service::plans::in_force_ids;
use crate::service::scope::scoped;
use crate::service::{permitted, require};
use crate::state::AppState;

/// `overdueDuties`: duties of in-force (approved) plans, not done, due before today, in the
/// reader's scope (and the county asked for), most overdue first.
pub async fn overdue(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: Option<&str>,
    today: NaiveDate,
) -> AppResult<Vec<duty::Model>> {
    let caller = require(viewer)?;
    permitted(caller, Action::ReadPlans)?;
    let region: Region = caller.region();
    let mut query = scoped(duty::Entity::find(), duty::Column::CountyCode, &region)
        .filter(duty::Column::DoneOn.is_null())
        .filter(duty::Column::DueBy.lt(today))
        .filter(duty::Column::PlanId.in_subquery(in_force_ids()));
    if let Some(county) = county_code {
        query = query.filter(duty::Column::CountyCode.eq(county.trim()));
    }
    Ok(query
        .order_by_asc(duty::Column::DueBy)
        .order_by_asc(duty::Column::Id)
        .all(&state.db)
        .await?)
}
