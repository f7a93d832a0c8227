//! The `--demo` data set: fictional mines, every name marked 【演示】, spread over the six
//! counties with a mix of minerals, scales, statuses and compliance facts so that each rule
//! has something to show in GraphiQL. Loaded through the normal service (validated and
//! audited as `system:demo`) and only into a database without mines.

use chrono::NaiveDate;
use entity::mine;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::domain::access::{Caller, Role};
use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::mine::MineDraft;
use crate::error::AppResult;
use crate::service::mines;

const COUNTIES: [(&str, &str); 6] = [
    ("140502", "城区"),
    ("140521", "沁水"),
    ("140522", "阳城"),
    ("140524", "陵川"),
    ("140525", "泽州"),
    ("140581", "高平"),
];

/// (mineral, method, scale 万吨/年, reserves 万吨, what makes the site interesting)
const PROFILES: [(&str, MiningMethod, f64, f64, Quirk); 6] = [
    (
        "BUILDING_STONE",
        MiningMethod::OpenPit,
        60.0,
        900.0,
        Quirk::None,
    ),
    (
        "BUILDING_STONE",
        MiningMethod::OpenPit,
        20.0,
        150.0,
        Quirk::SharedOreBody,
    ),
    (
        "IRON",
        MiningMethod::Underground,
        25.0,
        400.0,
        Quirk::LongSuspension,
    ),
    (
        "BAUXITE",
        MiningMethod::OpenPit,
        40.0,
        120.0,
        Quirk::NoSafetyLicence,
    ),
    (
        "CEMENT_LIMESTONE",
        MiningMethod::OpenPit,
        120.0,
        3_000.0,
        Quirk::OverdueConstruction,
    ),
    (
        "CONSTRUCTION_SAND",
        MiningMethod::OpenPit,
        8.0,
        60.0,
        Quirk::RidgeBoundary,
    ),
];

#[derive(Clone, Copy)]
enum Quirk {
    None,
    SharedOreBody,
    LongSuspension,
    NoSafetyLicence,
    OverdueConstruction,
    RidgeBoundary,
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

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The demo mines, in a fixed order.
pub fn drafts() -> Vec<MineDraft> {
    let mut drafts = Vec::new();
    for (county_index, (county, county_name)) in COUNTIES.iter().enumerate() {
        for (profile_index, (mineral, method, scale, reserves, quirk)) in
            PROFILES.iter().enumerate()
        {
            let n = county_index * PROFILES.len() + profile_index + 1;
            let mut draft = MineDraft {
                name: format!("【演示】{county_name}第{n}号矿山"),
                holder: if n.is_multiple_of(7) {
                    format!("【演示】自然人{n}")
                } else {
                    format!("【演示】{county_name}矿业有限公司{n}")
                },
                holder_type: if n.is_multiple_of(7) {
                    HolderType::NaturalPerson
                } else {
                    HolderType::Enterprise
                },
                licence_no: Some(format!("DEMO-C{county}2020{n:04}")),
                licence_level: Some(if n.is_multiple_of(3) {
                    LicenceLevel::City
                } else {
                    LicenceLevel::County
                }),
                licence_valid_from: date(2020, 1, 1),
                licence_valid_until: date(2030, 12, 31),
                county_code: (*county).into(),
                mineral_code: (*mineral).into(),
                mining_method: *method,
                production_scale: scale + county_index as f64,
                remaining_reserves: reserves + 10.0 * county_index as f64,
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
                latitude: Some(35.3 + 0.05 * county_index as f64 + 0.002 * profile_index as f64),
                longitude: Some(112.5 + 0.1 * county_index as f64 + 0.002 * profile_index as f64),
                ridge_boundary: false,
            };
            match quirk {
                Quirk::None => {}
                Quirk::SharedOreBody => draft.ore_body_id = Some(format!("DEMO-ORE-{county}")),
                Quirk::LongSuspension => {
                    draft.status = OperatingStatus::Suspended;
                    draft.suspended_since = date(2023, 3, 1);
                }
                Quirk::NoSafetyLicence => draft.has_safety_licence = county_index % 2 == 1,
                Quirk::OverdueConstruction => {
                    draft.status = OperatingStatus::UnderConstruction;
                    draft.construction_deadline = date(2024, 6, 30);
                }
                Quirk::RidgeBoundary => draft.ridge_boundary = true,
            }
            drafts.push(draft);
        }
    }
    drafts
}

/// Loads the demo mines when the registry is empty; returns how many were added.
pub async fn load_if_empty(db: &DatabaseConnection) -> AppResult<usize> {
    if mine::Entity::find().count(db).await? > 0 {
        tracing::info!("database already holds mines; demo data not loaded");
        return Ok(0);
    }
    let caller = demo_caller();
    let drafts = drafts();
    let total = drafts.len();
    for draft in drafts {
        mines::create(db, Some(&caller), draft).await?;
    }
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
        let drafts = drafts();
        assert_eq!(drafts.len(), 36);
        let mut licences = std::collections::HashSet::new();
        for draft in drafts {
            assert!(draft.name.starts_with("【演示】"));
            assert!(licences.insert(draft.licence_no.clone()));
            MineFacts::parse(draft).expect("demo mine must be valid");
        }
    }
}
