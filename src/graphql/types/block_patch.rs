//! `updateBlock`'s input: the facts a survey may correct before the block is admitted.

use async_graphql::InputObject;

use crate::graphql::types::boundary::CornerInput;
use crate::graphql::types::enums::{BlockPriority, MiningMethod, OreGrade};
use crate::service::blocks::update::BlockPatch;

/// The facts of a block to correct; omitted ones are kept. The name, county and mineral
/// say which block it is and are not changed here.
#[derive(InputObject, Default)]
pub struct BlockPatchInput {
    /// 矿区面积, km² (0.0001 to 1,000).
    pub area_km2: Option<f64>,
    /// 预测资源量, 万吨.
    pub predicted_resources: Option<f64>,
    /// 地理位置.
    pub location: Option<String>,
    /// Designed production scale, 万吨/年.
    pub designed_production_scale: Option<f64>,
    /// Open-pit or underground.
    pub mining_method: Option<MiningMethod>,
    /// Lean or rich ore where the standard distinguishes them.
    pub ore_grade: Option<OreGrade>,
    /// NEW-1 priority.
    pub priority: Option<BlockPriority>,
    /// Fits the mineral master plan and industrial policy.
    pub in_master_plan: Option<bool>,
    /// The transfer boundary as surveyed, 3 to 200 corners.
    pub corners: Option<Vec<CornerInput>>,
    /// 采矿用地 as the survey settled it.
    pub mining_land: Option<String>,
}

impl From<BlockPatchInput> for BlockPatch {
    fn from(input: BlockPatchInput) -> Self {
        BlockPatch {
            area_km2: input.area_km2,
            predicted_resources: input.predicted_resources,
            location: input.location,
            designed_production_scale: input.designed_production_scale,
            mining_method: input.mining_method.map(Into::into),
            ore_grade: input.ore_grade.map(Into::into),
            priority: input.priority.map(Into::into),
            in_master_plan: input.in_master_plan,
            corners: input
                .corners
                .map(|corners| corners.into_iter().map(Into::into).collect()),
            mining_land: input.mining_land,
        }
    }
}
