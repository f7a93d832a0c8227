//! 升级改造 (seed §(二)3(1)–(2)): UPGRADE-1 (retain on its own at medium scale or above with
//! at least the minimum service life) and UPGRADE-2 (green-mine and mechanisation measures).

use super::RuleId;
use super::UpgradeTarget;
use super::types::{Disposition, Fact, Finding, RouteOption, UpgradeEvaluation, below, figure};
use crate::domain::codes::ScaleClass;
use crate::domain::mine::MineFacts;
use crate::domain::standards::Standards;

/// The least scale an upgrade must reach, the medium threshold or the provincial minimum
/// whichever is higher, and whether it must be exceeded (an exclusive medium bound) rather
/// than reached.
fn required_scale(facts: &MineFacts, standards: &Standards) -> Option<(f64, bool)> {
    let medium = standards.medium_production(facts.mineral(), facts.mining_method);
    let minimum = standards.minimum(facts.mineral());
    match (medium, minimum) {
        (Some((medium, _)), Some(minimum)) if minimum > medium => Some((minimum, false)),
        (Some((medium, inclusive)), _) => Some((medium, !inclusive)),
        (None, Some(minimum)) => Some((minimum, false)),
        (None, None) => None,
    }
}

/// "不低于X" or "高于X" for a required scale.
fn at_least((scale, exclusive): (f64, bool)) -> String {
    format!(
        "{}{}万吨/年",
        if exclusive { "高于" } else { "不低于" },
        figure(scale)
    )
}

/// UPGRADE-1 for a mine with no close, exit or integration finding ("关小改中建大"): below
/// medium it must upgrade; at medium or above with enough life it is retained on its own.
pub(super) fn standing(facts: &MineFacts, standards: &Standards) -> Vec<Finding> {
    let class =
        standards.production_class(facts.mineral(), facts.mining_method, facts.production_scale);
    let years = facts.service_years();
    let min_years = standards.params.min_service_years;
    let base_facts = || {
        vec![
            Fact::new("productionScale", figure(facts.production_scale)),
            Fact::new("productionScaleClass", class.map_or("无标准", |c| c.code())),
            Fact::new("serviceYears", figure(years)),
        ]
    };
    // A RETAIN finding justifies the default rather than deciding it, so it is advisory:
    // rule filters and counts of UPGRADE-1 then mean "must upgrade".
    let finding = |disposition, message| Finding {
        rule_id: RuleId::Upgrade1,
        disposition,
        message,
        facts: base_facts(),
        advisory: disposition == Disposition::Retain,
        neighbours: None,
    };
    match class {
        Some(ScaleClass::Small) => {
            let target = required_scale(facts, standards).map_or("中型".into(), |required| {
                format!("中型（{}）", at_least(required))
            });
            vec![finding(
                Disposition::Upgrade,
                format!(
                    "现有生产规模{}万吨/年为小型，须提升至{target}且服务年限不少于{}年方可单独保留（整治方式3(1)，关小改中建大）",
                    figure(facts.production_scale),
                    figure(min_years)
                ),
            )]
        }
        _ if below(years, min_years) => vec![finding(
            Disposition::Upgrade,
            format!(
                "剩余可采资源服务年限{}年少于{}年，须增加可采资源量方可单独保留（整治方式3(1)）",
                figure(years),
                figure(min_years)
            ),
        )],
        Some(class) => vec![finding(
            Disposition::Retain,
            format!(
                "现有生产规模为{}且服务年限{}年不少于{}年，可以单独保留（整治方式3(1)）",
                if class == ScaleClass::Large {
                    "大型"
                } else {
                    "中型"
                },
                figure(years),
                figure(min_years)
            ),
        )],
        None => vec![finding(
            Disposition::Retain,
            format!(
                "该矿种暂无规模分类标准，服务年限{}年不少于{}年，暂予保留（待市里确定标准后复核）",
                figure(years),
                figure(min_years)
            ),
        )],
    }
}

