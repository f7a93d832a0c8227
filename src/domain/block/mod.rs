//! A planned block (规划区块, attachment 4): the proposed new mine a county plans and the city
//! may later admit into its transfer plan. Parsed once from input, then trusted. Its deposit
//! and production classes are never typed in: they are computed from its figures by the one
//! classification function ([`crate::domain::scale::StandardsTable`]).

use std::ops::Deref;

use super::codes::{BlockPriority, CountyCode, MineralCode, MiningMethod, OreGrade, ScaleClass};
use super::mine::{bounds, county_code, mineral_code, within};
use super::spatial::boundary::{GivenCorner, checked_corners};
use super::standards::Standards;
use super::text::TextField;
use super::{Problems, ValidationError};

/// Plausible bounds of a block's figures (docs/api.md, "Input validation").
pub mod block_bounds {
    /// Area of the proposed mining area, km² (矿区面积): 100 m² to 1,000 km².
    pub const AREA_KM2: (f64, f64) = (0.0001, 1_000.0);
    /// Predicted resources, 万吨 (预测资源量): more than nothing, up to 1,000 亿吨.
    pub const PREDICTED_RESOURCES: (f64, f64) = (0.001, 10_000_000.0);
    /// Corner points of a boundary polygon.
    pub use crate::domain::spatial::boundary::CORNERS;
}

const NAME: TextField = TextField::single("name", "拟设矿业权名称", 200);
const LOCATION: TextField = TextField::single("location", "地理位置", 200);
const MINING_LAND: TextField = TextField {
    field: "miningLand",
    label: "采矿用地",
    max_chars: 2_000,
    lines: super::text::Lines::Multi,
};

/// One corner of a block's boundary, degrees CGCS2000: the stored form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Corner {
    pub latitude: f64,
    pub longitude: f64,
}

/// A block as submitted: every field of `BlockInput`, not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockDraft {
    /// 拟设矿业权名称（规划区块）.
    pub name: String,
    /// Six-digit division code of the county the block lies in.
    pub county_code: String,
    /// 开采矿种 (`IRON`, `BUILDING_STONE`, …).
    pub mineral_code: String,
    /// 矿区面积, km².
    pub area_km2: f64,
    /// 预测资源量, 万吨: the deposit class is computed from it (flagged as predicted).
    pub predicted_resources: f64,
    /// 地理位置, as the attachment writes it (township, village).
    pub location: String,
    /// Designed production scale, 万吨/年: the production class is computed from it.
    /// `None` while unstated (the seed's attachment 4 does not carry it).
    pub designed_production_scale: Option<f64>,
    /// Open-pit or underground: selects the production-class row where the standard has one
    /// per method (iron). `None` while unstated.
    pub mining_method: Option<MiningMethod>,
    /// Lean or rich ore: selects the deposit-class row where the standard has one per grade
    /// (iron); `None` where it does not matter or is not known (read as lean).
    pub ore_grade: Option<OreGrade>,
    /// NEW-1's priority category.
    pub priority: BlockPriority,
    /// Whether the block fits the mineral master plan and industrial policy (NEW-1's gate).
    /// `None` while unstated.
    pub in_master_plan: Option<bool>,
    /// Optional boundary polygon, corners as given (degrees or the official notation):
    /// three or more, or none. NEW-4 needs it.
    pub corners: Vec<GivenCorner>,
    /// The mining land (采矿用地) as the survey settled it: its use, area and approval, in
    /// the officials' words. NEW-4 needs it.
    pub mining_land: Option<String>,
}

/// A fact of a block that the seed's attachment 4 does not carry: a county filing that
/// seven-column form may leave it unstated, and eligibility names it until it is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockFact {
    DesignedProductionScale,
    MiningMethod,
    InMasterPlan,
}

impl BlockFact {
    /// Every fact that may be unstated, in `BlockInput`'s order.
    pub const ALL: [BlockFact; 3] = [
        BlockFact::DesignedProductionScale,
        BlockFact::MiningMethod,
        BlockFact::InMasterPlan,
    ];

    /// The `BlockInput` field that states it.
    pub fn field(self) -> &'static str {
        match self {
            BlockFact::DesignedProductionScale => "designedProductionScale",
            BlockFact::MiningMethod => "miningMethod",
            BlockFact::InMasterPlan => "inMasterPlan",
        }
    }

    /// Its name on paper.
    pub fn label(self) -> &'static str {
        match self {
            BlockFact::DesignedProductionScale => "设计生产规模（万吨/年）",
            BlockFact::MiningMethod => "开采方式",
            BlockFact::InMasterPlan => "是否符合矿产资源规划",
        }
    }

    /// The fact a field name states.
    pub fn from_field(field: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|fact| fact.field() == field)
    }

    /// The labels of `facts`, joined for a sentence.
    pub fn labels(facts: &[BlockFact]) -> String {
        facts
            .iter()
            .map(|fact| fact.label())
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl BlockDraft {
    /// The facts not stated yet, in `BlockInput`'s order.
    pub fn unstated(&self) -> Vec<BlockFact> {
        [
            (
                self.designed_production_scale.is_none(),
                BlockFact::DesignedProductionScale,
            ),
            (self.mining_method.is_none(), BlockFact::MiningMethod),
            (self.in_master_plan.is_none(), BlockFact::InMasterPlan),
        ]
        .into_iter()
        .filter_map(|(absent, fact)| absent.then_some(fact))
        .collect()
    }
}

/// A block whose fields passed [`BlockFacts::parse`]. Only `parse` builds one.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockFacts {
    draft: BlockDraft,
    county: CountyCode,
    mineral: MineralCode,
    /// The boundary's corners in degrees, the stored form.
    boundary: Vec<Corner>,
}

