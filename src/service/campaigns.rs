//! Campaigns and their milestones (data the city edits), and each county's progress
//! against them: plans filed, duties done, lateness flagged, nothing blocked.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{campaign, county, county_plan, duty, milestone};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::clock::shanghai_date;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::PlanStatus;
use crate::domain::mine::plausible_date;
use crate::domain::plan::duties::is_overdue;
use crate::domain::plan::progress::{
    CountyFacts, DutyState, Measure, MilestoneState, milestone_state,
};
use crate::domain::text::TextField;
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Change};
use crate::service::rectification::summary_counties;
use crate::service::reference;
use crate::service::require;
use crate::service::stored::stored_code;
use crate::service::writes::in_write;
use crate::state::AppState;

const MILESTONE_NAME: TextField = TextField::single("name", "节点名称", 200);

/// A campaign with its milestones in order.
#[derive(Debug, Clone)]
pub struct CampaignView {
    pub campaign: campaign::Model,
    pub milestones: Vec<milestone::Model>,
}

/// The campaigns of a city (or every city), each with its milestones; public, as the plan
/// that sets them is.
pub async fn list(
    db: &DatabaseConnection,
    city_code: Option<&str>,
) -> AppResult<Vec<CampaignView>> {
    let mut query = campaign::Entity::find().order_by_asc(campaign::Column::Code);
    if let Some(city) = city_code {
        query = query.filter(campaign::Column::CityCode.eq(city.trim()));
    }
    let campaigns = query.all(db).await?;
    let codes: Vec<String> = campaigns.iter().map(|c| c.code.clone()).collect();
    let mut milestones: HashMap<String, Vec<milestone::Model>> = HashMap::new();
    for row in milestone::Entity::find()
        .filter(milestone::Column::CampaignCode.is_in(codes))
        .order_by_asc(milestone::Column::SortOrder)
        .all(db)
        .await?
    {
        milestones
            .entry(row.campaign_code.clone())
            .or_default()
            .push(row);
    }
    Ok(campaigns
        .into_iter()
        .map(|campaign| CampaignView {
            milestones: milestones.remove(&campaign.code).unwrap_or_default(),
            campaign,
        })
        .collect())
}

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
        if !caller.may_ever(Action::ChangeSettings) {
            return Err(AppError::Forbidden);
        }
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
        audit::record(
            tx,
            clock,
            caller,
            Change {
                city_code: Some(campaign.city_code.clone()),
                operation: "updateMilestone",
                entity: "Milestone",
                entity_id: after.id.to_string(),
                before: Some(&before),
                after: Some(&after),
            },
        )
        .await?;
        Ok(after)
    })
    .await
}

/// One county against its campaign.
#[derive(Debug, Clone)]
pub struct CountyProgress {
    pub county: county::Model,
    /// The county's newest plan revision, if any.
    pub latest: Option<county_plan::Model>,
    /// The revision in force, if any.
    pub in_force: Option<county_plan::Model>,
    /// Each milestone with the county's state against it.
    pub milestones: Vec<(milestone::Model, MilestoneState)>,
    /// Duties of the in-force plan: all, done, overdue today.
    pub duties: (usize, usize, usize),
}

/// `campaignProgress`: each county of the city (or the one asked for) against the current
/// campaign's milestones on `today`, in a fixed number of statements.
pub async fn progress(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: Option<&str>,
    city_code: Option<&str>,
    today: NaiveDate,
) -> AppResult<(CampaignView, Vec<CountyProgress>)> {
    let db = &state.db;
    let caller = require(viewer)?;
    if !caller.may_ever(Action::ReadPlans) {
        return Err(AppError::Forbidden);
    }
    let codes = summary_counties(db, &caller.region(), county_code, city_code).await?;
    let places = state.places.current();
    let mut cities: Vec<&str> = codes
        .iter()
        .filter_map(|code| places.city_of_county(code))
        .collect();
    cities.sort_unstable();
    cities.dedup();
    let city = match cities.as_slice() {
        [only] => (*only).to_owned(),
        [] => return Err(AppError::NotFound("县（市、区）")),
        _ => {
            return Err(AppError::invalid(
                "cityCode",
                "进度按城市的整治工作统计，请指定城市或县（市、区）",
            ));
        }
    };
    let campaign = list(db, Some(&city))
        .await?
        .into_iter()
        .find(|c| c.campaign.current)
        .ok_or(AppError::NotFound("整治工作"))?;
    let counties = reference::counties(db, Some(&city)).await?;
    let plans = county_plan::Entity::find()
        .filter(county_plan::Column::CampaignCode.eq(campaign.campaign.code.clone()))
        .filter(county_plan::Column::CountyCode.is_in(codes.clone()))
        .order_by_asc(county_plan::Column::Revision)
        .all(db)
        .await?;
    let in_force: Vec<i64> = plans
        .iter()
        .filter(|p| p.status == PlanStatus::Approved.code())
        .map(|p| p.id)
        .collect();
    let duties = duty::Entity::find()
        .filter(duty::Column::PlanId.is_in(in_force))
        .all(db)
        .await?;
    let measures = campaign
        .milestones
        .iter()
        .map(|m| {
            stored_code(Measure::parse, "milestones", "measure", m.id, &m.measure)
                .map(|measure| (m.clone(), measure))
        })
        .collect::<AppResult<Vec<_>>>()?;
    let mut result = Vec::new();
    for county in counties.into_iter().filter(|c| codes.contains(&c.code)) {
        let own: Vec<&county_plan::Model> = plans
            .iter()
            .filter(|p| p.county_code == county.code)
            .collect();
        let current = own
            .iter()
            .find(|p| p.status == PlanStatus::Approved.code())
            .map(|p| (*p).clone());
        let own_duties: Vec<&duty::Model> = current
            .as_ref()
            .map(|plan| duties.iter().filter(|d| d.plan_id == plan.id).collect())
            .unwrap_or_default();
        let facts = CountyFacts {
            first_opened_on: own.iter().map(|p| shanghai_date(p.created_at)).min(),
            first_submitted_on: own
                .iter()
                .filter_map(|p| p.first_submitted_at.map(shanghai_date))
                .min(),
            in_force: current.is_some(),
            duties: own_duties
                .iter()
                .map(|d| DutyState {
                    due_by: d.due_by,
                    done_on: d.done_on,
                })
                .collect(),
        };
        let milestones = measures
            .iter()
            .map(|(m, measure)| {
                (
                    m.clone(),
                    milestone_state(*measure, m.due_on, &facts, today),
                )
            })
            .collect();
        let done = own_duties.iter().filter(|d| d.done_on.is_some()).count();
        let overdue = own_duties
            .iter()
            .filter(|d| is_overdue(d.due_by, d.done_on, today))
            .count();
        result.push(CountyProgress {
            latest: own.last().map(|p| (*p).clone()),
            in_force: current,
            milestones,
            duties: (own_duties.len(), done, overdue),
            county,
        });
    }
    Ok((campaign, result))
}
