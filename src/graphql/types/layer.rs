//! Reference layers and a block's spatial screen (docs/spatial.md) as the schema names them.

use async_graphql::{Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::reference_layer;

use crate::domain::spatial::layer;
use crate::domain::spatial::screen::{Finding, blocks_admission};
use crate::service::layers::screening::Screening;

/// What a reference layer's features are.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "layer::LayerKind")]
pub enum LayerKind {
    /// 生态保护红线: overlapping it keeps a block out of the transfer plan (NEW-4).
    EcologicalRedLine,
    /// 自然保护地: overlapping it keeps a block out of the transfer plan (NEW-4).
    ProtectedArea,
    /// 永久基本农田.
    BasicFarmland,
    /// 城镇开发边界.
    TownDevelopment,
    /// 饮用水水源保护区.
    WaterSource,
    /// 文物保护单位 (screened within 200 m).
    CulturalRelic,
    /// Railways and roads (screened within 1,000 m).
    Transport,
    /// The master plan's zones; a forbidden zone keeps a block out (NEW-1, NEW-4).
    MasterPlanZone,
    /// Licensed boundaries of existing mining rights (screened within 300 m).
    LicensedBoundary,
}

/// A master-plan zone.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "layer::PlanZone")]
pub enum PlanZone {
    /// 禁止开采区.
    Forbidden,
    /// 限制开采区.
    Restricted,
    /// 重点开采区.
    Priority,
}

/// What a finding means for admission.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "layer::Severity")]
pub enum FindingSeverity {
    /// Keeps the block out of the transfer plan while it stands (NEW-4).
    Blocking,
    /// For the survey to settle.
    Warning,
}

/// A version of a reference layer: imported whole, never edited.
pub struct ReferenceLayer(pub reference_layer::Model);

/// A version of a reference layer: imported whole, never edited.
#[Object]
impl ReferenceLayer {
    /// The version number, named by every screening that read it.
    async fn version(&self) -> i64 {
        self.0.id
    }
    /// The city the layer covers (six-digit code).
    async fn city_code(&self) -> &str {
        &self.0.city_code
    }
    /// What the layer's features are.
    async fn kind(&self) -> async_graphql::Result<LayerKind> {
        layer::LayerKind::parse(&self.0.kind)
            .map(Into::into)
            .ok_or_else(|| "stored layer kind unknown".into())
    }
    /// The layer's name, as the importer gave it.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The imported file's name.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// SHA-256 of the imported file, hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// How many features the version holds.
    async fn feature_count(&self) -> i32 {
        self.0.feature_count
    }
    /// Why this version was imported.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Who imported it (the token's `sub`).
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When it was imported (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One feature the block overlaps, touches or comes within its layer's buffer of.
#[derive(SimpleObject)]
pub struct SpatialFinding {
    /// The kind of layer the feature belongs to.
    pub layer_kind: LayerKind,
    /// The layer version the feature belongs to.
    pub layer_version: i64,
    /// The feature's place in its layer file, from 0.
    pub feature_index: i64,
    /// The feature's name (its `name` property), else 要素N.
    pub feature_name: String,
    /// For a master-plan zone, which.
    pub zone: Option<PlanZone>,
    /// Whether the block shares area with the feature (or holds part of a line or point).
    pub overlaps: bool,
    /// The shared area, m² (0 for a line or a point).
    pub overlap_m2: f64,
    /// The shared area's share of the block's area, 0 to 1.
    pub share_of_block: f64,
    /// The least distance between the block and the feature, metres (0 where they meet).
    pub distance_m: f64,
    /// Whether the finding keeps the block out of the transfer plan: only an overlap with
    /// a red line, a protected area or a forbidden zone does.
    pub severity: FindingSeverity,
    /// The survey departments in whose field the feature lies (their codes): each is shown
    /// the findings of its field before it records.
    pub departments: Vec<String>,
}

impl SpatialFinding {
    pub(crate) fn new(layer_version: i64, finding: Finding) -> Self {
        Self {
            layer_kind: finding.kind.into(),
            layer_version,
            feature_index: finding.feature_id,
            feature_name: finding.name,
            zone: finding.zone.map(Into::into),
            overlaps: finding.overlaps,
            overlap_m2: finding.overlap_m2,
            share_of_block: finding.share,
            distance_m: finding.distance_m,
            severity: finding.severity.into(),
            departments: finding
                .kind
                .departments()
                .iter()
                .map(|code| (*code).to_owned())
                .collect(),
        }
    }
}

/// A block's boundary screened against the reference layers in force in its city.
#[derive(SimpleObject)]
pub struct SpatialScreen {
    /// The layer versions read.
    pub layers: Vec<ReferenceLayer>,
    /// Overlaps first (largest first), then the nearest features.
    pub findings: Vec<SpatialFinding>,
    /// Whether a finding keeps the block out of the transfer plan (NEW-4).
    pub blocking: bool,
    /// Kinds of layer the city has not imported: the screen says nothing about them.
    pub missing_kinds: Vec<LayerKind>,
}

impl From<Screening> for SpatialScreen {
    fn from(screening: Screening) -> Self {
        let blocking = blocks_admission(screening.findings.iter().map(|(_, f)| f));
        Self {
            layers: screening.layers.into_iter().map(ReferenceLayer).collect(),
            findings: screening
                .findings
                .into_iter()
                .map(|(version, finding)| SpatialFinding::new(version, finding))
                .collect(),
            blocking,
            missing_kinds: screening.missing.into_iter().map(Into::into).collect(),
        }
    }
}
