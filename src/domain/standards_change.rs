//! A change to the standards: the city corrects figures or parameters, and the change
//! becomes a new version from its effective date. Checked here, before anything is written.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::ValidationError;
use super::codes::MiningMethod;
use super::scale::ScaleKind;

/// Variants a threshold row may name.
pub const VARIANTS: [&str; 5] = ["ANY", "OPEN_PIT", "UNDERGROUND", "LEAN", "RICH"];
/// Confidence marks of docs/rules.md.
pub const CONFIDENCES: [&str; 3] = ["C", "M", "L"];

/// A threshold row to set (added or replaced).
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdChange {
    /// Mineral code of the row; must be a known mineral.
    pub mineral_code: String,
    /// Which table: production (万吨/年) or deposit (万吨).
    pub kind: ScaleKind,
    /// One of [`VARIANTS`]; replaces the row with the same mineral, kind and variant.
    pub variant: String,
    /// Lower bound of LARGE (大型), inclusive, above `medium_min`; `None`: no large class.
    pub large_min: Option<f64>,
    /// Lower bound of MEDIUM (中型); `None` when no figure exists (no class can be given).
    pub medium_min: Option<f64>,
    /// Whether a figure equal to `medium_min` is already medium.
    pub medium_min_inclusive: bool,
    /// Where the figure comes from (standard, document or local decision); required.
    pub source: String,
    /// One of [`CONFIDENCES`]: C read in the official table, M to verify, L local default.
    pub confidence: String,
}

/// A provincial minimum to set, or to remove (`min_scale: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct MinimumChange {
    /// Mineral code; must be a known mineral.
    pub mineral_code: String,
    /// Provincial minimum production scale, 万吨/年, > 0; `None` removes it.
    pub min_scale: Option<f64>,
    /// Where the figure comes from; required.
    pub source: String,
    /// One of [`CONFIDENCES`]: C confirmed, M to verify, L provisional local default.
    pub confidence: String,
}

/// An INTEGRATE-2 distance to set, or to remove (`distance_m: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceChange {
    /// Mineral code; must be a known mineral.
    pub mineral_code: String,
    /// Mining method the distance applies to.
    pub mining_method: MiningMethod,
    /// Required distance between extraction areas, metres, > 0; `None` removes it.
    pub distance_m: Option<f64>,
    /// Where the figure comes from (e.g. 安监总局令第39号 art. 12); required.
    pub source: String,
}

/// Parameters to change; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParameterChange {
    /// EXIT-2: months of continuous suspension that count as long (1–120).
    pub long_suspension_months: Option<i32>,
    /// EXIT-3 / UPGRADE-1: minimum remaining service life in years, > 0.
    pub min_service_years: Option<f64>,
    /// EXIT-3 needs both failures (scale and life) instead of either.
    pub exit3_requires_both: Option<bool>,
    /// NEW-2's provincial small sand/stone/soil mine exception on or off.
    pub small_mine_exception: Option<bool>,
}

/// Everything one new version changes.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardsChange {
    /// First day the new version applies; not before the newest version's date.
    pub effective_from: NaiveDate,
    /// Why the standards change (修订理由); required.
    pub reason: String,
    /// Threshold rows to add or replace.
    pub thresholds: Vec<ThresholdChange>,
    /// Provincial minimums to set or remove.
    pub minimums: Vec<MinimumChange>,
    /// INTEGRATE-2 distances to set or remove.
    pub distances: Vec<DistanceChange>,
    /// Rule parameters to change; each `None` keeps its current value.
    pub parameters: ParameterChange,
}

fn positive(value: Option<f64>, field: &str) -> Result<(), ValidationError> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => {
            Err(ValidationError::new(field, "数值必须为大于0的有限数"))
        }
        _ => Ok(()),
    }
}

fn known(mineral: &str, minerals: &HashSet<String>, field: &str) -> Result<(), ValidationError> {
    if minerals.contains(mineral) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("未知的矿种代码：{mineral}"),
        ))
    }
}

fn sourced(source: &str, field: &str) -> Result<(), ValidationError> {
    if source.trim().is_empty() {
        Err(ValidationError::new(field, "须注明数据来源"))
    } else {
        Ok(())
    }
}