/// UPGRADE-2: the measures recommended to a mine that stays (advisory, never decisive).
pub(super) fn measures(facts: &MineFacts, standards: &Standards) -> Vec<Finding> {
    let class =
        standards.production_class(facts.mineral(), facts.mining_method, facts.production_scale);
    let measure = if class == Some(ScaleClass::Large) {
        "开展绿色矿山建设，推动大型矿山自动化、智能化升级改造"
    } else {
        "开展绿色矿山建设，推动中小型矿山机械化升级改造"
    };
    vec![Finding {
        rule_id: RuleId::Upgrade2,
        disposition: Disposition::Upgrade,
        message: format!("{measure}（整治方式3(2)）"),
        facts: vec![Fact::new(
            "productionScaleClass",
            class.map_or("无标准", |c| c.code()),
        )],
        advisory: true,
        neighbours: None,
    }]
}

/// The upgrade route of an EXIT-3 mine: any target between the required scale and the
/// largest scale that still leaves the minimum life; `None` when no such target exists.
pub(super) fn option(facts: &MineFacts, standards: &Standards) -> Option<RouteOption> {
    let (required, exclusive) = required_scale(facts, standards)?;
    // An upgrade never lowers the scale: a mine that fails only on service life has no
    // upgrade route below its current scale (and a larger one shortens its life further).
    let (required, exclusive) = if facts.production_scale > required {
        (facts.production_scale, false)
    } else {
        (required, exclusive)
    };
    let min_years = standards.params.min_service_years;
    let largest = facts.remaining_reserves / min_years;
    let feasible = if exclusive {
        largest > required
    } else {
        !below(largest, required)
    };
    feasible.then(|| RouteOption {
        disposition: Disposition::Upgrade,
        rule_id: RuleId::Upgrade1,
        message: format!(
            "可升级改造：将生产规模提升至{}且不超过{}万吨/年，达到中型且服务年限不少于{}年后可单独保留",
            at_least((required, exclusive)),
            figure(largest),
            figure(min_years)
        ),
        minimum_target_scale: Some(required),
        maximum_target_scale: Some(largest),
        minimum_exclusive: exclusive,
    })
}

/// UPGRADE-1 for a proposed target: at least medium (and the provincial minimum) and at
/// least the minimum life computed as recoverable reserves ÷ target scale.
pub fn evaluate_upgrade(
    facts: &MineFacts,
    standards: &Standards,
    target: UpgradeTarget,
) -> UpgradeEvaluation {
    let reserves = target
        .recoverable_reserves
        .unwrap_or(facts.remaining_reserves);
    let scale = target.target_scale;
    let years_after = reserves / scale;
    let min_years = standards.params.min_service_years;
    let class = standards.production_class(facts.mineral(), facts.mining_method, scale);
    let minimum = standards.minimum(facts.mineral());
    let mut reasons = Vec::new();
    match class {
        None => reasons.push("该矿种暂无中型规模标准，无法认定提升后规模".to_owned()),
        Some(ScaleClass::Small) => reasons.push(format!(
            "提升后规模{}万吨/年仍为小型，须不低于中型",
            figure(scale)
        )),
        Some(_) => {}
    }
    if let Some(minimum) = minimum.filter(|&minimum| below(scale, minimum)) {
        reasons.push(format!(
            "提升后规模{}万吨/年小于省定最低{}万吨/年",
            figure(scale),
            figure(minimum)
        ));
    }
    if below(years_after, min_years) {
        reasons.push(format!(
            "提升后服务年限{}年（{}万吨÷{}万吨/年）少于{}年",
            figure(years_after),
            figure(reserves),
            figure(scale),
            figure(min_years)
        ));
    }
    UpgradeEvaluation {
        target_scale: scale,
        target_class: class,
        required_scale: required_scale(facts, standards).map(|(scale, _)| scale),
        service_years_after: years_after,
        met: reasons.is_empty(),
        reasons,
    }
}
