//! What a plan's consistency checks read, on adding an entry and again on submit: the
//! mines' assessments today, the standards in force in the county's province, and an
//! integration group's mines.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use entity::mine;
use sea_orm::ConnectionTrait;

use crate::domain::assessment::Assessment;
use crate::domain::plan::group::GroupMine;
use crate::domain::standards::Standards;
use crate::error::AppResult;
use crate::service::assessment::{assess_in_provinces, province_of};
use crate::service::mine_rows::mineral_of;
use crate::service::standards;
use crate::state::AppState;

/// Today's assessments of `rows` as a plan reads them (unscoped: the plan's own county's
/// officials act on them): the mines `closing` (on the plan's close/exit list) no longer
/// count as neighbours, so that an integration finding they caused lapses.
pub async fn assessments(
    state: &AppState,
    db: &impl ConnectionTrait,
    rows: Vec<mine::Model>,
    closing: &HashSet<i64>,
) -> AppResult<HashMap<i64, Assessment>> {
    let places = state.places.current();
    let day = state.clock.today();
    Ok(
        assess_in_provinces(db, &places, &state.versions, rows, (day, closing))
            .await?
            .into_iter()
            .map(|a| (a.mine.id, a.assessment))
            .collect(),
    )
}

/// The standards in force today in the province of the county `county_code`, which an
/// upgrade's target and a group's unified system are measured against.
pub async fn county_standards(
    state: &AppState,
    db: &impl ConnectionTrait,
    county_code: &str,
) -> AppResult<Arc<Standards>> {
    let places = state.places.current();
    standards::on(
        db,
        &state.versions,
        province_of(&places, county_code)?,
        state.clock.today(),
    )
    .await
}

/// The mines of a group with their minerals and today's assessments (`assessed`), in the
/// order listed; a stored mineral that does not parse is a corrupt row.
pub fn group_mines<'a>(
    rows: impl IntoIterator<Item = &'a mine::Model>,
    assessed: &'a HashMap<i64, Assessment>,
) -> AppResult<Vec<GroupMine<'a>>> {
    rows.into_iter()
        .map(|row| {
            Ok(GroupMine {
                mine_id: row.id,
                mineral: mineral_of(row)?,
                scale: row.production_scale,
                reserves: row.remaining_reserves,
                assessment: assessed.get(&row.id),
            })
        })
        .collect()
}
