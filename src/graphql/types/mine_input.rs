//! `MineInput`, `MinePatch` and `MineFilter`: the mine's facts as the schema names them,
//! converted to the domain's draft before any rule reads them.

use async_graphql::{InputObject, MaybeUndefined};

use crate::domain::ValidationError;
use crate::domain::assessment::RuleId;
use crate::domain::mine::MineDraft;
use crate::graphql::types::assessment::Disposition;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::service::mine_queries::MineFilter as ServiceFilter;

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
    /// INTEGRATE-4.
    #[graphql(default_with = "Some(false)")]
    pub ridge_boundary: Option<bool>,
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
            ridge_boundary: input.ridge_boundary.unwrap_or(false),
        }
    }
}

/// The fields of `MineInput`, all optional: an omitted field is kept, an explicit null
/// clears an optional field (and is refused for a required one).
#[derive(InputObject, Default)]
pub struct MinePatch {
    /// 矿山名称; null is refused.
    pub name: MaybeUndefined<String>,
    /// 采矿权人; null is refused.
    pub holder: MaybeUndefined<String>,
    /// Enterprise or natural person; null is refused.
    pub holder_type: MaybeUndefined<HolderType>,
    /// 采矿许可证号; null marks an unlicensed site (CLOSE-1).
    pub licence_no: MaybeUndefined<String>,
    /// Level that issued the licence (省/市/县级发证); null clears it.
    pub licence_level: MaybeUndefined<LicenceLevel>,
    /// First day of the licence's validity; null clears it.
    pub licence_valid_from: MaybeUndefined<Date>,
    /// Last day of the licence's validity; null clears it.
    pub licence_valid_until: MaybeUndefined<Date>,
    /// Six-digit division code of the mine's county; null is refused.
    pub county_code: MaybeUndefined<String>,
    /// Code of the mineral mined (开采矿种); null is refused.
    pub mineral_code: MaybeUndefined<String>,
    /// Open-pit or underground; null is refused.
    pub mining_method: MaybeUndefined<MiningMethod>,
    /// Licensed production scale, 万吨/年, > 0 (生产规模); null is refused.
    pub production_scale: MaybeUndefined<f64>,
    /// Remaining recoverable resources, 万吨 (剩余可采资源量); null is refused.
    pub remaining_reserves: MaybeUndefined<f64>,
    /// Surveyed service life in years, overriding reserves ÷ scale; null clears it.
    pub surveyed_service_years: MaybeUndefined<f64>,
    /// Operating status; null is refused.
    pub status: MaybeUndefined<OperatingStatus>,
    /// First day of the current suspension (EXIT-2); null clears it.
    pub suspended_since: MaybeUndefined<Date>,
    /// Whether the authorities ordered the stoppage (then not EXIT-2); null is refused.
    pub suspension_ordered: MaybeUndefined<bool>,
    /// End of the approved construction period incl. extensions (EXIT-4); null clears it.
    pub construction_deadline: MaybeUndefined<Date>,
    /// Holds a mining licence (CLOSE-1); null is refused.
    pub has_mining_licence: MaybeUndefined<bool>,
    /// Holds a safety-production licence (CLOSE-1); null is refused.
    pub has_safety_licence: MaybeUndefined<bool>,
    /// Mines beyond its licensed boundary (越界开采, CLOSE-2); null is refused.
    pub cross_boundary_mining: MaybeUndefined<bool>,
    /// Mines under the guise of construction (以采代建, CLOSE-2); null is refused.
    pub mining_under_construction_guise: MaybeUndefined<bool>,
    /// Mines under an exploration licence (CLOSE-2); null is refused.
    pub mining_with_exploration_licence: MaybeUndefined<bool>,
    /// Refuses to rectify (拒不整改, CLOSE-2/CLOSE-3); null is refused.
    pub refuses_rectification: MaybeUndefined<bool>,
    /// Uses processes or equipment that must be eliminated (CLOSE-3); null is refused.
    pub obsolete_equipment: MaybeUndefined<bool>,
    /// Unsafe after a suspension for rectification (CLOSE-3); null is refused.
    pub unsafe_after_suspension: MaybeUndefined<bool>,
    /// Resources exhausted (EXIT-1); null is refused.
    pub resources_exhausted: MaybeUndefined<bool>,
    /// Ore body shared with other operators (INTEGRATE-1); null clears it.
    pub ore_body_id: MaybeUndefined<String>,
    /// Degrees, CGCS2000 (INTEGRATE-2); set or clear together with `longitude`.
    pub latitude: MaybeUndefined<f64>,
    /// Degrees, CGCS2000 (INTEGRATE-2); set or clear together with `latitude`.
    pub longitude: MaybeUndefined<f64>,
    /// Bounded by a ridge line (INTEGRATE-4); null is refused.
    pub ridge_boundary: MaybeUndefined<bool>,
}

/// Sets a required fact; null is refused.
fn set<T, U: Into<T>>(
    slot: &mut T,
    value: MaybeUndefined<U>,
    field: &str,
) -> Result<(), ValidationError> {
    match value {
        MaybeUndefined::Undefined => Ok(()),
        MaybeUndefined::Null => Err(ValidationError::new(field, "该字段为必填项，不能清空")),
        MaybeUndefined::Value(value) => {
            *slot = value.into();
            Ok(())
        }
    }
}

