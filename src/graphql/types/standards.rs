//! Standards versions as officials read and change them.

use async_graphql::{ComplexObject, Context, Enum, InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use entity::standards_version;

use crate::domain::scale::ScaleKind as DomainKind;
use crate::domain::standards_change as change;
use crate::graphql::context::db;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::MiningMethod;
use crate::service::standards;

/// Which classification table a threshold belongs to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "DomainKind")]
pub enum ScaleKind {
    /// 矿山生产建设规模 (万吨/年).
    Production,
    /// 矿床规模 by reserves (万吨).
    Deposit,
}

/// One version of the mineral standards and rule parameters.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct StandardsVersion {
    /// Version number; assessments report it as `standardsVersion`.
    pub id: i32,
    /// The province whose figures these are (six-digit division code); its mines are
    /// assessed under them.
    pub province_code: String,
    /// Assessments on or after this date use this version (until a newer one).
    pub effective_from: Date,
    /// Why the version was created (修订理由).
    pub reason: String,
    /// `sub` of the official who created it; `migration` for the seeded version.
    pub created_by: String,
    /// When the version was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<standards_version::Model> for StandardsVersion {
    fn from(row: standards_version::Model) -> Self {
        Self {
            id: row.id,
            province_code: row.province_code,
            effective_from: Date(row.effective_from),
            reason: row.reason,
            created_by: row.created_by,
            created_at: row.created_at,
        }
    }
}

/// A scale-class threshold figure with its source and confidence (C, M or L).
#[derive(SimpleObject)]
pub struct ScaleThreshold {
    /// Mineral code (`IRON`, `BAUXITE`, …).
    pub mineral_code: String,
    /// `PRODUCTION` (矿山生产建设规模, 万吨/年) or `DEPOSIT` (矿床规模, 万吨).
    pub kind: String,
    /// `ANY`, a mining method, or an ore grade (`LEAN`, `RICH`).
    pub variant: String,
    /// Lower bound of LARGE (大型), inclusive; null when the standard names no large class.
    pub large_min: Option<f64>,
    /// Lower bound of MEDIUM (中型); null when no figure exists yet (no class is given).
    pub medium_min: Option<f64>,
    /// Whether a figure equal to `mediumMin` is already medium.
    pub medium_min_inclusive: bool,
    /// Unit of the bounds: 万吨/年 for production, 万吨 for deposits.
    pub unit: String,
    /// Where the figure comes from (standard, document or local decision).
    pub source: String,
    /// C read in the official table, M to verify, L provisional local default.
    pub confidence: String,
}

/// A provincial minimum production scale.
#[derive(SimpleObject)]
pub struct ProvincialMinimum {
    /// Mineral code (`IRON`, `BUILDING_STONE`, …).
    pub mineral_code: String,
    /// Minimum licensed production scale, 万吨/年; below it EXIT-3 and INTEGRATE-3 apply.
    pub min_scale: f64,
    /// Where the figure comes from (seed §3.2.2(3) for the campaign's minimums).
    pub source: String,
    /// C read in the official document, M to verify, L provisional local default.
    pub confidence: String,
}

/// INTEGRATE-2's least distance for a mine type.
#[derive(SimpleObject)]
pub struct IntegrationDistance {
    /// Mineral code the distance applies to.
    pub mineral_code: String,
    /// `OPEN_PIT` or `UNDERGROUND`.
    pub mining_method: String,
    /// Required distance between extraction areas, metres; a neighbour at or within it
    /// is INTEGRATE-2 (300 m for open-pit quarries).
    pub distance_m: f64,
    /// Where the figure comes from (e.g. 安监总局令第39号 art. 12).
    pub source: String,
}

/// The rule parameters the plan leaves open.
#[derive(SimpleObject)]
pub struct RuleParameters {
    /// EXIT-2: months of continuous suspension that count as long.
    pub long_suspension_months: i32,
    /// EXIT-3 / UPGRADE-1: minimum remaining service life in years.
    pub min_service_years: f64,
    /// EXIT-3 needs both failures instead of either.
    pub exit3_requires_both: bool,
    /// NEW-2's provincial small sand/stone/soil mine exception.
    pub small_mine_exception: bool,
}

