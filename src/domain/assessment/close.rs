//! 关闭取缔 (docs/rules.md, CLOSE-1 to CLOSE-3): one function per rule.

use chrono::NaiveDate;

use super::RuleId;
use super::types::{Disposition, Fact, Finding};
use crate::domain::codes::OperatingStatus;
use crate::domain::mine::MineFacts;

fn close(rule_id: RuleId, message: String, facts: Vec<Fact>) -> Finding {
    Finding {
        rule_id,
        disposition: Disposition::Close,
        message,
        facts,
        advisory: false,
        neighbours: None,
    }
}

/// Whether the mine is working (producing or building) rather than stopped.
pub(super) fn working(facts: &MineFacts) -> bool {
    matches!(
        facts.status,
        OperatingStatus::Producing | OperatingStatus::UnderConstruction
    )
}

/// Whether the mining licence is held and not expired on `as_of`.
pub(super) fn licence_valid(facts: &MineFacts, as_of: NaiveDate) -> bool {
    facts.has_mining_licence
        && facts.licence_no.is_some()
        && facts.licence_valid_until.is_none_or(|until| until >= as_of)
}

/// The close findings of a mine, in rule order.
pub(super) fn findings(facts: &MineFacts, as_of: NaiveDate) -> Vec<Finding> {
    [close_1(facts, as_of), close_2(facts), close_3(facts)]
        .into_iter()
        .flatten()
        .collect()
}

/// CLOSE-1: mining without the licences the law requires, seen today or recorded as
/// found by `as_of` (a violation is history: a mine ordered to stop keeps it).
fn close_1(facts: &MineFacts, as_of: NaiveDate) -> Option<Finding> {
    // "未依法取得采矿许可证、安全生产许可证擅自从事开采": no mining licence is CLOSE-1 whatever
    // the status; a missing safety-production licence only while the mine produces (one
    // under construction has none until its acceptance, a suspended one is not mining).
    let unlicensed = !facts.has_mining_licence || facts.licence_no.is_none();
    let expired_while_working =
        facts.licence_valid_until.is_some_and(|until| until < as_of) && working(facts);
    let unsafe_while_producing =
        !facts.has_safety_licence && facts.status == OperatingStatus::Producing;
    let recorded = facts
        .violation
        .as_ref()
        .filter(|violation| violation.found_by_day(as_of));
    if !(unlicensed || unsafe_while_producing || expired_while_working || recorded.is_some()) {
        return None;
    }
    let mut missing = Vec::new();
    if unlicensed {
        missing.push("采矿许可证");
    } else if expired_while_working {
        missing.push("有效的采矿许可证（已过期）");
    }
    if unsafe_while_producing {
        missing.push("安全生产许可证");
    }
    let seen = if missing.is_empty() {
        String::new()
    } else {
        format!("未依法取得{}擅自从事矿产资源开采，", missing.join("、"))
    };
    let found = recorded.map_or(String::new(), |v| {
        format!("{}经{}查实{}，", v.found_on, v.found_by, v.kind.label())
    });
    let mut cited = vec![
        Fact::new("hasMiningLicence", facts.has_mining_licence),
        Fact::new("licenceNo", facts.licence_no.as_deref().unwrap_or("无")),
        Fact::new(
            "licenceValidUntil",
            facts
                .licence_valid_until
                .map_or("无".into(), |d| d.to_string()),
        ),
        Fact::new("hasSafetyLicence", facts.has_safety_licence),
        Fact::new("asOf", as_of),
    ];
    if let Some(violation) = recorded {
        cited.push(Fact::new("violation.kind", violation.kind.code()));
        cited.push(Fact::new("violation.foundOn", violation.found_on));
        cited.push(Fact::new("violation.foundBy", &violation.found_by));
    }
    Some(close(
        RuleId::Close1,
        format!("{seen}{found}依据整治方式1(1)予以关闭取缔"),
        cited,
    ))
}

/// CLOSE-2: mining beyond the licence (越界, 以采代建, 持勘查许可证采矿) and refusing to
/// rectify.
fn close_2(facts: &MineFacts) -> Option<Finding> {
    let violations: Vec<&str> = [
        (facts.cross_boundary_mining, "越界开采"),
        (facts.mining_under_construction_guise, "以采代建"),
        (facts.mining_with_exploration_licence, "持勘查许可证采矿"),
    ]
    .into_iter()
    .filter_map(|(present, label)| present.then_some(label))
    .collect();
    if violations.is_empty() || !facts.refuses_rectification {
        return None;
    }
    Some(close(
        RuleId::Close2,
        format!(
            "{}且拒不整改，依据整治方式1(2)予以关闭取缔",
            violations.join("、")
        ),
        vec![
            Fact::new("crossBoundaryMining", facts.cross_boundary_mining),
            Fact::new(
                "miningUnderConstructionGuise",
                facts.mining_under_construction_guise,
            ),
            Fact::new(
                "miningWithExplorationLicence",
                facts.mining_with_exploration_licence,
            ),
            Fact::new("refusesRectification", facts.refuses_rectification),
        ],
    ))
}

/// CLOSE-3: obsolete equipment kept working against orders, or still unsafe after a
/// suspension for rectification.
fn close_3(facts: &MineFacts) -> Option<Finding> {
    let obsolete = facts.obsolete_equipment && facts.refuses_rectification && working(facts);
    if !(obsolete || facts.unsafe_after_suspension) {
        return None;
    }
    let reason = if obsolete {
        "使用应当淘汰的危及生产安全的工艺、设备且拒不整改仍然生产建设"
    } else {
        "经停产整顿仍不具备安全生产条件"
    };
    Some(close(
        RuleId::Close3,
        format!("{reason}，依据整治方式1(3)予以关闭取缔"),
        vec![
            Fact::new("obsoleteEquipment", facts.obsolete_equipment),
            Fact::new("refusesRectification", facts.refuses_rectification),
            Fact::new("status", facts.status.code()),
            Fact::new("unsafeAfterSuspension", facts.unsafe_after_suspension),
        ],
    ))
}
