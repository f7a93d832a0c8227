//! The one classification function: the scale class of a figure for a mineral, read from a
//! standards version's thresholds. Mines use it for production scale now; blocks will use it
//! for NEW-2's deposit and production classes.

use std::collections::HashMap;

use super::codes::{MineralCode, MiningMethod, OreGrade, ScaleClass};

/// Which table a threshold row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleKind {
    /// 矿山生产建设规模 (万吨/年).
    Production,
    /// 矿床规模 by reserves (万吨).
    Deposit,
}

/// The lower bounds of one mineral's classes in one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// Lower bound of LARGE, inclusive; `None` when the standard names no large class.
    pub large_min: Option<f64>,
    /// Lower bound of MEDIUM; `None` when no figure exists (confidence L, not yet set).
    pub medium_min: Option<f64>,
    /// Whether a figure equal to `medium_min` is already medium ("不超过50万吨为小型" is not).
    pub medium_min_inclusive: bool,
}

impl Thresholds {
    /// Classifies `value`; `None` when the mineral has no medium threshold to compare with.
    pub fn classify(&self, value: f64) -> Option<ScaleClass> {
        let medium = self.medium_min?;
        if self.large_min.is_some_and(|large| value >= large) {
            return Some(ScaleClass::Large);
        }
        let reaches_medium = if self.medium_min_inclusive {
            value >= medium
        } else {
            value > medium
        };
        Some(if reaches_medium {
            ScaleClass::Medium
        } else {
            ScaleClass::Small
        })
    }
}

/// One threshold row of a standards version.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdRow {
    /// Mineral code (`IRON`, `BUILDING_STONE`, …).
    pub mineral_code: MineralCode,
    /// Production (万吨/年) or deposit (万吨) table.
    pub kind: ScaleKind,
    /// `ANY`, a mining method code, or an ore grade (`LEAN`, `RICH`).
    pub variant: String,
    /// The class bounds, in the unit of `kind`.
    pub thresholds: Thresholds,
}

/// The thresholds of one standards version, indexed by mineral.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StandardsTable {
    rows: Vec<ThresholdRow>,
    /// Row positions by mineral code: a mineral has only a handful of rows to scan.
    by_mineral: HashMap<MineralCode, Vec<usize>>,
}