/// Sets or clears an optional fact.
fn set_optional<T, U: Into<T>>(slot: &mut Option<T>, value: MaybeUndefined<U>) {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *slot = None,
        MaybeUndefined::Value(value) => *slot = Some(value.into()),
    }
}

impl MinePatch {
    /// Applies the patch to the stored draft; the result is parsed again by the service.
    pub fn apply(self, mut d: MineDraft) -> Result<MineDraft, ValidationError> {
        set(&mut d.name, self.name, "name")?;
        set(&mut d.holder, self.holder, "holder")?;
        set(&mut d.holder_type, self.holder_type, "holderType")?;
        set_optional(&mut d.licence_no, self.licence_no);
        set_optional(&mut d.licence_level, self.licence_level);
        set_optional(&mut d.licence_valid_from, self.licence_valid_from);
        set_optional(&mut d.licence_valid_until, self.licence_valid_until);
        set(&mut d.county_code, self.county_code, "countyCode")?;
        set(&mut d.mineral_code, self.mineral_code, "mineralCode")?;
        set(&mut d.mining_method, self.mining_method, "miningMethod")?;
        set(
            &mut d.production_scale,
            self.production_scale,
            "productionScale",
        )?;
        set(
            &mut d.remaining_reserves,
            self.remaining_reserves,
            "remainingReserves",
        )?;
        set_optional(&mut d.surveyed_service_years, self.surveyed_service_years);
        set(&mut d.status, self.status, "status")?;
        set_optional(&mut d.suspended_since, self.suspended_since);
        set(
            &mut d.suspension_ordered,
            self.suspension_ordered,
            "suspensionOrdered",
        )?;
        set_optional(&mut d.construction_deadline, self.construction_deadline);
        set(
            &mut d.has_mining_licence,
            self.has_mining_licence,
            "hasMiningLicence",
        )?;
        set(
            &mut d.has_safety_licence,
            self.has_safety_licence,
            "hasSafetyLicence",
        )?;
        set(
            &mut d.cross_boundary_mining,
            self.cross_boundary_mining,
            "crossBoundaryMining",
        )?;
        set(
            &mut d.mining_under_construction_guise,
            self.mining_under_construction_guise,
            "miningUnderConstructionGuise",
        )?;
        set(
            &mut d.mining_with_exploration_licence,
            self.mining_with_exploration_licence,
            "miningWithExplorationLicence",
        )?;
        set(
            &mut d.refuses_rectification,
            self.refuses_rectification,
            "refusesRectification",
        )?;
        set(
            &mut d.obsolete_equipment,
            self.obsolete_equipment,
            "obsoleteEquipment",
        )?;
        set(
            &mut d.unsafe_after_suspension,
            self.unsafe_after_suspension,
            "unsafeAfterSuspension",
        )?;
        set(
            &mut d.resources_exhausted,
            self.resources_exhausted,
            "resourcesExhausted",
        )?;
        set_optional(&mut d.ore_body_id, self.ore_body_id);
        set_optional(&mut d.latitude, self.latitude);
        set_optional(&mut d.longitude, self.longitude);
        set(&mut d.ridge_boundary, self.ridge_boundary, "ridgeBoundary")?;
        Ok(d)
    }
}

/// Filters of `mines`; all optional and combined with AND.
#[derive(InputObject, Default)]
pub struct MineFilter {
    /// Only mines of this county (six-digit division code).
    pub county_code: Option<String>,
    /// Only mines of this mineral (`IRON`, …).
    pub mineral_code: Option<String>,
    /// Only mines in this operating status.
    pub status: Option<OperatingStatus>,
    /// Matches name, holder or licence number.
    pub search: Option<String>,
    /// Include archived mines (default false).
    #[graphql(default_with = "Some(false)")]
    pub include_archived: Option<bool>,
    /// Only mines whose default disposition today is this one.
    pub disposition: Option<Disposition>,
    /// Only mines with a decisive finding of this rule ID today (`EXIT-3`, …).
    pub rule_id: Option<String>,
}

impl MineFilter {
    /// Whether the filter needs every candidate's assessment (it then costs a scan).
    pub fn by_assessment(&self) -> bool {
        self.disposition.is_some() || self.rule_id.is_some()
    }
}

impl TryFrom<MineFilter> for ServiceFilter {
    type Error = ValidationError;

    /// Refuses a rule ID that names no rule (it would otherwise match nothing, silently).
    fn try_from(filter: MineFilter) -> Result<Self, ValidationError> {
        let rule_id = filter
            .rule_id
            .as_deref()
            .map(|code| {
                RuleId::parse(code).ok_or_else(|| {
                    ValidationError::new("ruleId", format!("未知的规则编号：{}", code.trim()))
                })
            })
            .transpose()?;
        Ok(ServiceFilter {
            county_code: filter.county_code,
            mineral_code: filter.mineral_code,
            status: filter.status.map(Into::into),
            search: filter.search,
            include_archived: filter.include_archived.unwrap_or(false),
            disposition: filter.disposition.map(Into::into),
            rule_id,
        })
    }
}
