//! A standards version: every figure and parameter the rules read, as data the city can
//! change (docs/rules.md). Assessments name the version they used, so an old
//! result can be replayed after a figure changes.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::codes::{MineralCode, MiningMethod, ScaleClass};
use super::scale::{ScaleKind, StandardsTable};

/// Parameters of the rules that the plan leaves open (**[assumption]** in docs/rules.md).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleParameters {
    /// EXIT-2: continuous suspension that counts as "long" (12 months by default).
    pub long_suspension_months: u32,
    /// EXIT-3 / UPGRADE-1: minimum remaining service life in years (5).
    pub min_service_years: f64,
    /// EXIT-3: whether both the scale and the life must fail (default: either fails).
    pub exit3_requires_both: bool,
    /// NEW-2's provincial small sand/stone/soil mine exception (off by default).
    pub small_mine_exception: bool,
}

/// INTEGRATE-2: the least distance the safety rules require between the extraction areas of
/// two mines of one type (300 m for open-pit quarries, 安监总局令第39号 art. 12).
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceRule {
    pub mineral_code: MineralCode,
    pub mining_method: MiningMethod,
    pub distance_m: f64,
}

/// One standards version, complete.
#[derive(Debug, Clone, PartialEq)]
pub struct Standards {
    pub version_id: i32,
    pub effective_from: NaiveDate,
    pub scales: StandardsTable,
    /// Provincial minimum production scale by mineral (seed §3.2.2(3)).
    pub minimums: HashMap<MineralCode, f64>,
    pub params: RuleParameters,
    pub distances: Vec<DistanceRule>,
    /// Minerals that are ordinary building sand, gravel or stone (普通建筑用砂石: INTEGRATE-4),
    /// which brick clay and shale are not.
    pub ordinary_sand_stone: HashSet<MineralCode>,
}

impl Standards {
    /// The provincial minimum production scale of `mineral`, if the province sets one.
    pub fn minimum(&self, mineral: &MineralCode) -> Option<f64> {
        self.minimums.get(mineral).copied()
    }

    /// INTEGRATE-2's required distance for a mine of this type, if one is configured.
    pub fn distance_for(&self, mineral: &MineralCode, method: MiningMethod) -> Option<f64> {
        self.distances
            .iter()
            .find(|rule| &rule.mineral_code == mineral && rule.mining_method == method)
            .map(|rule| rule.distance_m)
    }

    /// The largest configured INTEGRATE-2 distance (the spatial index's cell size).
    pub fn max_distance(&self) -> f64 {
        self.distances
            .iter()
            .map(|rule| rule.distance_m)
            .fold(0.0, f64::max)
    }

    /// Production-scale class of `scale` for a mine of this mineral and method.
    pub fn production_class(
        &self,
        mineral: &MineralCode,
        method: MiningMethod,
        scale: f64,
    ) -> Option<ScaleClass> {
        self.scales.production_class(mineral, method, scale)
    }

    /// The lower bound of the medium production class and whether it is inclusive, if the
    /// standard has one.
    pub fn medium_production(
        &self,
        mineral: &MineralCode,
        method: MiningMethod,
    ) -> Option<(f64, bool)> {
        let row = self
            .scales
            .row(mineral, ScaleKind::Production, method.code())?;
        row.thresholds
            .medium_min
            .map(|medium| (medium, row.thresholds.medium_min_inclusive))
    }

    /// Whether `mineral` is ordinary building sand, gravel or stone (INTEGRATE-4).
    pub fn is_ordinary_sand_stone(&self, mineral: &MineralCode) -> bool {
        self.ordinary_sand_stone.contains(mineral)
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::domain::codes::test_codes;
    use crate::domain::scale::{ThresholdRow, Thresholds};

    /// A production-scale threshold row (`inclusive`: the medium bound itself is medium).
    pub(crate) fn production(
        mineral: &str,
        variant: &str,
        large: Option<f64>,
        medium: Option<f64>,
        inclusive: bool,
    ) -> ThresholdRow {
        ThresholdRow {
            mineral_code: test_codes::mineral(mineral),
            kind: ScaleKind::Production,
            variant: variant.into(),
            thresholds: Thresholds {
                large_min: large,
                medium_min: medium,
                medium_min_inclusive: inclusive,
            },
        }
    }

    /// The seeded version 1, as far as the rule tests need it.
    pub(crate) fn standards() -> Standards {
        Standards {
            version_id: 1,
            effective_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            scales: StandardsTable::new(vec![
                production("IRON", "UNDERGROUND", Some(100.0), Some(30.0), true),
                production("IRON", "OPEN_PIT", Some(200.0), Some(60.0), true),
                production("BAUXITE", "ANY", Some(100.0), Some(30.0), true),
                production("CEMENT_LIMESTONE", "ANY", Some(100.0), Some(50.0), true),
                production("BUILDING_STONE", "ANY", None, Some(50.0), true),
                production("CONSTRUCTION_SAND", "ANY", None, None, true),
            ]),
            minimums: [
                ("BAUXITE", 30.0),
                ("IRON", 30.0),
                ("CEMENT_LIMESTONE", 30.0),
                ("BUILDING_STONE", 50.0),
            ]
            .into_iter()
            .map(|(code, minimum)| (test_codes::mineral(code), minimum))
            .collect(),
            params: RuleParameters {
                long_suspension_months: 12,
                min_service_years: 5.0,
                exit3_requires_both: false,
                small_mine_exception: false,
            },
            distances: vec![DistanceRule {
                mineral_code: test_codes::mineral("BUILDING_STONE"),
                mining_method: MiningMethod::OpenPit,
                distance_m: 300.0,
            }],
            ordinary_sand_stone: ["BUILDING_STONE", "CONSTRUCTION_SAND"]
                .into_iter()
                .map(test_codes::mineral)
                .collect(),
        }
    }
}
