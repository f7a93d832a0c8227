//! `createCampaign`: a later campaign of a city, with its own milestones, becomes the city's
//! current one.

use entity::{campaign, milestone};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::{CampaignView, list};
use crate::domain::access::{Action, Caller};
use crate::domain::campaign::{CheckedCampaign, NewCampaign, checked};
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::{permitted, require};
use crate::state::AppState;

/// `createCampaign`: the city admin opens a later campaign of its city with its own
/// milestones; it becomes the current one (new county plans are filed under it), and the
/// plans of earlier campaigns stay as they are.
pub async fn create(
    state: &AppState,
    viewer: Option<&Caller>,
    input: NewCampaign,
) -> AppResult<CampaignView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        permitted(caller, Action::ChangeSettings)?;
        let city = input.city_code.trim().to_owned();
        if caller.city.as_deref().is_some_and(|own| own != city) {
            return Err(AppError::Forbidden);
        }
        if entity::city::Entity::find_by_id(city.clone())
            .one(tx)
            .await?
            .is_none()
        {
            return Err(AppError::invalid(
                "cityCode",
                format!("未知的城市代码：{city}"),
            ));
        }
        let campaign = checked(&input)?;
        let campaign_code = campaign.code.clone();
        if campaign::Entity::find_by_id(campaign_code.clone())
            .one(tx)
            .await?
            .is_some()
        {
            return Err(AppError::invalid("code", "已有同代码的整治工作"));
        }
        let created = open(tx, &city, campaign).await?;
        audit::record(
            tx,
            clock,
            caller,
            Change {
                city_code: Some(city.clone()),
                operation: Operation::CreateCampaign,
                entity: Operation::CreateCampaign.entity(),
                entity_id: created.code.clone(),
                before: None,
                after: Some(&created),
            },
        )
        .await?;
        list(tx, Some(&city))
            .await?
            .into_iter()
            .find(|c| c.campaign.code == campaign_code)
            .ok_or_else(|| AppError::internal("created campaign missing"))
    })
    .await
}

/// Writes `campaign` as `city`'s current campaign, its milestones in the input's order,
/// and leaves the city's earlier campaigns no longer current.
async fn open(
    tx: &DatabaseTransaction,
    city: &str,
    campaign: CheckedCampaign<'_>,
) -> AppResult<campaign::Model> {
    campaign::Entity::update_many()
        .col_expr(
            campaign::Column::Current,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(campaign::Column::CityCode.eq(city.to_owned()))
        .exec(tx)
        .await?;
    let created = campaign::ActiveModel {
        code: Set(campaign.code.clone()),
        name: Set(campaign.name),
        city_code: Set(city.to_owned()),
        current: Set(true),
    }
    .insert(tx)
    .await?;
    for (i, checked) in campaign.milestones.into_iter().enumerate() {
        milestone::ActiveModel {
            campaign_code: Set(campaign.code.clone()),
            code: Set(checked.code),
            name: Set(checked.name),
            due_on: Set(checked.input.due_on),
            measure: Set(checked.input.measure.code().into()),
            sort_order: Set(i as i32 + 1),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    Ok(created)
}
