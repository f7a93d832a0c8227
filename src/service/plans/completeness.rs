//! What a plan has yet to list (三个一批, docs/rules.md): the county's mines its assessment
//! puts in a batch that no list of the plan holds, as submit would name them, so that a
//! county sees them while drafting.

use sea_orm::ConnectionTrait;

use crate::domain::plan::completeness::{Missing, missing_from_lists};
use crate::error::AppResult;
use crate::service::plans::assessed::CountyAssessed;
use crate::service::plans::content::PlanView;
use crate::service::reference;
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
