//! What a plan's consistency checks read, on adding an entry and again on submit: the
//! mines' assessments today, the standards in force in the county's province, an
//! integration group's mines, and the county's live mines as the completeness of its lists
//! reads them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use entity::{county, mine};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::assessment::Assessment;
use crate::domain::plan::completeness::CountyMine;
use crate::domain::plan::group::GroupMine;
use crate::domain::standards::Standards;
use crate::error::AppResult;
use crate::service::assessment::{assess_in_provinces, province_of};
use crate::service::mine_rows::live;
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

/// The county's live mines (neither archived nor closed), by id.
async fn live_mines(
    db: &impl ConnectionTrait,
    county: &county::Model,
) -> AppResult<Vec<mine::Model>> {
    Ok(live(mine::Entity::find())
        .filter(mine::Column::CountyCode.eq(county.code.clone()))
        .order_by_asc(mine::Column::Id)
        .all(db)
        .await?)
}

/// A county's live mines and today's assessments as one plan reads them: what submit's
/// checks and a draft's `unlisted` both start from.
pub(crate) struct CountyAssessed {
    /// The county's live mines, by id.
    pub live: Vec<mine::Model>,
    /// Their ids.
    pub live_ids: HashSet<i64>,
    /// The assessments of the live mines and of the other mines asked for.
    pub assessed: HashMap<i64, Assessment>,
}

impl CountyAssessed {
    /// Assesses `county`'s live mines and the mines of `also` outside it (a coordinated
    /// group's other members) in one pass, with the mines on the plan's close/exit list
    /// (`closing`) no longer counting as neighbours.
    pub async fn gather<'a>(
        state: &AppState,
        db: &impl ConnectionTrait,
        (county, closing): (&county::Model, &HashSet<i64>),
        also: impl IntoIterator<Item = &'a mine::Model>,
    ) -> AppResult<Self> {
        let live = live_mines(db, county).await?;
        let live_ids: HashSet<i64> = live.iter().map(|m| m.id).collect();
        let mut rows = live.clone();
        let mut seen = live_ids.clone();
        rows.extend(also.into_iter().filter(|m| seen.insert(m.id)).cloned());
        let assessed = assessments(state, db, rows, closing).await?;
        Ok(Self {
            live,
            live_ids,
            assessed,
        })
    }

    /// The live mines as the completeness of the three lists reads them.
    pub fn county_mines(&self) -> Vec<CountyMine<'_>> {
        self.live
            .iter()
            .map(|m| CountyMine {
                id: m.id,
                name: m.name.as_str(),
                assessment: self.assessed.get(&m.id),
            })
            .collect()
    }
}
