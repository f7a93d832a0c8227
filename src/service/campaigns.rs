//! Campaigns and their milestones (data the city edits), and each county's progress
//! against them: plans filed, duties done, lateness flagged, nothing blocked.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{campaign, county, county_plan, duty, milestone};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::clock::shanghai_date;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::PlanStatus;
use crate::domain::mine::plausible_date;
use crate::domain::plan::duties::is_overdue;
use crate::domain::plan::progress::{
    CountyFacts, DutyState, Measure, MilestoneState, milestone_state,
};
use crate::domain::text::TextField;
use crate::domain::{Problems, ValidationError};
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::rectification::summary_counties;
use crate::service::reference;
use crate::service::require;
use crate::service::stored::stored_code;
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
    db: &impl sea_orm::ConnectionTrait,
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
        Change::in_city(
            &campaign.city_code,
            "updateMilestone",
            ("Milestone", after.id),
            (Some(&before), Some(&after)),
        )
        .record(tx, clock, caller)
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

/// A milestone of a new campaign.
#[derive(Debug, Clone)]
pub struct NewMilestone {
    pub code: String,
    pub name: String,
    pub due_on: NaiveDate,
    pub measure: Measure,
}

/// A new campaign of a city.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub code: String,
    pub name: String,
    pub city_code: String,
    pub milestones: Vec<NewMilestone>,
}

const CAMPAIGN_NAME: TextField = TextField::single("name", "整治工作名称", 200);
/// Most milestones one campaign holds.
const MAX_MILESTONES: usize = 20;

/// A campaign or milestone code: upper-case letters, digits, `-` and `_`, at most 40.
fn code(value: &str, field: &str) -> Result<String, ValidationError> {
    let code = value.trim();
    let valid = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(code.to_owned())
    } else {
        Err(ValidationError::new(
            field,
            "代码须为1至40个大写字母、数字、“-”或“_”",
        ))
    }
}

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
        if !caller.may_ever(Action::ChangeSettings) {
            return Err(AppError::Forbidden);
        }
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
        let mut problems = Problems::new();
        let campaign_code = problems.check(code(&input.code, "code"));
        let name = problems.check(CAMPAIGN_NAME.required(&input.name));
        if !(1..=MAX_MILESTONES).contains(&input.milestones.len()) {
            problems.push(ValidationError::new(
                "milestones",
                format!("工作节点须为1至{MAX_MILESTONES}个"),
            ));
        }
        let mut milestones = Vec::new();
        for (i, m) in input.milestones.iter().enumerate() {
            let field = |name: &str| format!("milestones[{i}].{name}");
            let code = problems.check(code(&m.code, &field("code")));
            let label = problems.check(MILESTONE_NAME.required(&m.name).map_err(|mut e| {
                e.field = field("name");
                e
            }));
            problems.check(plausible_date(m.due_on, &field("dueOn")));
            if let (Some(code), Some(label)) = (code, label) {
                if milestones
                    .iter()
                    .any(|(c, _, _): &(String, String, &NewMilestone)| *c == code)
                {
                    problems.push(ValidationError::new(&field("code"), "工作节点代码重复"));
                }
                milestones.push((code, label, m));
            }
        }
        let (Some(campaign_code), Some(name)) = (campaign_code, name) else {
            return Err(problems.into());
        };
        problems.finish(()).map_err(AppError::from)?;
        if campaign::Entity::find_by_id(campaign_code.clone())
            .one(tx)
            .await?
            .is_some()
        {
            return Err(AppError::invalid("code", "已有同代码的整治工作"));
        }
        campaign::Entity::update_many()
            .col_expr(
                campaign::Column::Current,
                sea_orm::sea_query::Expr::value(false),
            )
            .filter(campaign::Column::CityCode.eq(city.clone()))
            .exec(tx)
            .await?;
        let created = campaign::ActiveModel {
            code: Set(campaign_code.clone()),
            name: Set(name),
            city_code: Set(city.clone()),
            current: Set(true),
        }
        .insert(tx)
        .await?;
        for (i, (code, label, m)) in milestones.into_iter().enumerate() {
            milestone::ActiveModel {
                campaign_code: Set(campaign_code.clone()),
                code: Set(code),
                name: Set(label),
                due_on: Set(m.due_on),
                measure: Set(m.measure.code().into()),
                sort_order: Set(i as i32 + 1),
                ..Default::default()
            }
            .insert(tx)
            .await?;
        }
        audit::record(
            tx,
            clock,
            caller,
            Change {
                city_code: Some(city.clone()),
                operation: "createCampaign",
                entity: "Campaign",
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