impl Deref for BlockFacts {
    type Target = BlockDraft;
    fn deref(&self) -> &BlockDraft {
        &self.draft
    }
}

impl BlockFacts {
    /// Checks every field of `draft` and reports every problem, each with its field name.
    pub fn parse(mut draft: BlockDraft) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        if let Some(name) = problems.check(NAME.required(&draft.name)) {
            draft.name = name;
        }
        if let Some(location) = problems.check(LOCATION.required(&draft.location)) {
            draft.location = location;
        }
        let county = problems.check(county_code(&draft.county_code, "countyCode"));
        let mineral = problems.check(mineral_code(&draft.mineral_code, "mineralCode"));
        problems.check(within(
            draft.area_km2,
            block_bounds::AREA_KM2,
            "areaKm2",
            "矿区面积（平方公里）",
        ));
        problems.check(within(
            draft.predicted_resources,
            block_bounds::PREDICTED_RESOURCES,
            "predictedResources",
            "预测资源量（万吨）",
        ));
        if let Some(scale) = draft.designed_production_scale {
            problems.check(within(
                scale,
                bounds::PRODUCTION_SCALE,
                "designedProductionScale",
                "设计生产规模（万吨/年）",
            ));
        }
        let boundary = match corners(&draft.corners) {
            Ok(boundary) => boundary,
            Err(problem) => {
                problems.push(problem);
                Vec::new()
            }
        };
        if let Some(note) = &draft.mining_land {
            draft.mining_land = problems.check(MINING_LAND.clean(note)).flatten();
        }
        match (county, mineral) {
            (Some(county), Some(mineral)) => {
                draft.county_code = county.to_string();
                draft.mineral_code = mineral.to_string();
                problems.finish(BlockFacts {
                    draft,
                    county,
                    mineral,
                    boundary,
                })
            }
            _ => Err(problems),
        }
    }

    /// The block's county.
    pub fn county(&self) -> &CountyCode {
        &self.county
    }

    /// The mineral to be mined.
    pub fn mineral(&self) -> &MineralCode {
        &self.mineral
    }

    /// The boundary's corners in degrees, whatever notation they were given in.
    pub fn corners(&self) -> &[Corner] {
        &self.boundary
    }
}

/// The boundary's corners in degrees ([`checked_corners`]).
fn corners(given: &[GivenCorner]) -> Result<Vec<Corner>, ValidationError> {
    Ok(checked_corners(given)?
        .into_iter()
        .map(|(latitude, longitude)| Corner {
            latitude,
            longitude,
        })
        .collect())
}

/// A block's figures as the classification reads them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockFigures<'a> {
    pub mineral: &'a MineralCode,
    pub mining_method: Option<MiningMethod>,
    pub ore_grade: Option<OreGrade>,
    pub predicted_resources: f64,
    pub designed_production_scale: Option<f64>,
}

/// NEW-2's two classes of a block under `standards`: deposit (from predicted resources) and
/// production (from the designed scale and method); `None` where the standard has no
/// figure or the block has not stated what the class is read from.
pub fn classes(
    block: BlockFigures<'_>,
    standards: &Standards,
) -> (Option<ScaleClass>, Option<ScaleClass>) {
    let deposit = standards.scales.deposit_class(
        block.mineral,
        block.ore_grade.unwrap_or_default(),
        block.predicted_resources,
    );
    (deposit, production_class(block, standards).ok().flatten())
}

/// NEW-2's production class of a block under `standards`, or the facts it waits for while
/// the block has not stated its designed scale or its mining method.
pub fn production_class(
    block: BlockFigures<'_>,
    standards: &Standards,
) -> Result<Option<ScaleClass>, Vec<BlockFact>> {
    match (block.mining_method, block.designed_production_scale) {
        (Some(method), Some(scale)) => Ok(standards.production_class(block.mineral, method, scale)),
        (method, scale) => Err([
            (scale.is_none(), BlockFact::DesignedProductionScale),
            (method.is_none(), BlockFact::MiningMethod),
        ]
        .into_iter()
        .filter_map(|(absent, fact)| absent.then_some(fact))
        .collect()),
    }
}

#[cfg(test)]
pub(crate) mod tests;
