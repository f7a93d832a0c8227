//! Integration groups: the largest member, and the unified mine a completed group adds.

use super::*;
use crate::domain::mine::tests::quarry;

fn figures(scale: f64, reserves: f64) -> MemberFigures {
    MemberFigures { scale, reserves }
}

#[test]
fn the_largest_member_is_the_last_of_the_greatest_scale() {
    let members = [(1, 20.0), (2, 40.0), (3, 40.0), (4, 10.0)];
    assert_eq!(largest(members, |m| m.1).map(|m| m.0), Some(3));
    assert_eq!(largest(Vec::<(i64, f64)>::new(), |m| m.1), None);
}

#[test]
fn a_unified_mine_takes_the_rights_name_and_holder_and_sums_its_members() {
    let members = [figures(20.0, 200.0), figures(40.0, 450.0)];
    let unnamed = unified_mine(quarry(), UnifiedRight::default(), &members).expect("valid");
    assert_eq!(
        (unnamed.name.as_str(), unnamed.holder.as_str()),
        ("示例采石场", "示例建材有限公司")
    );
    assert_eq!(
        (unnamed.production_scale, unnamed.remaining_reserves),
        (60.0, 650.0)
    );
    let right = UnifiedRight {
        name: Some("整合后采石场"),
        holder: Some("整合公司"),
        target_scale: Some(80.0),
    };
    let named = unified_mine(quarry(), right, &members).expect("valid");
    assert_eq!(
        (named.name.as_str(), named.holder.as_str()),
        ("整合后采石场", "整合公司")
    );
    assert_eq!(named.holder_type, HolderType::Enterprise);
    assert_eq!(named.production_scale, 80.0);
    assert_eq!(named.status, OperatingStatus::Producing);
}

#[test]
fn a_unified_mine_that_fails_validation_names_its_fields_under_unified_mine() {
    let right = UnifiedRight {
        name: Some("   "),
        ..UnifiedRight::default()
    };
    let refused = unified_mine(quarry(), right, &[figures(20.0, 200.0)]).expect_err("no name");
    assert_eq!(refused.fields(), vec!["unifiedMine.name"]);
    assert!(refused.into_vec().iter().all(|p| p.rule.is_none()));
}

/// 五统一: a member held by someone other than the unified holder merges into it (and has
/// duties of its own); the largest member's licence passes to the unified right, so it does
/// not, nor does a member the unified holder already holds.
#[test]
fn the_members_held_by_others_merge_except_the_largest() {
    // (id, scale, holder)
    let members = [
        (1, 20.0, "甲"),
        (2, 60.0, "乙"),
        (3, 30.0, "丙"),
        (4, 10.0, "丙"),
    ];
    let merged = |holder| -> Vec<i64> {
        merging(&members, |m| m.1, |m| m.2, holder)
            .into_iter()
            .map(|m| m.0)
            .collect()
    };
    assert_eq!(merged("丙"), [1], "丙 holds 3 and 4; 2 is the largest");
    assert_eq!(
        merged("新公司"),
        [1, 3, 4],
        "a new holder takes all but the largest"
    );
    assert_eq!(merged("乙"), [1, 3, 4]);
}

/// A violation recorded against a member stays that member's: the unified right is new.
#[test]
fn a_unified_mine_does_not_inherit_a_members_violation() {
    let mut largest = quarry();
    largest.violation = Some(crate::domain::mine::Violation {
        kind: crate::domain::mine::ViolationKind::NoSafetyLicence,
        found_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        found_by: "县应急管理局".into(),
    });
    let unified =
        unified_mine(largest, UnifiedRight::default(), &[figures(60.0, 600.0)]).expect("valid");
    assert_eq!(unified.violation, None);
}
