//! A non-coal mine of the registry with every fact the rectification rules read.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One mine row. Serialisable so the audit trail can record before/after images.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "mines")]
pub struct Model {
    /// Surrogate key; the GraphQL `Mine.id`.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 矿山名称, trimmed.
    pub name: String,
    /// 采矿权人; a natural person's name is hidden from readers outside the mine's scope.
    pub holder: String,
    /// `ENTERPRISE` or `NATURAL_PERSON`.
    pub holder_type: String,
    /// 采矿许可证号; null for an unlicensed site (CLOSE-1); unique when present.
    pub licence_no: Option<String>,
    /// `PROVINCE`, `CITY` or `COUNTY` (省/市/县级发证); null when unknown or unlicensed.
    pub licence_level: Option<String>,
    /// First day of the mining licence's validity (采矿许可证有效期); null when unknown.
    pub licence_valid_from: Option<Date>,
    /// Last day of the licence's validity; null when unknown.
    pub licence_valid_until: Option<Date>,
    /// Six-digit division code of the mine's county (`counties.code`).
    pub county_code: String,
    /// Code of the mineral mined (开采矿种, `minerals.code`).
    pub mineral_code: String,
    /// `OPEN_PIT` (露天) or `UNDERGROUND` (地下).
    pub mining_method: String,
    /// Licensed production scale (生产规模), 万吨/年, > 0.
    pub production_scale: f64,
    /// Remaining recoverable resources (剩余可采资源量), 万吨, ≥ 0.
    pub remaining_reserves: f64,
    /// Surveyed service life in years, overriding reserves ÷ scale; null: not surveyed.
    pub surveyed_service_years: Option<f64>,
    /// `PRODUCING`, `SUSPENDED`, `UNDER_CONSTRUCTION` or `CLOSED`.
    pub status: String,
    /// First day of the current suspension (EXIT-2 counts from it); required when `SUSPENDED`.
    pub suspended_since: Option<Date>,
    /// Whether the authorities ordered the stoppage (then it is not EXIT-2).
    pub suspension_ordered: bool,
    /// End of the approved construction period incl. extensions (EXIT-4); null when none.
    pub construction_deadline: Option<Date>,
    /// Holds a mining licence (采矿许可证); false means CLOSE-1.
    pub has_mining_licence: bool,
    /// Holds a safety-production licence (安全生产许可证); false means CLOSE-1.
    pub has_safety_licence: bool,
    /// Mines beyond its licensed boundary (越界开采); CLOSE-2 with `refuses_rectification`.
    pub cross_boundary_mining: bool,
    /// Mines under the guise of construction (以采代建); CLOSE-2 with refusal.
    pub mining_under_construction_guise: bool,
    /// Mines under an exploration licence (持勘查许可证采矿); CLOSE-2 with refusal.
    pub mining_with_exploration_licence: bool,
    /// Refuses to rectify (拒不整改); completes CLOSE-2, and CLOSE-3 with obsolete equipment.
    pub refuses_rectification: bool,
    /// Uses processes or equipment that must be eliminated (应当淘汰的工艺、设备; CLOSE-3).
    pub obsolete_equipment: bool,
    /// Still lacks safe-production conditions after a suspension for rectification (CLOSE-3).
    pub unsafe_after_suspension: bool,
    /// Resources exhausted (资源枯竭); EXIT-1 while the licence is valid.
    pub resources_exhausted: bool,
    /// Ore body shared with other operators (INTEGRATE-1); null when not recorded.
    pub ore_body_id: Option<String>,
    /// Degrees, CGCS2000 (INTEGRATE-2); null together with `longitude`.
    pub latitude: Option<f64>,
    /// Degrees, CGCS2000 (INTEGRATE-2); null together with `latitude`.
    pub longitude: Option<f64>,
    /// The 0.01° × 0.01° grid cell of the position (`floor(lat·100)·100000 + floor(lon·100)`),
    /// so that the mines near a point are found by a few indexed cell ids; null without a
    /// position.
    pub grid_cell: Option<i64>,
    /// Licensed boundary (矿界) corners as a JSON array of `[latitude, longitude]`, degrees
    /// CGCS2000; null without a boundary (INTEGRATE-2 then measures from the position).
    pub corners: Option<String>,
    /// How far the boundary reaches from the position, metres (the farthest corner); null
    /// without a boundary. A neighbour search widens by the largest reach.
    pub reach_m: Option<f64>,
    /// Bounded by a ridge line (INTEGRATE-4, open-pit sand/gravel/stone mines).
    pub ridge_boundary: bool,
    /// What an authority found the mine mining without (`NO_MINING_LICENCE`,
    /// `NO_SAFETY_LICENCE`, `EXPIRED_LICENCE`; CLOSE-1); null when none is recorded.
    pub violation_kind: Option<String>,
    /// The day the violation was found; null together with `violation_kind`.
    pub violation_found_on: Option<Date>,
    /// The authority that found it; null together with `violation_kind`.
    pub violation_found_by: Option<String>,
    /// Optimistic-concurrency version: 1 on creation, +1 on every change.
    pub version: i32,
    /// Archived: kept for the record, hidden from `mines` by default, out of the batches.
    pub archived: bool,
    /// Why the mine was archived; null while it is not.
    pub archived_reason: Option<String>,
    /// When the row was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the row last changed (UTC).
    pub updated_at: DateTimeUtc,
    /// The planned block this mine was transferred as, when it was registered from a sale.
    pub block_id: Option<i64>,
    /// The transfer-plan entry whose sale it was registered from.
    pub transfer_entry_id: Option<i64>,
}

/// No relations declared: services query related tables by their codes and ids.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
