//! Every code round-trips, and the code newtypes accept their format only.

use super::*;

#[test]
fn every_code_round_trips_through_parse() {
    for status in OperatingStatus::ALL {
        assert_eq!(OperatingStatus::parse(status.code()), Some(*status));
    }
    for method in MiningMethod::ALL {
        assert_eq!(MiningMethod::parse(method.code()), Some(*method));
    }
    assert_eq!(
        HolderType::parse("NATURAL_PERSON"),
        Some(HolderType::NaturalPerson)
    );
    assert_eq!(LicenceLevel::parse("county"), None);
    assert_eq!(ScaleClass::parse("MEDIUM"), Some(ScaleClass::Medium));
}

#[test]
fn county_codes_are_six_digits() {
    for (raw, valid) in [
        ("140525", true),
        ("14052", false),
        ("1405250", false),
        ("14052a", false),
        ("１４０５２５", false),
        ("", false),
    ] {
        assert_eq!(CountyCode::parse(raw).is_some(), valid, "{raw:?}");
    }
    assert_eq!(
        CountyCode::parse("140525").map(|c| c.to_string()),
        Some("140525".into())
    );
}

#[test]
fn mineral_codes_are_upper_case_words() {
    let long = "A".repeat(65);
    for (raw, valid) in [
        ("IRON", true),
        ("BUILDING_STONE", true),
        ("B2", true),
        ("iron", false),
        ("_IRON", false),
        ("2IRON", false),
        ("IRON ORE", false),
        ("铁矿", false),
        ("", false),
        (&long[..64], true),
        (long.as_str(), false),
    ] {
        assert_eq!(MineralCode::parse(raw).is_some(), valid, "{raw:?}");
    }
}
