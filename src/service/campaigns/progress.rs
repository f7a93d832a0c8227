//! `campaignProgress`: each county against the current campaign's milestones, read in a
//! fixed number of statements and decided per county by the rules of
//! [`crate::domain::plan::progress`].

use chrono::NaiveDate;
use std::collections::HashMap;

use entity::{county, county_plan, duty, milestone, plan_entry};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{CampaignView, list};
use crate::clock::shanghai_date;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::PlanStatus;
use crate::domain::places::Places;
use crate::domain::plan::duties::is_overdue;
use crate::domain::plan::progress::{
    CountyFacts, DutyState, Measure, MilestoneState, entries_left, milestone_state,
};
use crate::error::{AppError, AppResult};
use crate::service::plans::content::deadline_of;
use crate::service::rectification::summary_counties;
use crate::service::reference;
use crate::service::stored::stored_code;
use crate::service::{permitted, require};
use crate::state::AppState;

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
    /// The close/exit, upgrade and integration entries of the in-force plan not yet done.
    pub entries_left: Vec<i64>,
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
    permitted(caller, Action::ReadPlans)?;
    let codes = summary_counties(db, &caller.region(), county_code, city_code).await?;
    let city = only_city(&state.places.current(), &codes)?;
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
        .filter(duty::Column::PlanId.is_in(in_force.clone()))
        .all(db)
        .await?;
    // Each entry's own deadline, which tells its rectifying duties from the aftercare.
    let deadlines: HashMap<i64, NaiveDate> = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.is_in(in_force))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| deadline_of(&e).map(|day| (e.id, day)))
        .collect();
    let measures = campaign
        .milestones
        .iter()
        .map(|m| {
            stored_code(Measure::parse, "milestones", "measure", m.id, &m.measure)
                .map(|measure| (m.clone(), measure))
        })
        .collect::<AppResult<Vec<_>>>()?;
    let result = counties
        .into_iter()
        .filter(|c| codes.contains(&c.code))
        .map(|county| county_progress(county, (&plans, &duties, &deadlines), &measures, today))
        .collect();
    Ok((campaign, result))
}

/// The one city the counties asked for lie in: progress is counted against a city's
/// campaign, so counties of several cities are refused.
fn only_city(places: &Places, codes: &[String]) -> AppResult<String> {
    let mut cities: Vec<&str> = codes
        .iter()
        .filter_map(|code| places.city_of_county(code))
        .collect();
    cities.sort_unstable();
    cities.dedup();
    match cities.as_slice() {
        [only] => Ok((*only).to_owned()),
        [] => Err(AppError::NotFound("县（市、区）")),
        _ => Err(AppError::invalid(
            "cityCode",
            "进度按城市的整治工作统计，请指定城市或县（市、区）",
        )),
    }
}

/// Where `county` stands on `today`, from the campaign's plans and the in-force plans'
/// duties (every county's, read once).
fn county_progress(
    county: county::Model,
    (plans, duties, deadlines): (
        &[county_plan::Model],
        &[duty::Model],
        &HashMap<i64, NaiveDate>,
    ),
    measures: &[(milestone::Model, Measure)],
    today: NaiveDate,
) -> CountyProgress {
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
        lists_filed_on: own
            .iter()
            .filter_map(|p| p.lists_filed_at.map(shanghai_date))
            .min(),
        first_submitted_on: own
            .iter()
            .filter_map(|p| p.first_submitted_at.map(shanghai_date))
            .min(),
        in_force: current.is_some(),
        duties: own_duties
            .iter()
            .map(|d| DutyState {
                entry_id: d.entry_id,
                due_by: d.due_by,
                done_on: d.done_on,
                rectifying: deadlines
                    .get(&d.entry_id)
                    .is_none_or(|deadline| d.due_by <= *deadline),
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
    CountyProgress {
        latest: own.last().map(|p| (*p).clone()),
        in_force: current,
        milestones,
        duties: (own_duties.len(), done, overdue),
        entries_left: entries_left(&facts),
        county,
    }
}
