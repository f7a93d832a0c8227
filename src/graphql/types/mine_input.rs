//! `MineInput`, `MinePatch` and `MineFilter`: exactly api.md's names, converted to the
//! domain's draft before any rule reads them.

use async_graphql::{InputObject, MaybeUndefined};

use crate::domain::ValidationError;
use crate::domain::mine::MineDraft;
use crate::graphql::types::assessment::Disposition;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::service::mine_queries::MineFilter as ServiceFilter;

/// Every fact of a mine the rules read. Defaulted fields are nullable as api.md writes
/// them: an explicit null means the default.
#[derive(InputObject)]
pub struct MineInput {
    /// 矿山名称.
    pub name: String,
    /// 采矿权人.
    pub holder: String,
    #[graphql(default_with = "Some(HolderType::Enterprise)")]
    pub holder_type: Option<HolderType>,
    /// Null for an unlicensed site (CLOSE-1); unique when present.
    pub licence_no: Option<String>,
    pub licence_level: Option<LicenceLevel>,
    pub licence_valid_from: Option<Date>,
    pub licence_valid_until: Option<Date>,
    pub county_code: String,
    pub mineral_code: String,
    #[graphql(default_with = "Some(MiningMethod::OpenPit)")]
    pub mining_method: Option<MiningMethod>,
    /// Licensed scale, 万吨/年, > 0.
    pub production_scale: f64,
    /// 万吨.
    pub remaining_reserves: f64,
    /// Overrides remainingReserves ÷ productionScale.
    pub surveyed_service_years: Option<f64>,
    #[graphql(default_with = "Some(OperatingStatus::Producing)")]
    pub status: Option<OperatingStatus>,
    pub suspended_since: Option<Date>,
    /// Ordered stoppages are not EXIT-2.
    #[graphql(default_with = "Some(false)")]
    pub suspension_ordered: Option<bool>,
    /// Approved construction period incl. extensions (EXIT-4).
    pub construction_deadline: Option<Date>,
    #[graphql(default_with = "Some(true)")]
    pub has_mining_licence: Option<bool>,
    #[graphql(default_with = "Some(true)")]
    pub has_safety_licence: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub cross_boundary_mining: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub mining_under_construction_guise: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub mining_with_exploration_licence: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub refuses_rectification: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub obsolete_equipment: Option<bool>,
    #[graphql(default_with = "Some(false)")]
    pub unsafe_after_suspension: Option<bool>,
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
    pub name: MaybeUndefined<String>,
    pub holder: MaybeUndefined<String>,
    pub holder_type: MaybeUndefined<HolderType>,
    pub licence_no: MaybeUndefined<String>,
    pub licence_level: MaybeUndefined<LicenceLevel>,
    pub licence_valid_from: MaybeUndefined<Date>,
    pub licence_valid_until: MaybeUndefined<Date>,
    pub county_code: MaybeUndefined<String>,
    pub mineral_code: MaybeUndefined<String>,
    pub mining_method: MaybeUndefined<MiningMethod>,
    pub production_scale: MaybeUndefined<f64>,
    pub remaining_reserves: MaybeUndefined<f64>,
    pub surveyed_service_years: MaybeUndefined<f64>,
    pub status: MaybeUndefined<OperatingStatus>,
    pub suspended_since: MaybeUndefined<Date>,
    pub suspension_ordered: MaybeUndefined<bool>,
    pub construction_deadline: MaybeUndefined<Date>,
    pub has_mining_licence: MaybeUndefined<bool>,
    pub has_safety_licence: MaybeUndefined<bool>,
    pub cross_boundary_mining: MaybeUndefined<bool>,
    pub mining_under_construction_guise: MaybeUndefined<bool>,
    pub mining_with_exploration_licence: MaybeUndefined<bool>,
    pub refuses_rectification: MaybeUndefined<bool>,
    pub obsolete_equipment: MaybeUndefined<bool>,
    pub unsafe_after_suspension: MaybeUndefined<bool>,
    pub resources_exhausted: MaybeUndefined<bool>,
    pub ore_body_id: MaybeUndefined<String>,
    pub latitude: MaybeUndefined<f64>,
    pub longitude: MaybeUndefined<f64>,
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
    pub county_code: Option<String>,
    pub mineral_code: Option<String>,
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

impl From<MineFilter> for ServiceFilter {
    fn from(filter: MineFilter) -> Self {
        ServiceFilter {
            county_code: filter.county_code,
            mineral_code: filter.mineral_code,
            status: filter.status.map(Into::into),
            search: filter.search,
            include_archived: filter.include_archived.unwrap_or(false),
            disposition: filter.disposition.map(Into::into),
            rule_id: filter.rule_id,
        }
    }
}
