//! The `--demo` data set: fictional mines, every name marked 【演示】, spread over the six
//! counties with a mix of minerals, scales, statuses and compliance facts so that each rule
//! has something to show in GraphiQL. Loaded through the normal service (validated and
//! audited as `system:demo`) and only into a database without mines; then the admission
//! story of [`admission`] is told over them.

pub mod admission;

use chrono::{Months, NaiveDate};
use entity::mine;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::domain::access::{Caller, Role};
use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::mine::MineDraft;
use crate::error::AppResult;
use crate::infra::writes::in_write;
use crate::service::mines;
use crate::state::AppState;

const COUNTIES: [(&str, &str); 6] = [
    ("140502", "城区"),
    ("140521", "沁水"),
    ("140522", "阳城"),
    ("140524", "陵川"),
    ("140525", "泽州"),
    ("140581", "高平"),
];

/// What a demo mine is meant to show: (mineral, method, scale 万吨/年, reserves 万吨, quirk).
type Scenario = (&'static str, MiningMethod, f64, f64, Quirk);

/// Twelve scenarios cycle over the 36 mines, so each appears three times and together they
/// reach every disposition and every rule ID of docs/rules.md.
const SCENARIOS: [Scenario; 12] = [
    (
        "CEMENT_LIMESTONE",
        MiningMethod::OpenPit,
        120.0,
        3_000.0,
        Quirk::None,
    ), // RETAIN, UPGRADE-2
    (
        "CEMENT_LIMESTONE",
        MiningMethod::OpenPit,
        40.0,
        800.0,
        Quirk::None,
    ), // UPGRADE-1
    ("IRON", MiningMethod::Underground, 20.0, 400.0, Quirk::None), // EXIT-3 + INTEGRATE-3, options
    (
        "BAUXITE",
        MiningMethod::OpenPit,
        40.0,
        400.0,
        Quirk::NoSafetyLicence,
    ), // CLOSE-1
    (
        "BUILDING_STONE",
        MiningMethod::OpenPit,
        60.0,
        600.0,
        Quirk::CrossBoundary,
    ), // CLOSE-2
    (
        "PYRITE",
        MiningMethod::Underground,
        30.0,
        300.0,
        Quirk::ObsoleteEquipment,
    ), // CLOSE-3
    (
        "DOLOMITE",
        MiningMethod::OpenPit,
        40.0,
        5.0,
        Quirk::Exhausted,
    ), // EXIT-1
    (
        "IRON",
        MiningMethod::Underground,
        40.0,
        800.0,
        Quirk::LongSuspension,
    ), // EXIT-2
    (
        "CEMENT_LIMESTONE",
        MiningMethod::OpenPit,
        120.0,
        3_000.0,
        Quirk::OverdueConstruction,
    ), // EXIT-4
    (
        "FLUX_LIMESTONE",
        MiningMethod::OpenPit,
        60.0,
        1_500.0,
        Quirk::SharedOreBody,
    ), // INTEGRATE-1
    (
        "FLUX_LIMESTONE",
        MiningMethod::OpenPit,
        80.0,
        2_000.0,
        Quirk::SharedOreBody,
    ), // INTEGRATE-1
    (
        "BUILDING_STONE",
        MiningMethod::OpenPit,
        60.0,
        600.0,
        Quirk::RidgeNearQuarry,
    ), // INTEGRATE-2, -4
];

/// How far back the scenario whose quarry a ridge quarry sits beside lies in the list.
const QUARRY_PARTNER_OFFSET: usize = 7;

#[derive(Clone, Copy)]
enum Quirk {
    None,
    NoSafetyLicence,
    CrossBoundary,
    ObsoleteEquipment,
    Exhausted,
    LongSuspension,
    OverdueConstruction,
    SharedOreBody,
    RidgeNearQuarry,
}

fn demo_caller() -> Caller {
    Caller {
        sub: "system:demo".into(),
        role: Role::CityAdmin,
        city: None,
        county: None,
        department: None,
        jti: "demo-loader".into(),
    }
}

/// `years` whole years from `today` (negative for the past).
fn years_from(today: NaiveDate, years: i32) -> Option<NaiveDate> {
    let months = Months::new(years.unsigned_abs() * 12);
    if years >= 0 {
        today.checked_add_months(months)
    } else {
        today.checked_sub_months(months)
    }
}

/// The demo mines, in a fixed order. Dates are relative to `today` (licences running, a long
/// suspension, an overdue construction period), so the demo tells the same story whenever
/// it is loaded.
pub fn drafts(today: NaiveDate) -> Vec<MineDraft> {
    let mut drafts: Vec<MineDraft> = Vec::new();
    for (county_index, &(county, county_name)) in COUNTIES.iter().enumerate() {
        for slot in 0..6 {
            let n = county_index * 6 + slot;
            let scenario = SCENARIOS[n % SCENARIOS.len()];
            let mut draft = compliant(today, (county_index, (county, county_name)), slot, scenario);
            let partner = n
                .checked_sub(QUARRY_PARTNER_OFFSET)
                .and_then(|i| drafts.get(i));
            let (.., quirk) = scenario;
            quirk.apply(&mut draft, today, county, partner);
            drafts.push(draft);
        }
    }
    drafts
}

/// The demo mine in `slot` of a county (its index, code and name) with the scenario's
/// mineral and figures, compliant in every fact until the scenario's quirk breaks one.
fn compliant(
    today: NaiveDate,
    (county_index, (county, county_name)): (usize, (&str, &str)),
    slot: usize,
    (mineral, method, scale, reserves, _): Scenario,
) -> MineDraft {
    let number = county_index * 6 + slot + 1;
    let natural_person = number.is_multiple_of(7);
    MineDraft {
        name: format!("【演示】{county_name}第{number}号矿山"),
        holder: if natural_person {
            format!("【演示】自然人{number}")
        } else {
            format!("【演示】{county_name}矿业有限公司{number}")
        },
        holder_type: if natural_person {
            HolderType::NaturalPerson
        } else {
            HolderType::Enterprise
        },
        licence_no: Some(format!("DEMO-C{county}2020{number:04}")),
        licence_level: Some(if number.is_multiple_of(3) {
            LicenceLevel::City
        } else {
            LicenceLevel::County
        }),
        licence_valid_from: years_from(today, -4),
        licence_valid_until: years_from(today, 6),
        county_code: county.into(),
        mineral_code: mineral.into(),
        mining_method: method,
        production_scale: scale,
        remaining_reserves: reserves,
        surveyed_service_years: None,
        status: OperatingStatus::Producing,
        suspended_since: None,
        suspension_ordered: false,
        construction_deadline: None,
        has_mining_licence: true,
        has_safety_licence: true,
        cross_boundary_mining: false,
        mining_under_construction_guise: false,
        mining_with_exploration_licence: false,
        refuses_rectification: false,
        obsolete_equipment: false,
        unsafe_after_suspension: false,
        resources_exhausted: false,
        ore_body_id: None,
        // About 2 km apart, so only the pairs placed on purpose are neighbours.
        latitude: Some(35.3 + 0.02 * slot as f64),
        longitude: Some(112.5 + 0.05 * county_index as f64),
        corners: Vec::new(),
        ridge_boundary: false,
        violation: None,
    }
}

impl Quirk {
    /// Breaks the one fact of `draft` the scenario is meant to show; a ridge quarry moves
    /// beside its `partner`, the quarry [`QUARRY_PARTNER_OFFSET`] mines earlier.
    fn apply(
        self,
        draft: &mut MineDraft,
        today: NaiveDate,
        county: &str,
        partner: Option<&MineDraft>,
    ) {
        match self {
            Quirk::None => {}
            Quirk::NoSafetyLicence => draft.has_safety_licence = false,
            Quirk::CrossBoundary => {
                draft.cross_boundary_mining = true;
                draft.refuses_rectification = true;
            }
            Quirk::ObsoleteEquipment => {
                draft.obsolete_equipment = true;
                draft.refuses_rectification = true;
            }
            Quirk::Exhausted => draft.resources_exhausted = true,
            Quirk::LongSuspension => {
                draft.status = OperatingStatus::Suspended;
                draft.suspended_since = years_from(today, -3);
            }
            Quirk::OverdueConstruction => {
                draft.status = OperatingStatus::UnderConstruction;
                draft.construction_deadline = years_from(today, -1);
            }
            Quirk::SharedOreBody => draft.ore_body_id = Some(format!("DEMO-ORE-{county}")),
            Quirk::RidgeNearQuarry => {
                draft.ridge_boundary = true;
                // About 200 m north of the cross-boundary quarry in the previous county.
                if let Some(partner) = partner {
                    draft.latitude = partner.latitude.map(|lat| lat + 0.0018);
                    draft.longitude = partner.longitude;
                }
            }
        }
    }
}

/// Loads the demo mines and tells the admission story when the registry is empty; returns
/// how many mines were added.
pub async fn load_if_empty(state: &AppState) -> AppResult<usize> {
    let (db, clock) = (&state.db, state.clock.as_ref());
    if mine::Entity::find().count(db).await? > 0 {
        tracing::info!("database already holds mines; demo data not loaded");
        return Ok(0);
    }
    let caller = demo_caller();
    let drafts = drafts(clock.today());
    let total = drafts.len();
    // One transaction: the mines load whole or not at all (the admission story after
    // them is told step by step, as officials would).
    in_write(db, async |tx| {
        for draft in drafts {
            mines::create_in(tx, clock, &caller, draft).await?;
        }
        Ok(())
    })
    .await?;
    admission::tell(state).await?;
    tracing::info!(
        mines = total,
        "loaded the fictional demo data set (names marked 【演示】)"
    );
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mine::MineFacts;

    #[test]
    fn every_demo_mine_is_valid_labelled_and_uniquely_licensed() {
        let drafts = drafts(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default());
        assert_eq!(drafts.len(), 36);
        let mut licences = std::collections::HashSet::new();
        for draft in drafts {
            assert!(draft.name.starts_with("【演示】"));
            assert!(licences.insert(draft.licence_no.clone()));
            MineFacts::parse(draft).expect("demo mine must be valid");
        }
    }
}