impl StandardsChange {
    /// Checks the change against the known mineral codes.
    pub fn validate(&self, minerals: &HashSet<String>) -> Result<(), ValidationError> {
        if self.reason.trim().is_empty() {
            return Err(ValidationError::new("reason", "须填写修订理由"));
        }
        let p = &self.parameters;
        let changes_parameters = p != &ParameterChange::default();
        if self.thresholds.is_empty()
            && self.minimums.is_empty()
            && self.distances.is_empty()
            && !changes_parameters
        {
            return Err(ValidationError::new("input", "没有任何修订内容"));
        }
        for t in &self.thresholds {
            known(&t.mineral_code, minerals, "thresholds.mineralCode")?;
            if !VARIANTS.contains(&t.variant.as_str()) {
                return Err(ValidationError::new(
                    "thresholds.variant",
                    format!("分类须为 {}", VARIANTS.join("、")),
                ));
            }
            positive(t.large_min, "thresholds.largeMin")?;
            positive(t.medium_min, "thresholds.mediumMin")?;
            if let (Some(large), Some(medium)) = (t.large_min, t.medium_min)
                && large <= medium
            {
                return Err(ValidationError::new(
                    "thresholds.largeMin",
                    "大型下限须高于中型下限",
                ));
            }
            if !CONFIDENCES.contains(&t.confidence.as_str()) {
                return Err(ValidationError::new(
                    "thresholds.confidence",
                    "可信度须为 C、M 或 L",
                ));
            }
            sourced(&t.source, "thresholds.source")?;
        }
        for m in &self.minimums {
            known(&m.mineral_code, minerals, "minimums.mineralCode")?;
            positive(m.min_scale, "minimums.minScale")?;
            if !CONFIDENCES.contains(&m.confidence.as_str()) {
                return Err(ValidationError::new(
                    "minimums.confidence",
                    "可信度须为 C、M 或 L",
                ));
            }
            sourced(&m.source, "minimums.source")?;
        }
        for d in &self.distances {
            known(&d.mineral_code, minerals, "distances.mineralCode")?;
            positive(d.distance_m, "distances.distanceM")?;
            sourced(&d.source, "distances.source")?;
        }
        if p.long_suspension_months
            .is_some_and(|m| !(1..=120).contains(&m))
        {
            return Err(ValidationError::new(
                "parameters.longSuspensionMonths",
                "长期停产月数须在1到120之间",
            ));
        }
        positive(p.min_service_years, "parameters.minServiceYears")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change() -> StandardsChange {
        StandardsChange {
            effective_from: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            reason: "省厅更新最低规模".into(),
            thresholds: Vec::new(),
            minimums: vec![MinimumChange {
                mineral_code: "IRON".into(),
                min_scale: Some(40.0),
                source: "晋自然资发〔2026〕1号".into(),
                confidence: "C".into(),
            }],
            distances: Vec::new(),
            parameters: ParameterChange::default(),
        }
    }

    fn minerals() -> HashSet<String> {
        ["IRON", "BUILDING_STONE"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_sourced_change_with_a_reason_is_valid() {
        assert_eq!(change().validate(&minerals()), Ok(()));
    }

    #[test]
    fn bad_changes_name_their_field() {
        type Case = (&'static str, fn(&mut StandardsChange));
        let cases: [Case; 7] = [
            ("reason", |c| c.reason = " ".into()),
            ("input", |c| c.minimums.clear()),
            ("minimums.mineralCode", |c| {
                c.minimums[0].mineral_code = "GOLD".into()
            }),
            ("minimums.minScale", |c| c.minimums[0].min_scale = Some(0.0)),
            ("minimums.confidence", |c| {
                c.minimums[0].confidence = "X".into()
            }),
            ("minimums.source", |c| c.minimums[0].source = String::new()),
            ("parameters.longSuspensionMonths", |c| {
                c.parameters.long_suspension_months = Some(0)
            }),
        ];
        for (field, spoil) in cases {
            let mut c = change();
            spoil(&mut c);
            assert_eq!(c.validate(&minerals()).expect_err(field).field, field);
        }
    }

    #[test]
    fn large_must_exceed_medium() {
        let mut c = change();
        c.thresholds.push(ThresholdChange {
            mineral_code: "IRON".into(),
            kind: ScaleKind::Production,
            variant: "UNDERGROUND".into(),
            large_min: Some(30.0),
            medium_min: Some(30.0),
            medium_min_inclusive: true,
            source: "x".into(),
            confidence: "M".into(),
        });
        assert_eq!(
            c.validate(&minerals()).expect_err("large = medium").field,
            "thresholds.largeMin"
        );
    }
}
