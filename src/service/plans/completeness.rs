//! The plan's three lists (三个一批, docs/rules.md): what a draft has yet to list — the
//! county's mines its assessment puts in a batch that no list of the plan holds, as submit
//! would name them — and filing the lists with the city once they are complete, which the
//! `LISTS_FILED` milestone reads.

use entity::county_plan;
use sea_orm::ConnectionTrait;

use crate::domain::Problems;
use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::domain::plan::completeness::{Missing, missing_from_lists};
use crate::error::{AppError, AppResult};
use crate::infra::events::{self, PlanEventType};
use crate::service::plans::assessed::CountyAssessed;
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, event_of, stamp};
use crate::service::{reference, require};
use crate::state::AppState;

/// The mines `view` (read in full) has yet to list, in id order; none for a plan read as
/// published.
pub async fn unlisted(
    state: &AppState,
    db: &impl ConnectionTrait,
    view: &PlanView,
) -> AppResult<Vec<Missing>> {
    if !view.full {
        return Ok(Vec::new());
    }
    let Some(county) = reference::county(db, &view.plan.county_code).await? else {
        return Ok(Vec::new());
    };
    let closing = view.closing();
    let gathered = CountyAssessed::gather(state, db, (&county, &closing), []).await?;
    let listed = view.members.values().flatten().copied().collect();
    Ok(missing_from_lists(&gathered.county_mines(), &listed))
}

/// `fileCountyLists`: the county files the open revision's three lists with the city,
/// refused naming every mine still to be listed (as submit names them). The first filing
/// counts; filing again changes nothing and records nothing.
pub async fn file_lists(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    // A filing that changes nothing announces nothing.
    events::announcing(&state.db, &state.plan_events, async |tx| {
        let (before, county, _) =
            acting_on(tx, caller, Action::WritePlans, id, PlanAction::Edit).await?;
        let view = view_in(tx, id).await?;
        let mut problems = Problems::new();
        for missing in unlisted(state, tx, &view).await? {
            problems.push(missing.problem);
        }
        problems.finish(()).map_err(AppError::from)?;
        if before.lists_filed_at.is_some() {
            return Ok((view, None));
        }
        let after = stamp(
            tx,
            (clock, caller),
            (&county, &before),
            (
                PlanAction::Edit,
                county_plan::Column::ListsFiledAt,
                Operation::FileCountyLists,
            ),
        )
        .await?;
        let view = view_in(tx, after.id).await?;
        let event = event_of(state, &view, PlanEventType::ListsFiled);
        Ok((view, Some(event)))
    })
    .await
}
