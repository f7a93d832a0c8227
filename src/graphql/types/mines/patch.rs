//! `MinePatch`: a change of a registered mine's facts, applied to its stored draft before
//! the service parses the result again.

use async_graphql::{InputObject, MaybeUndefined};

use crate::domain::ValidationError;
use crate::domain::mine::MineDraft;
use crate::graphql::types::boundary::CornerInput;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::graphql::types::mines::violation::ViolationInput;

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
    /// Licensed boundary (矿界) corners in order, replacing the recorded ones; null removes
    /// the boundary (INTEGRATE-2 then measures from the position).
    pub corners: MaybeUndefined<Vec<CornerInput>>,
    /// Bounded by a ridge line (INTEGRATE-4); null is refused.
    pub ridge_boundary: MaybeUndefined<bool>,
    /// A recorded violation (CLOSE-1); null clears a record made in error.
    pub violation: MaybeUndefined<ViolationInput>,
}

/// Sets a required fact; null is refused.
fn set<T, U: Clone + Into<T>>(
    slot: &mut T,
    value: &MaybeUndefined<U>,
    field: &str,
) -> Result<(), ValidationError> {
    match value {
        MaybeUndefined::Undefined => Ok(()),
        MaybeUndefined::Null => Err(ValidationError::new(field, "该字段为必填项，不能清空")),
        MaybeUndefined::Value(value) => {
            *slot = value.clone().into();
            Ok(())
        }
    }
}

/// Sets or clears an optional fact.
fn set_optional<T, U: Clone + Into<T>>(slot: &mut Option<T>, value: &MaybeUndefined<U>) {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *slot = None,
        MaybeUndefined::Value(value) => *slot = Some(value.clone().into()),
    }
}

impl MinePatch {
    /// Applies the patch to the stored draft; the result is parsed again by the service.
    /// The groups follow the schema's order of fields, so a patch with several refused
    /// nulls is refused for the first of them.
    pub fn apply(self, mut draft: MineDraft) -> Result<MineDraft, ValidationError> {
        self.apply_holder_and_licence(&mut draft)?;
        self.apply_place_and_output(&mut draft)?;
        self.apply_operation(&mut draft)?;
        self.apply_violations(&mut draft)?;
        self.apply_location(&mut draft)?;
        Ok(draft)
    }

    /// The name, the holder and the licence.
    fn apply_holder_and_licence(&self, d: &mut MineDraft) -> Result<(), ValidationError> {
        set(&mut d.name, &self.name, "name")?;
        set(&mut d.holder, &self.holder, "holder")?;
        set(&mut d.holder_type, &self.holder_type, "holderType")?;
        set_optional(&mut d.licence_no, &self.licence_no);
        set_optional(&mut d.licence_level, &self.licence_level);
        set_optional(&mut d.licence_valid_from, &self.licence_valid_from);
        set_optional(&mut d.licence_valid_until, &self.licence_valid_until);
        Ok(())
    }

    /// The county, the mineral, the method, the scale and the reserves.
    fn apply_place_and_output(&self, d: &mut MineDraft) -> Result<(), ValidationError> {
        set(&mut d.county_code, &self.county_code, "countyCode")?;
        set(&mut d.mineral_code, &self.mineral_code, "mineralCode")?;
        set(&mut d.mining_method, &self.mining_method, "miningMethod")?;
        set(
            &mut d.production_scale,
            &self.production_scale,
            "productionScale",
        )?;
        set(
            &mut d.remaining_reserves,
            &self.remaining_reserves,
            "remainingReserves",
        )?;
        set_optional(&mut d.surveyed_service_years, &self.surveyed_service_years);
        Ok(())
    }

    /// The operating status, the suspension and the construction period.
    fn apply_operation(&self, d: &mut MineDraft) -> Result<(), ValidationError> {
        set(&mut d.status, &self.status, "status")?;
        set_optional(&mut d.suspended_since, &self.suspended_since);
        set(
            &mut d.suspension_ordered,
            &self.suspension_ordered,
            "suspensionOrdered",
        )?;
        set_optional(&mut d.construction_deadline, &self.construction_deadline);
        Ok(())
    }

    /// The licences held and the facts the CLOSE and EXIT rules read.
    fn apply_violations(&self, d: &mut MineDraft) -> Result<(), ValidationError> {
        set(
            &mut d.has_mining_licence,
            &self.has_mining_licence,
            "hasMiningLicence",
        )?;
        set(
            &mut d.has_safety_licence,
            &self.has_safety_licence,
            "hasSafetyLicence",
        )?;
        set(
            &mut d.cross_boundary_mining,
            &self.cross_boundary_mining,
            "crossBoundaryMining",
        )?;
        set(
            &mut d.mining_under_construction_guise,
            &self.mining_under_construction_guise,
            "miningUnderConstructionGuise",
        )?;
        set(
            &mut d.mining_with_exploration_licence,
            &self.mining_with_exploration_licence,
            "miningWithExplorationLicence",
        )?;
        set(
            &mut d.refuses_rectification,
            &self.refuses_rectification,
            "refusesRectification",
        )?;
        set(
            &mut d.obsolete_equipment,
            &self.obsolete_equipment,
            "obsoleteEquipment",
        )?;
        set(
            &mut d.unsafe_after_suspension,
            &self.unsafe_after_suspension,
            "unsafeAfterSuspension",
        )?;
        set(
            &mut d.resources_exhausted,
            &self.resources_exhausted,
            "resourcesExhausted",
        )?;
        set_optional(&mut d.violation, &self.violation);
        Ok(())
    }

    /// The ore body, the position and the ridge boundary the INTEGRATE rules read.
    fn apply_location(&self, d: &mut MineDraft) -> Result<(), ValidationError> {
        set_optional(&mut d.ore_body_id, &self.ore_body_id);
        set_optional(&mut d.latitude, &self.latitude);
        set_optional(&mut d.longitude, &self.longitude);
        match &self.corners {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => d.corners.clear(),
            MaybeUndefined::Value(corners) => {
                d.corners = corners.iter().cloned().map(Into::into).collect();
            }
        }
        set(&mut d.ridge_boundary, &self.ridge_boundary, "ridgeBoundary")?;
        Ok(())
    }
}
