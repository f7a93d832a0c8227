//! The city transfer plan of a year (entries in NEW-1 priority order, then admission
//! time), the candidate blocks, and the closure quota (NEW-3).

use entity::{block, plan_entry, transfer_entry, transfer_plan};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::domain::access::{Action, Caller, Region, Role};
use crate::domain::admission::{Balance, checks, failed_checks, new_1_rank};
use crate::domain::codes::{BlockPriority, EntryKind, TransferPlanStatus};
use crate::domain::plan::entries::TRANSFER_YEARS;
use crate::error::{AppError, AppResult};
use crate::service::admission::closures::listed_mines;
use crate::service::admission::facts::{balance_scope, closure_counting, gather, held, settings};
use crate::service::in_force::in_force_ids;
use crate::service::{permitted, require};
use crate::state::AppState;

/// A transfer plan with its entries (withdrawn ones included, at the end) and their blocks.
pub struct TransferPlanView {
    pub plan: transfer_plan::Model,
    pub entries: Vec<(transfer_entry::Model, block::Model)>,
}

/// The city a question is about: the one named (it must exist), else the caller's, else
/// the deployment's only city.
pub fn city_for(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
) -> AppResult<String> {
    let places = state.places.current();
    if let Some(city) = city_code.map(str::trim) {
        return if places.has_city(city) {
            Ok(city.to_owned())
        } else {
            Err(AppError::invalid(
                "cityCode",
                format!("未知的城市代码：{city}"),
            ))
        };
    }
    viewer
        .and_then(|c| c.city.clone())
        .or_else(|| places.only_city().map(str::to_owned))
        .ok_or_else(|| AppError::invalid("cityCode", "请指定城市"))
}

/// [`city_for`], `FORBIDDEN` when it is not the caller's own city (a token naming a city
/// reaches that city only).
pub fn own_city(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
) -> AppResult<String> {
    let city = city_for(state, viewer, city_code)?;
    if viewer
        .and_then(|c| c.city.as_deref())
        .is_some_and(|own| own != city)
    {
        return Err(AppError::Forbidden);
    }
    Ok(city)
}

/// Whether the viewer reads the city's transfer plan while it is compiled: the city's
/// admin, approver and auditors.
pub fn reads_drafts(viewer: Option<&Caller>, city: &str) -> bool {
    viewer.is_some_and(|caller| {
        matches!(
            caller.role,
            Role::CityAdmin | Role::CityApprover | Role::Auditor
        ) && caller.city.as_deref().is_none_or(|own| own == city)
    })
}

/// NEW-1's order: priority category, then admission time.
fn priority_rank(code: &str) -> usize {
    BlockPriority::parse(code).map_or(BlockPriority::ALL.len(), new_1_rank)
}

/// The transfer plan of `year`: anyone reads an approved one; city roles and auditors
/// also the one being compiled.
pub async fn plan(
    state: &AppState,
    viewer: Option<&Caller>,
    year: i32,
    city_code: Option<&str>,
) -> AppResult<Option<TransferPlanView>> {
    let city = city_for(state, viewer, city_code)?;
    let Some(plan) = transfer_plan::Entity::find()
        .filter(transfer_plan::Column::CityCode.eq(city.clone()))
        .filter(transfer_plan::Column::Year.eq(year))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let drafts = reads_drafts(viewer, &city);
    if plan.status != TransferPlanStatus::Approved.code() && !drafts {
        return Ok(None);
    }
    let mut view = with_entries(&state.db, plan).await?;
    if !drafts {
        // A supplementary batch is the city's until it is approved.
        view.entries.retain(|(entry, _)| entry.published);
    }
    Ok(Some(view))
}

