//! `updateMilestone`: the city admin moves (and may rename) a milestone of its city's
//! campaign; and the day a campaign's rectification is due, which plans are flagged against.

use chrono::NaiveDate;
use entity::{campaign, milestone};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::{Action, Caller};
use crate::domain::campaign::MILESTONE_NAME;
use crate::domain::mine::plausible_date;
use crate::domain::operation::Operation;
use crate::domain::plan::progress::Measure;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::Change;
use crate::service::{permitted, require};
use crate::state::AppState;

/// `updateMilestone`: the city admin moves a milestone of its city's campaign (and may
/// rename it); lateness is then read against the new day.
pub async fn update_milestone(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    due_on: NaiveDate,
    name: Option<&str>,
) -> AppResult<milestone::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        permitted(caller, Action::ChangeSettings)?;
        let before = milestone::Entity::find_by_id(id)
            .one(tx)
            .await?
            .ok_or(AppError::NotFound("工作节点"))?;
        let campaign = campaign::Entity::find_by_id(before.campaign_code.clone())
            .one(tx)
            .await?
            .ok_or_else(|| AppError::internal(format!("milestone {id} has no campaign")))?;
        if caller
            .city
            .as_deref()
            .is_some_and(|city| city != campaign.city_code)
        {
            return Err(AppError::Forbidden);
        }
        plausible_date(due_on, "dueOn")?;
        let mut row: milestone::ActiveModel = before.clone().into();
        row.due_on = Set(due_on);
        if let Some(name) = name {
            row.name = Set(MILESTONE_NAME.required(name)?);
        }
        let after = row.update(tx).await?;
        Change::in_city(
            &campaign.city_code,
            Operation::UpdateMilestone,
            after.id,
            (Some(&before), Some(&after)),
        )
        .record(tx, clock, caller)
        .await?;
        Ok(after)
    })
    .await
}

/// The day the current campaign of city `city_code` has its rectification due (see
/// [`rectification_due`]); `None` without a current campaign or such a milestone.
pub async fn current_rectification_due(
    db: &impl ConnectionTrait,
    city_code: &str,
) -> AppResult<Option<NaiveDate>> {
    let current = campaign::Entity::find()
        .filter(campaign::Column::CityCode.eq(city_code))
        .filter(campaign::Column::Current.eq(true))
        .one(db)
        .await?;
    match current {
        Some(campaign) => rectification_due(db, &campaign.code).await,
        None => Ok(None),
    }
}

/// The day campaign `code`'s rectification is due (its earliest `RECTIFICATION_DONE`
/// milestone), which a plan's entries are flagged against; `None` when it sets none.
pub async fn rectification_due(
    db: &impl ConnectionTrait,
    code: &str,
) -> AppResult<Option<NaiveDate>> {
    Ok(milestone::Entity::find()
        .filter(milestone::Column::CampaignCode.eq(code))
        .filter(milestone::Column::Measure.eq(Measure::RectificationDone.code()))
        .order_by_asc(milestone::Column::DueOn)
        .one(db)
        .await?
        .map(|m| m.due_on))
}
