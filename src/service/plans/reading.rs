//! Reading county plans: in full within the reader's scope, as published (approved and
//! superseded revisions, natural persons' names hidden) for everyone else; and the diff
//! between two revisions of one county's plan.

use entity::county_plan;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::{Action, Caller, Region};
use crate::domain::codes::PlanStatus;
use crate::domain::plan::diff::{EntryChange, diff};
use crate::error::{AppError, AppResult};
use crate::service::plans::PLAN;
use crate::service::plans::content::{PlanView, load};
use crate::service::scope::{in_region, scoped};
use crate::state::AppState;

/// The published statuses, as stored.
fn published_codes() -> [&'static str; 2] {
    [PlanStatus::Approved.code(), PlanStatus::Superseded.code()]
}

/// The region whose plans the viewer reads in full, if any.
pub fn full_region(viewer: Option<&Caller>) -> Option<Region> {
    let caller = viewer?;
    caller.may_ever(Action::ReadPlans).then(|| caller.region())
}

/// Whether a plan of `county` lies in `region`, the region whose plans a reader reads in
/// full (the county's city from the places).
pub fn reads_in_full(state: &AppState, region: Option<&Region>, county: &str) -> bool {
    let Some(region) = region else {
        return false;
    };
    let places = state.places.current();
    places
        .city_of_county(county)
        .is_some_and(|city| region.contains(crate::domain::access::Place { county, city }))
}

/// A plan as just written, read in full inside the writer's transaction.
pub async fn view_in(db: &impl ConnectionTrait, id: i64) -> AppResult<PlanView> {
    let plan = county_plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(PLAN))?;
    load(db, vec![plan], |_| true)
        .await?
        .pop()
        .ok_or(AppError::NotFound(PLAN))
}

/// One plan the viewer may read (in full, or as published), else `None`.
pub async fn get(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
) -> AppResult<Option<PlanView>> {
    let region = full_region(viewer);
    let Some(plan) = county_plan::Entity::find_by_id(id).one(&state.db).await? else {
        return Ok(None);
    };
    let full = reads_in_full(state, region.as_ref(), &plan.county_code);
    if !full && !published_codes().contains(&plan.status.as_str()) {
        return Ok(None);
    }
    Ok(load(&state.db, vec![plan], |_| full).await?.pop())
}

/// The plans of a county or city the viewer may read, newest revision first per county.
pub async fn list(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: Option<&str>,
    city_code: Option<&str>,
) -> AppResult<Vec<PlanView>> {
    let region = full_region(viewer);
    let mut visible = Condition::any().add(county_plan::Column::Status.is_in(published_codes()));
    if let Some(region) = &region {
        visible = visible.add(in_region(county_plan::Column::CountyCode, region));
    }
    let mut query = county_plan::Entity::find().filter(visible);
    if let Some(county) = county_code {
        query = query.filter(county_plan::Column::CountyCode.eq(county.trim()));
    }
    if let Some(city) = city_code {
        query = scoped(
            query,
            county_plan::Column::CountyCode,
            &Region::City(city.trim().to_owned()),
        );
    }
    let plans = query
        .order_by_asc(county_plan::Column::CountyCode)
        .order_by_desc(county_plan::Column::Revision)
        .all(&state.db)
        .await?;
    load(&state.db, plans, |plan| {
        reads_in_full(state, region.as_ref(), &plan.county_code)
    })
    .await
}

/// The changes from one revision to another of the same county's plan.
pub async fn changes(
    state: &AppState,
    viewer: Option<&Caller>,
    from_id: i64,
    to_id: i64,
) -> AppResult<(PlanView, PlanView, Vec<EntryChange>)> {
    let from = get(state, viewer, from_id)
        .await?
        .ok_or(AppError::NotFound(PLAN))?;
    let to = get(state, viewer, to_id)
        .await?
        .ok_or(AppError::NotFound(PLAN))?;
    if from.plan.county_code != to.plan.county_code {
        return Err(AppError::invalid(
            "toId",
            "只能比较同一县（市、区）计划的不同修订版",
        ));
    }
    let changes = diff(&from.images()?, &to.images()?);
    Ok((from, to, changes))
}

/// The plan whose lists are "the lists as planned" for a county: the revision in force,
/// else (for readers in scope) the newest revision; `None` when the county has none the
/// viewer may read.
pub async fn planned(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: &str,
) -> AppResult<Option<PlanView>> {
    let plans = list(state, viewer, Some(county_code), None).await?;
    let in_force = plans
        .iter()
        .position(|view| view.status == PlanStatus::Approved);
    Ok(match in_force {
        Some(i) => plans.into_iter().nth(i),
        None => plans.into_iter().next(),
    })
}