pub(super) async fn with_entries(
    db: &impl ConnectionTrait,
    plan: transfer_plan::Model,
) -> AppResult<TransferPlanView> {
    let entries = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::TransferPlanId.eq(plan.id))
        .order_by_asc(transfer_entry::Column::Id)
        .all(db)
        .await?;
    let blocks: std::collections::HashMap<i64, block::Model> = block::Entity::find()
        .filter(block::Column::Id.is_in(entries.iter().map(|e| e.block_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let mut entries: Vec<(transfer_entry::Model, block::Model)> = entries
        .into_iter()
        .filter_map(|e| blocks.get(&e.block_id).cloned().map(|b| (e, b)))
        .collect();
    entries.sort_by_key(|(e, _)| {
        (
            e.withdrawn_at.is_some(),
            priority_rank(&e.priority),
            e.admitted_at,
            e.id,
        )
    });
    Ok(TransferPlanView { plan, entries })
}

/// `candidateBlocks`: blocks the plans in force propose for `year` in the city, not yet
/// admitted, passing every blocking check (warnings allowed), in NEW-1 priority order.
pub async fn candidates(
    state: &AppState,
    viewer: Option<&Caller>,
    year: i32,
    city_code: Option<&str>,
) -> AppResult<Vec<block::Model>> {
    let caller = require(viewer)?;
    permitted(caller, Action::ReadPlans)?;
    let city = city_for(state, viewer, city_code)?;
    let proposed = Query::select()
        .column(plan_entry::Column::BlockId)
        .from(plan_entry::Entity)
        .and_where(plan_entry::Column::Kind.eq(EntryKind::NewMine.code()))
        .and_where(plan_entry::Column::TransferYear.eq(year))
        .and_where(plan_entry::Column::PlanId.in_subquery(in_force_ids()))
        .to_owned();
    let admitted = Query::select()
        .column(transfer_entry::Column::BlockId)
        .from(transfer_entry::Entity)
        .and_where(transfer_entry::Column::ActiveBlock.is_not_null())
        .to_owned();
    let counties = Query::select()
        .column(entity::county::Column::Code)
        .from(entity::county::Entity)
        .and_where(entity::county::Column::CityCode.eq(city.clone()))
        .to_owned();
    let mut region = caller.region();
    if matches!(region, Region::Everywhere) {
        region = Region::City(city.clone());
    }
    let mut blocks = block::Entity::find()
        .filter(block::Column::Id.in_subquery(proposed))
        .filter(block::Column::Id.not_in_subquery(admitted))
        .filter(block::Column::CountyCode.in_subquery(counties))
        .filter(crate::service::scope::in_region(
            block::Column::CountyCode,
            &region,
        ))
        .all(&state.db)
        .await?;
    let mut eligible = Vec::new();
    for block in blocks.drain(..) {
        let facts = gather(state, &state.db, &block, year, false).await?;
        if failed_checks(&checks(&facts)).is_empty() {
            eligible.push(block);
        }
    }
    eligible.sort_by_key(|b| (priority_rank(&b.priority), b.id));
    Ok(eligible)
}

/// `closureQuota`: closed mines against new mines, for a county or the city (NEW-3), with
/// the closures counted for `year` as admission counts them (every closure the plans in
/// force schedule, when no year is named). Who
/// reads the city's transfer plan while it is compiled reads the live counter, as it is
/// (never clamped); everyone else the new mines of approved plans only, as published.
pub async fn quota(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: Option<&str>,
    city_code: Option<&str>,
    year: Option<i32>,
) -> AppResult<Balance> {
    let db = &state.db;
    if let Some(year) = year {
        transfer_year(year)?;
    }
    let places = state.places.current();
    let (city, place) = match county_code.map(str::trim) {
        Some(county) => {
            let city = places
                .city_of_county(county)
                .ok_or_else(|| {
                    AppError::invalid("countyCode", format!("未知的县（市、区）代码：{county}"))
                })?
                .to_owned();
            (city, Some(county.to_owned()))
        }
        None => (city_for(state, viewer, city_code)?, None),
    };
    let counting = closure_counting(&settings(db, &city).await?);
    let listed = listed_mines(db, &city, counting).await?;
    let closed = counting.closed(&listed, place.as_deref(), year);
    let scope = balance_scope(place.as_deref().unwrap_or(&city));
    let new_mines = if reads_drafts(viewer, &city) {
        let held = held(db, vec![scope.clone()]).await?;
        held.get(&scope).map_or(0, |h| i64::from(h.new_mines))
    } else {
        published_new_mines(db, &city, place.as_deref()).await?
    };
    Ok(Balance { closed, new_mines })
}

/// New mines holding a place in the city's approved transfer plans (in one county's, when
/// named).
async fn published_new_mines(
    db: &impl ConnectionTrait,
    city: &str,
    county: Option<&str>,
) -> AppResult<i64> {
    let city_plans = Query::select()
        .column(transfer_plan::Column::Id)
        .from(transfer_plan::Entity)
        .and_where(transfer_plan::Column::CityCode.eq(city))
        .to_owned();
    let mut entries = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::TransferPlanId.in_subquery(city_plans))
        .filter(transfer_entry::Column::Published.eq(true))
        .filter(transfer_entry::Column::HoldsPlace.eq(true));
    if let Some(county) = county {
        entries = entries.filter(transfer_entry::Column::CountyCode.eq(county));
    }
    let counted = entries.count(db).await?;
    Ok(i64::try_from(counted).unwrap_or(i64::MAX))
}

/// `BAD_USER_INPUT` naming `year` unless a transfer plan may exist for it.
pub fn transfer_year(year: i32) -> AppResult<()> {
    let (first, last) = TRANSFER_YEARS;
    if (first..=last).contains(&year) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "year",
            format!("年度须在{first}至{last}年之间"),
        ))
    }
}
