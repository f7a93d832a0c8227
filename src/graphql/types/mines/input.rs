//! `MineInput`: every fact of a mine as the schema names them, converted to the domain's
//! draft before any rule reads them.

use crate::graphql::types::boundary::CornerInput;
use async_graphql::InputObject;

use crate::domain::mine::MineDraft;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::graphql::types::mines::violation::ViolationInput;

/// Every fact of a mine the rules read. Defaulted fields are nullable: an explicit null
/// means the default.
#[derive(InputObject)]
pub struct MineInput {
    /// 矿山名称.
    pub name: String,
    /// 采矿权人.
    pub holder: String,
    /// Enterprise (default) or natural person, whose name is hidden outside the mine's scope.
    #[graphql(default_with = "Some(HolderType::Enterprise)")]
    pub holder_type: Option<HolderType>,
    /// Null for an unlicensed site (CLOSE-1); unique when present.
    pub licence_no: Option<String>,
    /// Level that issued the licence (省/市/县级发证); null when unknown or unlicensed.
    pub licence_level: Option<LicenceLevel>,
    /// First day of the mining licence's validity (采矿许可证有效期).
    pub licence_valid_from: Option<Date>,
    /// Last day of the licence's validity; a lapsed licence on a working mine is CLOSE-1.
    pub licence_valid_until: Option<Date>,
    /// Six-digit division code of the mine's county (县/县级市/区), e.g. 140525.
    pub county_code: String,
    /// Code of the mineral mined (开采矿种), e.g. `IRON`, `BUILDING_STONE`.
    pub mineral_code: String,
    /// Open-pit (露天, default) or underground (地下); selects iron's scale-class row.
    #[graphql(default_with = "Some(MiningMethod::OpenPit)")]
    pub mining_method: Option<MiningMethod>,
    /// Licensed scale, 万吨/年, > 0.
    pub production_scale: f64,
    /// 万吨.
    pub remaining_reserves: f64,
    /// Overrides remainingReserves ÷ productionScale.
    pub surveyed_service_years: Option<f64>,
    /// Operating status (default PRODUCING); SUSPENDED requires `suspendedSince`,
    /// UNDER_CONSTRUCTION requires `constructionDeadline`.
    #[graphql(default_with = "Some(OperatingStatus::Producing)")]
    pub status: Option<OperatingStatus>,
    /// First day of the current suspension (EXIT-2 counts from it); required when SUSPENDED.
    pub suspended_since: Option<Date>,
    /// Ordered stoppages are not EXIT-2.
    #[graphql(default_with = "Some(false)")]
    pub suspension_ordered: Option<bool>,
    /// Approved construction period incl. extensions (EXIT-4).
    pub construction_deadline: Option<Date>,
    /// Holds a mining licence (采矿许可证); false means CLOSE-1.
    #[graphql(default_with = "Some(true)")]
    pub has_mining_licence: Option<bool>,
    /// Holds a safety-production licence (安全生产许可证); false means CLOSE-1.
    #[graphql(default_with = "Some(true)")]
    pub has_safety_licence: Option<bool>,
    /// Mines beyond its licensed boundary (越界开采); CLOSE-2 with `refusesRectification`.
    #[graphql(default_with = "Some(false)")]
    pub cross_boundary_mining: Option<bool>,
    /// Mines under the guise of construction (以采代建); CLOSE-2 with `refusesRectification`.
    #[graphql(default_with = "Some(false)")]
    pub mining_under_construction_guise: Option<bool>,
    /// Mines under an exploration licence (持勘查许可证采矿); CLOSE-2 with
    /// `refusesRectification`.
    #[graphql(default_with = "Some(false)")]
    pub mining_with_exploration_licence: Option<bool>,
    /// Refuses to rectify (拒不整改); completes CLOSE-2, and CLOSE-3 with `obsoleteEquipment`.
    #[graphql(default_with = "Some(false)")]
    pub refuses_rectification: Option<bool>,
    /// Uses processes or equipment that must be eliminated (应当淘汰的工艺、设备); CLOSE-3
    /// when it also refuses to rectify while producing or building.
    #[graphql(default_with = "Some(false)")]
    pub obsolete_equipment: Option<bool>,
    /// Still lacks safe-production conditions after a suspension for rectification (CLOSE-3).
    #[graphql(default_with = "Some(false)")]
    pub unsafe_after_suspension: Option<bool>,
    /// Resources exhausted (资源枯竭); EXIT-1 while the licence is valid (zero reserves count too).
    #[graphql(default_with = "Some(false)")]
    pub resources_exhausted: Option<bool>,
    /// INTEGRATE-1.
    pub ore_body_id: Option<String>,
    /// Degrees, CGCS2000 (INTEGRATE-2).
    pub latitude: Option<f64>,
    /// Degrees, CGCS2000 (INTEGRATE-2).
    pub longitude: Option<f64>,
    /// Licensed boundary (矿界) corners in order, degrees or the official notation, three to
    /// two hundred; INTEGRATE-2 measures between boundaries. Without `latitude`/`longitude`
    /// the position is the centre of the corners' extent.
    pub corners: Option<Vec<CornerInput>>,
    /// INTEGRATE-4.
    #[graphql(default_with = "Some(false)")]
    pub ridge_boundary: Option<bool>,
    /// Mining found without the licences the law requires (CLOSE-1, kept after the mine
    /// stops); null when none is recorded.
    pub violation: Option<ViolationInput>,
}

impl From<MineInput> for MineDraft {
    fn from(input: MineInput) -> Self {
        MineDraft {
            name: input.name,
            holder: input.holder,
            holder_type: input.holder_type.unwrap_or(HolderType::Enterprise).into(),
            licence_no: input.licence_no,
            licence_level: input.licence_level.map(Into::into),
            licence_valid_from: input.licence_valid_from.map(Into::into),
            licence_valid_until: input.licence_valid_until.map(Into::into),
            county_code: input.county_code,
            mineral_code: input.mineral_code,
            mining_method: input.mining_method.unwrap_or(MiningMethod::OpenPit).into(),
            production_scale: input.production_scale,
            remaining_reserves: input.remaining_reserves,
            surveyed_service_years: input.surveyed_service_years,
            status: input.status.unwrap_or(OperatingStatus::Producing).into(),
            suspended_since: input.suspended_since.map(Into::into),
            suspension_ordered: input.suspension_ordered.unwrap_or(false),
            construction_deadline: input.construction_deadline.map(Into::into),
            has_mining_licence: input.has_mining_licence.unwrap_or(true),
            has_safety_licence: input.has_safety_licence.unwrap_or(true),
            cross_boundary_mining: input.cross_boundary_mining.unwrap_or(false),
            mining_under_construction_guise: input.mining_under_construction_guise.unwrap_or(false),
            mining_with_exploration_licence: input.mining_with_exploration_licence.unwrap_or(false),
            refuses_rectification: input.refuses_rectification.unwrap_or(false),
            obsolete_equipment: input.obsolete_equipment.unwrap_or(false),
            unsafe_after_suspension: input.unsafe_after_suspension.unwrap_or(false),
            resources_exhausted: input.resources_exhausted.unwrap_or(false),
            ore_body_id: input.ore_body_id,
            latitude: input.latitude,
            longitude: input.longitude,
            corners: input
                .corners
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            ridge_boundary: input.ridge_boundary.unwrap_or(false),
            violation: input.violation.map(Into::into),
        }
    }
}