impl StandardsTable {
    /// Indexes `rows` by mineral.
    pub fn new(rows: Vec<ThresholdRow>) -> Self {
        let mut by_mineral: HashMap<MineralCode, Vec<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            by_mineral
                .entry(row.mineral_code.clone())
                .or_default()
                .push(i);
        }
        Self { rows, by_mineral }
    }

    /// Every row, for display.
    pub fn rows(&self) -> &[ThresholdRow] {
        &self.rows
    }

    /// The row for a mineral and table: the exact variant when one exists, else `ANY`.
    pub fn row(
        &self,
        mineral: &MineralCode,
        kind: ScaleKind,
        variant: &str,
    ) -> Option<&ThresholdRow> {
        let candidates = self.by_mineral.get(mineral)?;
        let find = |wanted: &str| {
            candidates
                .iter()
                .map(|&i| &self.rows[i])
                .find(|row| row.kind == kind && row.variant == wanted)
        };
        find(variant).or_else(|| find("ANY"))
    }

    /// The one classification function: the class of `value` for `mineral` in table `kind`,
    /// reading the row of `variant` (a mining method for production, an ore grade for
    /// deposits) or else the mineral's `ANY` row. `None` when no figure exists.
    pub fn class_of(
        &self,
        mineral: &MineralCode,
        kind: ScaleKind,
        variant: &str,
        value: f64,
    ) -> Option<ScaleClass> {
        self.row(mineral, kind, variant)?.thresholds.classify(value)
    }

    /// Production-scale class of a mine of `mineral` worked by `method` at `scale` 万吨/年.
    pub fn production_class(
        &self,
        mineral: &MineralCode,
        method: MiningMethod,
        scale: f64,
    ) -> Option<ScaleClass> {
        self.class_of(mineral, ScaleKind::Production, method.code(), scale)
    }

    /// Deposit-scale class of `reserves` 万吨 of `mineral`; `grade` picks iron's lean or rich
    /// row (lean by default, docs/rules.md).
    pub fn deposit_class(
        &self,
        mineral: &MineralCode,
        grade: OreGrade,
        reserves: f64,
    ) -> Option<ScaleClass> {
        self.class_of(mineral, ScaleKind::Deposit, grade.code(), reserves)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::test_codes::{self, mineral};

    fn row(
        mineral: &str,
        kind: ScaleKind,
        variant: &str,
        large: Option<f64>,
        medium: Option<f64>,
        inclusive: bool,
    ) -> ThresholdRow {
        ThresholdRow {
            mineral_code: test_codes::mineral(mineral),
            kind,
            variant: variant.into(),
            thresholds: Thresholds {
                large_min: large,
                medium_min: medium,
                medium_min_inclusive: inclusive,
            },
        }
    }

    fn table() -> StandardsTable {
        StandardsTable::new(vec![
            row(
                "IRON",
                ScaleKind::Production,
                "UNDERGROUND",
                Some(100.0),
                Some(30.0),
                true,
            ),
            row(
                "IRON",
                ScaleKind::Production,
                "OPEN_PIT",
                Some(200.0),
                Some(60.0),
                true,
            ),
            row(
                "BUILDING_STONE",
                ScaleKind::Production,
                "ANY",
                None,
                Some(50.0),
                false,
            ),
            row(
                "CONSTRUCTION_SAND",
                ScaleKind::Production,
                "ANY",
                None,
                None,
                true,
            ),
        ])
    }

    #[test]
    fn boundaries_are_inclusive_unless_the_standard_says_otherwise() {
        let t = table();
        let iron = |method, scale| t.production_class(&mineral("IRON"), method, scale);
        assert_eq!(
            iron(MiningMethod::Underground, 29.99),
            Some(ScaleClass::Small)
        );
        assert_eq!(
            iron(MiningMethod::Underground, 30.0),
            Some(ScaleClass::Medium)
        );
        assert_eq!(
            iron(MiningMethod::Underground, 100.0),
            Some(ScaleClass::Large)
        );
        assert_eq!(iron(MiningMethod::OpenPit, 59.0), Some(ScaleClass::Small));
        assert_eq!(iron(MiningMethod::OpenPit, 60.0), Some(ScaleClass::Medium));
        let stone =
            |scale| t.production_class(&mineral("BUILDING_STONE"), MiningMethod::OpenPit, scale);
        assert_eq!(stone(50.0), Some(ScaleClass::Small));
        assert_eq!(stone(50.1), Some(ScaleClass::Medium));
    }

    #[test]
    fn iron_deposits_are_classed_by_grade() {
        let mut rows = table().rows().to_vec();
        rows.push(row(
            "IRON",
            ScaleKind::Deposit,
            "LEAN",
            Some(10_000.0),
            Some(1_000.0),
            true,
        ));
        rows.push(row(
            "IRON",
            ScaleKind::Deposit,
            "RICH",
            Some(5_000.0),
            Some(500.0),
            true,
        ));
        rows.push(row(
            "BAUXITE",
            ScaleKind::Deposit,
            "ANY",
            Some(2_000.0),
            Some(500.0),
            true,
        ));
        let t = StandardsTable::new(rows);
        assert_eq!(
            t.deposit_class(&mineral("IRON"), OreGrade::Lean, 800.0),
            Some(ScaleClass::Small)
        );
        assert_eq!(
            t.deposit_class(&mineral("IRON"), OreGrade::Rich, 800.0),
            Some(ScaleClass::Medium)
        );
        assert_eq!(
            t.deposit_class(&mineral("IRON"), OreGrade::Rich, 5_000.0),
            Some(ScaleClass::Large)
        );
        assert_eq!(
            t.deposit_class(&mineral("BAUXITE"), OreGrade::Lean, 500.0),
            Some(ScaleClass::Medium),
            "ANY row for other minerals"
        );
        assert_eq!(
            t.deposit_class(&mineral("BUILDING_STONE"), OreGrade::Lean, 1e6),
            None
        );
    }

    #[test]
    fn a_mineral_without_figures_has_no_class() {
        let t = table();
        assert_eq!(
            t.production_class(&mineral("CONSTRUCTION_SAND"), MiningMethod::OpenPit, 500.0),
            None
        );
        assert_eq!(
            t.production_class(&mineral("GOLD"), MiningMethod::OpenPit, 500.0),
            None
        );
    }
}
