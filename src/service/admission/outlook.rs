//! `balanceOutlook`: the closures the approved plans schedule and complete against the new
//! mines they propose and the city admits, year by year, city-wide and per county.

use std::collections::{BTreeMap, BTreeSet};

use entity::{block, plan_entry, transfer_entry};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::access::{Action, Caller};
use crate::domain::codes::EntryKind;
use crate::domain::outlook::{OutlookYear, YearFigures, outlook};
use crate::error::{AppError, AppResult};
use crate::service::admission::closures::listed_mines;
use crate::service::admission::facts::{closure_counting, settings};
use crate::service::admission::transfer::{city_for, reads_drafts};
use crate::service::in_force::in_force_ids;
use crate::service::{permitted, require};
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
    permitted(caller, Action::ReadPlans)?;
    let city = city_for(state, viewer, city_code)?;
    if caller.city.as_deref().is_some_and(|own| own != city) {
        return Err(AppError::Forbidden);
    }
    let db = &state.db;
    let settings = settings(db, &city).await?;
    let counting = closure_counting(&settings);
    let listed = listed_mines(db, &city, counting).await?;
    let mut by_county: BTreeMap<String, BTreeMap<i32, YearFigures>> = BTreeMap::new();
    for (county, years) in counting.by_county_and_year(&listed) {
        for (year, due) in years {
            let figures = by_county
                .entry(county.clone())
                .or_default()
                .entry(year)
                .or_default();
            figures.closures_scheduled = due.scheduled;
            figures.closures_completed = due.completed;
            figures.closures_counted = due.counted;
        }
    }
    for (county, year, admitted) in new_mines(state, viewer, &city).await? {
        let figures = by_county
            .entry(county)
            .or_default()
            .entry(year)
            .or_default();
        figures.new_proposed += 1;
        figures.new_admitted += u32::from(admitted);
    }
    let mut city_years: BTreeMap<i32, YearFigures> = BTreeMap::new();
    for years in by_county.values() {
        for (year, figures) in years {
            let total = city_years.entry(*year).or_default();
            total.closures_scheduled += figures.closures_scheduled;
            total.closures_completed += figures.closures_completed;
            total.closures_counted += figures.closures_counted;
            total.new_proposed += figures.new_proposed;
            total.new_admitted += figures.new_admitted;
        }
    }
    Ok(BalanceOutlook {
        city: outlook(&city_years),
        counties: by_county
            .iter()
            .map(|(county, years)| (county.clone(), outlook(years)))
            .collect(),
        completed_closures_only: settings.completed_closures_only,
        city_code: city,
    })
}

/// The new-mine entries of the plans in force in `city`: each block's county, its proposed
/// transfer year, and whether it holds a place in a transfer plan the viewer may read.
async fn new_mines(
    state: &AppState,
    viewer: Option<&Caller>,
    city: &str,
) -> AppResult<Vec<(String, i32, bool)>> {
    let db = &state.db;
    let places = state.places.current();
    let entries = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.in_subquery(in_force_ids()))
        .filter(plan_entry::Column::Kind.eq(EntryKind::NewMine.code()))
        .all(db)
        .await?;
    let mut admitted =
        transfer_entry::Entity::find().filter(transfer_entry::Column::HoldsPlace.eq(true));
    if !reads_drafts(viewer, city) {
        // Admissions into a plan or batch being compiled are the city's until approved.
        admitted = admitted.filter(transfer_entry::Column::Published.eq(true));
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
    Ok(entries
        .iter()
        .filter_map(|entry| {
            let (year, block) = (entry.transfer_year?, entry.block_id?);
            let county = block_county
                .get(&block)
                .filter(|c| places.city_of_county(c) == Some(city))?;
            Some((county.clone(), year, admitted.contains(&block)))
        })
        .collect())
}
