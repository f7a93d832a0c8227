//! `balanceOutlook`: the closures the approved plans schedule and complete against the new
//! mines they propose and the city admits, year by year, city-wide and per county.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use entity::{block, duty, mine, plan_entry, plan_mine, transfer_entry, transfer_plan};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::access::{Action, Caller};
use crate::domain::codes::{EntryKind, TransferPlanStatus};
use crate::domain::outlook::{OutlookYear, YearFigures, outlook};
use crate::error::{AppError, AppResult};
use crate::service::admission::facts::settings;
use crate::service::admission::transfer::{city_for, reads_drafts};
use crate::service::plans::in_force_ids;
use crate::service::require;
use crate::state::AppState;

/// The outlook of a city and of each of its counties.
pub struct BalanceOutlook {
    pub city_code: String,
    pub completed_closures_only: bool,
    pub city: Vec<OutlookYear>,
    pub counties: BTreeMap<String, Vec<OutlookYear>>,
}

/// `balanceOutlook`, for the city's officials and auditors, in a fixed number of statements.
pub async fn balance_outlook(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
) -> AppResult<BalanceOutlook> {
    let caller = require(viewer)?;
    if !caller.may_ever(Action::ReadPlans) {
        return Err(AppError::Forbidden);
    }
    let city = city_for(state, viewer, city_code)?;
    if caller.city.as_deref().is_some_and(|own| own != city) {
        return Err(AppError::Forbidden);
    }
    let db = &state.db;
    let places = state.places.current();
    let in_city = |county: &str| places.city_of_county(county) == Some(city.as_str());
    let settings = settings(db, &city).await?;
    let entries = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.in_subquery(in_force_ids()))
        .filter(
            plan_entry::Column::Kind.is_in([EntryKind::Closure.code(), EntryKind::NewMine.code()]),
        )
        .all(db)
        .await?;
    let members = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.in_subquery(in_force_ids()))
        .all(db)
        .await?;
    let mine_ids: BTreeSet<i64> = members.iter().map(|m| m.mine_id).collect();
    let mines: BTreeMap<i64, mine::Model> = mine::Entity::find()
        .filter(mine::Column::Id.is_in(mine_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let cancelled: BTreeSet<i64> = duty::Entity::find()
        .filter(duty::Column::PlanId.in_subquery(in_force_ids()))
        .filter(duty::Column::Kind.eq("LICENCE_CANCELLATION"))
        .filter(duty::Column::DoneOn.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|d| d.mine_id)
        .collect();
    let mut admitted =
        transfer_entry::Entity::find().filter(transfer_entry::Column::HoldsPlace.eq(true));
    if !reads_drafts(viewer, &city) {
        // Admissions into the plan being compiled are the city's until it is approved.
        admitted = admitted.filter(
            transfer_entry::Column::TransferPlanId.in_subquery(
                Query::select()
                    .column(transfer_plan::Column::Id)
                    .from(transfer_plan::Entity)
                    .and_where(
                        transfer_plan::Column::Status.eq(TransferPlanStatus::Approved.code()),
                    )
                    .to_owned(),
            ),
        );
    }
    let admitted: BTreeSet<i64> = admitted
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.block_id)
        .collect();
    let block_ids: BTreeSet<i64> = entries.iter().filter_map(|e| e.block_id).collect();
    let block_county: BTreeMap<i64, String> = block::Entity::find()
        .filter(block::Column::Id.is_in(block_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.county_code))
        .collect();
    let mut by_county: BTreeMap<String, BTreeMap<i32, YearFigures>> = BTreeMap::new();
    let mut counted = BTreeSet::new();
    for entry in &entries {
        if entry.kind == EntryKind::Closure.code() {
            let Some(year) = entry.close_by.map(|d| d.year()) else {
                continue;
            };
            for member in members.iter().filter(|m| m.entry_id == entry.id) {
                let Some(row) = mines.get(&member.mine_id) else {
                    continue;
                };
                if row.licence_no.is_none() || !in_city(&row.county_code) || !counted.insert(row.id)
                {
                    continue;
                }
                let figures = by_county
                    .entry(row.county_code.clone())
                    .or_default()
                    .entry(year)
                    .or_default();
                figures.closures_scheduled += 1;
                if cancelled.contains(&row.id) {
                    figures.closures_completed += 1;
                }
            }
        } else if let (Some(year), Some(block)) = (entry.transfer_year, entry.block_id) {
            let Some(county) = block_county.get(&block).filter(|c| in_city(c)) else {
                continue;
            };
            let figures = by_county
                .entry(county.clone())
                .or_default()
                .entry(year)
                .or_default();
            figures.new_proposed += 1;
            if admitted.contains(&block) {
                figures.new_admitted += 1;
            }
        }
    }
    let mut city_years: BTreeMap<i32, YearFigures> = BTreeMap::new();
    for years in by_county.values() {
        for (year, figures) in years {
            let total = city_years.entry(*year).or_default();
            total.closures_scheduled += figures.closures_scheduled;
            total.closures_completed += figures.closures_completed;
            total.new_proposed += figures.new_proposed;
            total.new_admitted += figures.new_admitted;
        }
    }
    Ok(BalanceOutlook {
        city: outlook(&city_years, settings.completed_closures_only),
        counties: by_county
            .iter()
            .map(|(county, years)| {
                (
                    county.clone(),
                    outlook(years, settings.completed_closures_only),
                )
            })
            .collect(),
        completed_closures_only: settings.completed_closures_only,
        city_code: city,
    })
}
