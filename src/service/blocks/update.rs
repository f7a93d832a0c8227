//! `updateBlock`: the survey settles a block's facts (NEW-4: its transfer boundary and
//! mining land; its area, figures and flags as surveyed), so they can be corrected until
//! the block is admitted, after which the admission stands on them. Versioned (a stale
//! version is `CONFLICT`) and audited; the block keeps its surveys and its plan entry.

use entity::block;

use crate::domain::access::{Action, Caller};
use crate::domain::block::{BlockDraft, BlockFacts};
use crate::domain::codes::{BlockPriority, MiningMethod, OreGrade};
use crate::domain::operation::Operation;
use crate::domain::spatial::boundary::GivenCorner;
use crate::error::AppResult;
use crate::infra::writes::{in_write, stale};
use crate::service::blocks::guard::{for_write, not_admitted};
use crate::service::blocks::{changed, draft_of, set_facts};
use crate::service::{permitted, require};
use crate::state::AppState;

/// What `updateBlock` may correct; omitted facts are kept. The name, county and mineral
/// say which block it is and are not corrected here.
#[derive(Debug, Clone, Default)]
pub struct BlockPatch {
    pub area_km2: Option<f64>,
    pub predicted_resources: Option<f64>,
    pub location: Option<String>,
    pub designed_production_scale: Option<f64>,
    pub mining_method: Option<MiningMethod>,
    pub ore_grade: Option<OreGrade>,
    pub priority: Option<BlockPriority>,
    pub in_master_plan: Option<bool>,
    pub corners: Option<Vec<GivenCorner>>,
    pub mining_land: Option<String>,
}

/// `updateBlock`: the block as corrected.
pub async fn update(
    state: &AppState,
    viewer: Option<&Caller>,
    (id, version): (i64, i32),
    patch: BlockPatch,
) -> AppResult<block::Model> {
    let caller = require(viewer)?;
    permitted(caller, Action::WriteBlocks)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let (before, county) = for_write(tx, caller, id).await?;
        if before.version != version {
            return Err(stale(before.version));
        }
        not_admitted(tx, &before).await?;
        let facts = BlockFacts::parse(patched(draft_of(&before)?, patch))?;
        let mut row: block::ActiveModel = before.clone().into();
        set_facts(&mut row, &facts);
        let after = changed(
            tx,
            (clock, caller),
            (&county.city_code, Operation::UpdateBlock),
            &before,
            row,
        )
        .await?;
        Ok(after)
    })
    .await
}

/// `draft` with the facts `patch` gives.
fn patched(mut draft: BlockDraft, patch: BlockPatch) -> BlockDraft {
    draft.area_km2 = patch.area_km2.unwrap_or(draft.area_km2);
    draft.predicted_resources = patch
        .predicted_resources
        .unwrap_or(draft.predicted_resources);
    draft.location = patch.location.unwrap_or(draft.location);
    draft.designed_production_scale = patch
        .designed_production_scale
        .or(draft.designed_production_scale);
    draft.mining_method = patch.mining_method.or(draft.mining_method);
    draft.ore_grade = patch.ore_grade.or(draft.ore_grade);
    draft.priority = patch.priority.unwrap_or(draft.priority);
    draft.in_master_plan = patch.in_master_plan.or(draft.in_master_plan);
    draft.corners = patch.corners.unwrap_or(draft.corners);
    draft.mining_land = patch.mining_land.or(draft.mining_land);
    draft
}