#[ComplexObject]
impl StandardsVersion {
    /// The scale-class thresholds of this version, each with its source and confidence.
    async fn thresholds(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ScaleThreshold>> {
        Ok(standards::thresholds(db(ctx)?, self.id)
            .await?
            .into_iter()
            .map(|r| ScaleThreshold {
                mineral_code: r.mineral_code,
                kind: r.kind,
                variant: r.variant,
                large_min: r.large_min,
                medium_min: r.medium_min,
                medium_min_inclusive: r.medium_min_inclusive,
                unit: r.unit,
                source: r.source,
                confidence: r.confidence,
            })
            .collect())
    }

    /// The provincial minimum production scales of this version.
    async fn minimums(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ProvincialMinimum>> {
        Ok(standards::minimums(db(ctx)?, self.id)
            .await?
            .into_iter()
            .map(|r| ProvincialMinimum {
                mineral_code: r.mineral_code,
                min_scale: r.min_scale,
                source: r.source,
                confidence: r.confidence,
            })
            .collect())
    }

    /// This version's INTEGRATE-2 least distances between mines.
    async fn distances(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<IntegrationDistance>> {
        Ok(standards::distances(db(ctx)?, self.id)
            .await?
            .into_iter()
            .map(|r| IntegrationDistance {
                mineral_code: r.mineral_code,
                mining_method: r.mining_method,
                distance_m: r.distance_m,
                source: r.source,
            })
            .collect())
    }

    /// The rule parameters of this version.
    async fn parameters(&self, ctx: &Context<'_>) -> async_graphql::Result<RuleParameters> {
        let p = standards::parameters(db(ctx)?, self.id).await?;
        Ok(RuleParameters {
            long_suspension_months: p.long_suspension_months,
            min_service_years: p.min_service_years,
            exit3_requires_both: p.exit3_requires_both,
            small_mine_exception: p.small_mine_exception,
        })
    }
}

/// A threshold row to add or replace.
#[derive(InputObject)]
pub struct ThresholdChangeInput {
    /// Mineral code of the row; must be a known mineral.
    pub mineral_code: String,
    /// Which table: PRODUCTION (万吨/年) or DEPOSIT (万吨).
    pub kind: ScaleKind,
    /// `ANY` (default), a mining method (`OPEN_PIT`, `UNDERGROUND`) or an ore grade
    /// (`LEAN`, `RICH`); replaces the row with the same mineral, kind and variant.
    #[graphql(default = "ANY")]
    pub variant: String,
    /// Lower bound of LARGE, inclusive, > 0 and above `mediumMin`; null: no large class.
    pub large_min: Option<f64>,
    /// Lower bound of MEDIUM, > 0; null when no figure exists (no class can be given).
    pub medium_min: Option<f64>,
    /// Whether a figure equal to `mediumMin` is already medium (default true).
    #[graphql(default = true)]
    pub medium_min_inclusive: bool,
    /// Where the figure comes from; required.
    pub source: String,
    /// C read in the official table, M to verify, L provisional local default.
    pub confidence: String,
}

/// A provincial minimum to set; a null `minScale` removes it.
#[derive(InputObject)]
pub struct MinimumChangeInput {
    /// Mineral code; must be a known mineral.
    pub mineral_code: String,
    /// Provincial minimum production scale, 万吨/年, > 0; null removes it.
    pub min_scale: Option<f64>,
    /// Where the figure comes from; required.
    pub source: String,
    /// C read in the official document (default), M to verify, L provisional local default.
    #[graphql(default = "C")]
    pub confidence: String,
}

/// An INTEGRATE-2 distance to set; a null `distanceM` removes it.
#[derive(InputObject)]
pub struct DistanceChangeInput {
    /// Mineral code; must be a known mineral.
    pub mineral_code: String,
    /// Mining method the distance applies to.
    pub mining_method: MiningMethod,
    /// Required distance between extraction areas, metres, > 0; null removes it.
    pub distance_m: Option<f64>,
    /// Where the figure comes from; required.
    pub source: String,
}

/// Parameters to change; omitted ones keep their value.
#[derive(InputObject, Default)]
pub struct RuleParametersInput {
    /// EXIT-2: months of continuous suspension that count as long (1–120).
    pub long_suspension_months: Option<i32>,
    /// EXIT-3 / UPGRADE-1: minimum remaining service life in years, > 0.
    pub min_service_years: Option<f64>,
    /// EXIT-3 needs both failures (scale and life) instead of either.
    pub exit3_requires_both: Option<bool>,
    /// NEW-2's provincial small sand/stone/soil mine exception on or off.
    pub small_mine_exception: Option<bool>,
}

/// A new standards version: what changes, from when, and why.
#[derive(InputObject)]
pub struct StandardsChangeInput {
    /// First day the new version applies; not before the newest version's date.
    pub effective_from: Date,
    /// Why the standards change (修订理由); required.
    pub reason: String,
    /// Threshold rows to add or replace.
    #[graphql(default)]
    pub thresholds: Vec<ThresholdChangeInput>,
    /// Provincial minimums to set or remove.
    #[graphql(default)]
    pub minimums: Vec<MinimumChangeInput>,
    /// INTEGRATE-2 distances to set or remove.
    #[graphql(default)]
    pub distances: Vec<DistanceChangeInput>,
    /// Rule parameters to change; null keeps them all.
    pub parameters: Option<RuleParametersInput>,
}

impl From<StandardsChangeInput> for change::StandardsChange {
    fn from(input: StandardsChangeInput) -> Self {
        let p = input.parameters.unwrap_or_default();
        Self {
            effective_from: input.effective_from.0,
            reason: input.reason,
            thresholds: input
                .thresholds
                .into_iter()
                .map(|t| change::ThresholdChange {
                    mineral_code: t.mineral_code,
                    kind: t.kind.into(),
                    variant: t.variant,
                    large_min: t.large_min,
                    medium_min: t.medium_min,
                    medium_min_inclusive: t.medium_min_inclusive,
                    source: t.source,
                    confidence: t.confidence,
                })
                .collect(),
            minimums: input
                .minimums
                .into_iter()
                .map(|m| change::MinimumChange {
                    mineral_code: m.mineral_code,
                    min_scale: m.min_scale,
                    source: m.source,
                    confidence: m.confidence,
                })
                .collect(),
            distances: input
                .distances
                .into_iter()
                .map(|d| change::DistanceChange {
                    mineral_code: d.mineral_code,
                    mining_method: d.mining_method.into(),
                    distance_m: d.distance_m,
                    source: d.source,
                })
                .collect(),
            parameters: change::ParameterChange {
                long_suspension_months: p.long_suspension_months,
                min_service_years: p.min_service_years,
                exit3_requires_both: p.exit3_requires_both,
                small_mine_exception: p.small_mine_exception,
            },
        }
    }
}
