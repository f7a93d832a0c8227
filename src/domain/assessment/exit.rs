//! 引导退出 (seed §(二)2): EXIT-1 … EXIT-4.

use chrono::{Months, NaiveDate};

use super::RuleId;
use super::close::licence_valid;
use super::types::{Disposition, Fact, Finding, below, figure};
use crate::domain::codes::OperatingStatus;
use crate::domain::mine::MineFacts;
use crate::domain::standards::Standards;

fn exit(rule_id: RuleId, message: String, facts: Vec<Fact>) -> Finding {
    Finding {
        rule_id,
        disposition: Disposition::Exit,
        message,
        facts,
        advisory: false,
        neighbours: None,
    }
}

/// The provincial minimum the licensed scale falls short of ("小于": equal passes). Shared
/// by EXIT-3's scale part and INTEGRATE-3.
pub(super) fn minimum_missed(facts: &MineFacts, standards: &Standards) -> Option<f64> {
    standards
        .minimum(facts.mineral())
        .filter(|&minimum| below(facts.production_scale, minimum))
}

/// The exit findings of a mine.
pub(super) fn findings(facts: &MineFacts, standards: &Standards, as_of: NaiveDate) -> Vec<Finding> {
    let mut found = Vec::new();
    let exhausted = facts.resources_exhausted || facts.remaining_reserves <= 0.0;
    if exhausted && licence_valid(facts, as_of) {
        found.push(exit(
            RuleId::Exit1,
            "资源枯竭但采矿许可证仍在有效期内，依据整治方式2(1)引导退出".into(),
            vec![
                Fact::new("resourcesExhausted", facts.resources_exhausted),
                Fact::new("remainingReserves", figure(facts.remaining_reserves)),
                Fact::new(
                    "licenceValidUntil",
                    facts
                        .licence_valid_until
                        .map_or("无".into(), |d| d.to_string()),
                ),
            ],
        ));
    }
    if let Some(finding) = long_suspension(facts, standards, as_of) {
        found.push(finding);
    }
    if let Some(finding) = below_standard(facts, standards) {
        found.push(finding);
    }
    // A construction stopped (停建, recorded as SUSPENDED) past its approved period is as
    // unfinished as one still under way.
    if matches!(
        facts.status,
        OperatingStatus::UnderConstruction | OperatingStatus::Suspended
    ) && let Some(deadline) = facts
        .construction_deadline
        .filter(|&deadline| deadline < as_of)
    {
        found.push(exit(
            RuleId::Exit4,
            format!(
                "在批准的基建期（含延期，至{deadline}）内未能完成项目竣工，依据整治方式2(4)引导退出"
            ),
            vec![
                Fact::new("constructionDeadline", deadline),
                Fact::new("asOf", as_of),
            ],
        ));
    }
    found
}

/// EXIT-2: suspended continuously for at least the configured months; a stoppage ordered
/// by the authorities (seasonal, environmental) does not count.
fn long_suspension(facts: &MineFacts, standards: &Standards, as_of: NaiveDate) -> Option<Finding> {
    if facts.status != OperatingStatus::Suspended || facts.suspension_ordered {
        return None;
    }
    let since = facts.suspended_since?;
    let months = standards.params.long_suspension_months;
    let threshold = since.checked_add_months(Months::new(months))?;
    (as_of >= threshold).then(|| {
        exit(
            RuleId::Exit2,
            format!("自{since}起连续停工停产停建已满{months}个月，属长期停工停产停建，依据整治方式2(2)引导退出"),
            vec![
                Fact::new("suspendedSince", since),
                Fact::new("suspensionOrdered", facts.suspension_ordered),
                Fact::new("longSuspensionMonths", months),
                Fact::new("asOf", as_of),
            ],
        )
    })
}

/// EXIT-3: licensed scale below the provincial minimum, or remaining service life below the
/// minimum years; either failure triggers it unless the parameters require both.
fn below_standard(facts: &MineFacts, standards: &Standards) -> Option<Finding> {
    let min_years = standards.params.min_service_years;
    let years = facts.service_years();
    let scale_missed = minimum_missed(facts, standards);
    let life_missed = below(years, min_years);
    let triggered = if standards.params.exit3_requires_both {
        scale_missed.is_some() && life_missed
    } else {
        scale_missed.is_some() || life_missed
    };
    if !triggered {
        return None;
    }
    let mut reasons = Vec::new();
    if let Some(minimum) = scale_missed {
        reasons.push(format!(
            "生产规模{}万吨/年小于省定最低{}万吨/年",
            figure(facts.production_scale),
            figure(minimum)
        ));
    }
    if life_missed {
        reasons.push(format!(
            "剩余可采资源服务年限{}年少于{}年",
            figure(years),
            figure(min_years)
        ));
    }
    Some(exit(
        RuleId::Exit3,
        format!(
            "{}，不达省级确定标准，依据整治方式2(3)引导退出",
            reasons.join("，")
        ),
        vec![
            Fact::new("productionScale", figure(facts.production_scale)),
            Fact::new(
                "provincialMinimum",
                standards
                    .minimum(facts.mineral())
                    .map_or("无".into(), figure),
            ),
            Fact::new("serviceYears", figure(years)),
            Fact::new("minServiceYears", figure(min_years)),
            Fact::new("requiresBoth", standards.params.exit3_requires_both),
        ],
    ))
}
