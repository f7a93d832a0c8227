//! Reference layers (docs/spatial.md): the map a block is screened against before the survey
//! team leaves the office. What each kind of layer means for a block — whether overlapping it
//! forbids the block (NEW-4) and how far around it the screen looks — is decided here, once.

use crate::domain::codes::coded_enum;

coded_enum!(
    /// What a layer's features are.
    LayerKind {
        /// 生态保护红线: no new mining right inside it.
        EcologicalRedLine => "ECOLOGICAL_RED_LINE",
        /// 自然保护地 (nature reserves, parks, scenic areas): no new mining right inside.
        ProtectedArea => "PROTECTED_AREA",
        /// 永久基本农田: a conflict to be settled before transfer.
        BasicFarmland => "BASIC_FARMLAND",
        /// 城镇开发边界: a conflict to be settled before transfer.
        TownDevelopment => "TOWN_DEVELOPMENT_BOUNDARY",
        /// 饮用水水源保护区.
        WaterSource => "WATER_SOURCE_PROTECTION",
        /// 文物保护单位 and their protection zones.
        CulturalRelic => "CULTURAL_RELIC",
        /// Railways and roads (lines, or their protection strips as polygons).
        Transport => "TRANSPORT",
        /// The mineral master plan's zones (禁止/限制/重点开采区), each feature naming its zone.
        MasterPlanZone => "MASTER_PLAN_ZONE",
        /// Licensed boundaries (矿界) of existing mining rights.
        LicensedBoundary => "LICENSED_BOUNDARY",
    }
);

coded_enum!(
    /// A master-plan zone (矿产资源总体规划的开采规划分区).
    PlanZone {
        /// 禁止开采区.
        Forbidden => "FORBIDDEN",
        /// 限制开采区.
        Restricted => "RESTRICTED",
        /// 重点开采区.
        Priority => "PRIORITY",
    }
);

impl PlanZone {
    /// Reads a feature's zone as the plan writes it, in Chinese or as a code.
    pub fn read(text: &str) -> Option<Self> {
        match text.trim() {
            "禁止开采区" => Some(Self::Forbidden),
            "限制开采区" => Some(Self::Restricted),
            "重点开采区" => Some(Self::Priority),
            code => Self::parse(code),
        }
    }
}

impl LayerKind {
    /// The kind's name as officials write it.
    pub fn label(self) -> &'static str {
        match self {
            Self::EcologicalRedLine => "生态保护红线",
            Self::ProtectedArea => "自然保护地",
            Self::BasicFarmland => "永久基本农田",
            Self::TownDevelopment => "城镇开发边界",
            Self::WaterSource => "饮用水水源保护区",
            Self::CulturalRelic => "文物保护单位",
            Self::Transport => "铁路公路",
            Self::MasterPlanZone => "矿产资源规划分区",
            Self::LicensedBoundary => "已设矿业权范围",
        }
    }

    /// How far around a block the screen reports features of this kind, metres (0: only
    /// those it overlaps or touches). docs/spatial.md gives each figure's source.
    pub fn buffer_m(self) -> f64 {
        match self {
            // 铁路安全管理条例 art. 33: no mining within 1,000 m of a railway line.
            Self::Transport => 1_000.0,
            // INTEGRATE-2's spacing of quarries of one mineral (docs/rules.md).
            Self::LicensedBoundary => 300.0,
            // Construction control zones of protected relics commonly reach 200 m.
            Self::CulturalRelic => 200.0,
            Self::EcologicalRedLine
            | Self::ProtectedArea
            | Self::BasicFarmland
            | Self::TownDevelopment
            | Self::WaterSource
            | Self::MasterPlanZone => 0.0,
        }
    }

    /// The survey departments (their seeded codes) in whose field a feature of this kind
    /// lies: each is shown the findings of its field before it records (NEW-4).
    pub fn departments(self) -> &'static [&'static str] {
        match self {
            Self::EcologicalRedLine => &["ECOLOGY_ENVIRONMENT", "NATURAL_RESOURCES"],
            Self::ProtectedArea => &["FORESTRY", "ECOLOGY_ENVIRONMENT"],
            Self::BasicFarmland | Self::MasterPlanZone | Self::LicensedBoundary => {
                &["NATURAL_RESOURCES"]
            }
            Self::TownDevelopment => &["NATURAL_RESOURCES", "HOUSING_CONSTRUCTION"],
            Self::WaterSource => &["WATER", "ECOLOGY_ENVIRONMENT"],
            Self::CulturalRelic => &["CULTURE_TOURISM"],
            Self::Transport => &["HIGHWAYS", "TRANSPORT"],
        }
    }

    /// Whether a feature of this kind must be polygons (a zone, an area), not lines or points.
    pub fn areas_only(self) -> bool {
        !matches!(self, Self::Transport | Self::CulturalRelic)
    }
}

coded_enum!(
    /// What a finding means for the block's admission.
    Severity {
        /// NEW-4: the block may not enter the transfer plan while it overlaps the feature.
        Blocking => "BLOCKING",
        /// To be settled by the survey; shown, not enforced.
        Warning => "WARNING",
    }
);

/// What overlapping (sharing area with, or for a line or point, lying inside) a feature of
/// `kind` in `zone` means: the ecological red line, a protected area and the master plan's
/// forbidden zones forbid a new right (the May 2024 provincial notice, the master plan),
/// and so does any kind the city's settings list in `also_blocking` (a city may decide that
/// a farmland conflict is settled only by avoiding it); everything else is a warning. A
/// feature merely touching or near the block is always a warning.
pub fn overlap_severity(
    kind: LayerKind,
    zone: Option<PlanZone>,
    also_blocking: &[LayerKind],
) -> Severity {
    match (kind, zone) {
        (LayerKind::EcologicalRedLine | LayerKind::ProtectedArea, _)
        | (LayerKind::MasterPlanZone, Some(PlanZone::Forbidden)) => Severity::Blocking,
        (kind, _) if also_blocking.contains(&kind) => Severity::Blocking,
        _ => Severity::Warning,
    }
}

/// Why a layer file is refused: the feature (counting from 0) where it applies, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{reason}", .feature.map(|i| format!("第{}个要素：", i + 1)).unwrap_or_default())]
pub struct LayerProblem {
    pub feature: Option<usize>,
    pub reason: String,
}

impl LayerProblem {
    pub fn file(reason: impl Into<String>) -> Self {
        Self {
            feature: None,
            reason: reason.into(),
        }
    }
}
