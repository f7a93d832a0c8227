//! Whether a plan's entries agree with the mines' assessments (docs/rules.md: "every list
//! entry must agree with the mine's assessment"), checked when an entry is added and again
//! on submit. Each refusal names the field and the rule it breaks:
//! - a CLOSE entry needs a CLOSE finding (`PLAN-CLOSE`);
//! - a mine with a CLOSE finding may only be closed (its CLOSE rule: 先整治、后整合);
//! - a mine with an exit finding other than EXIT-3 may only exit (that EXIT rule);
//! - an upgrade needs a mine whose default is UPGRADE or RETAIN, or an EXIT-3-only mine
//!   (the options of docs/rules.md), and must meet UPGRADE-1 with its own figures;
//! - a mine whose default is INTEGRATE joins a group (or exits);
//! - a group's members share a mineral and, when one of them is below the provincial
//!   standard, the unified system meets it (INTEGRATE-3);
//! - on submit, every CLOSE mine of the county is on the close list.

use crate::domain::ValidationError;
use crate::domain::assessment::below;
use crate::domain::assessment::{Assessment, Disposition, Finding, RuleId, UpgradeEvaluation};
use crate::domain::codes::MineralCode;
use crate::domain::standards::Standards;

/// The first decisive finding calling for `disposition`.
fn first(assessment: &Assessment, disposition: Disposition) -> Option<&Finding> {
    assessment
        .findings
        .iter()
        .find(|f| f.disposition == disposition && !f.advisory)
}

/// The first exit finding that leaves no option (anything but EXIT-3).
fn binding_exit(assessment: &Assessment) -> Option<&Finding> {
    assessment
        .findings
        .iter()
        .find(|f| f.disposition == Disposition::Exit && f.rule_id != RuleId::Exit3)
}

/// Refuses `field` naming `finding`'s rule, when there is a finding.
fn refuse_by(
    finding: Option<&Finding>,
    field: &str,
    says: impl Fn(&str) -> String,
) -> Result<(), ValidationError> {
    match finding {
        Some(finding) => {
            let rule = finding.rule_id.code();
            Err(ValidationError::breaking(rule, field, says(rule)))
        }
        None => Ok(()),
    }
}

/// A mine with a CLOSE finding may only be closed.
fn only_close(assessment: &Assessment, field: &str) -> Result<(), ValidationError> {
    refuse_by(first(assessment, Disposition::Close), field, |rule| {
        format!("该矿山有关闭取缔情形（{rule}），只能列入关闭取缔名单（先整治、后整合）")
    })
}

/// A mine with an exit finding other than EXIT-3 may only exit.
fn only_exit(assessment: &Assessment, field: &str) -> Result<(), ValidationError> {
    refuse_by(binding_exit(assessment), field, |rule| {
        format!("该矿山有引导退出情形（{rule}），只能列入关闭退出名单")
    })
}

/// A close/exit entry: CLOSE needs a CLOSE finding; EXIT suits any mine (voluntary exit)
/// but a mine with a CLOSE finding is closed, not exited.
pub fn check_closure(method: Disposition, assessment: &Assessment) -> Result<(), ValidationError> {
    let close = first(assessment, Disposition::Close);
    match method {
        Disposition::Close if close.is_none() => Err(ValidationError::breaking(
            "PLAN-CLOSE",
            "method",
            "该矿山没有关闭取缔情形（CLOSE-1至CLOSE-3），不能列为关闭取缔；可列为引导退出",
        )),
        Disposition::Exit => refuse_by(close, "method", |rule| {
            format!("该矿山有关闭取缔情形（{rule}），须列为关闭取缔而非引导退出")
        }),
        _ => Ok(()),
    }
}

/// An upgrade entry: the mine may be upgraded, and the target meets UPGRADE-1.
pub fn check_upgrade(
    assessment: &Assessment,
    evaluation: &UpgradeEvaluation,
) -> Result<(), ValidationError> {
    only_close(assessment, "mineId")?;
    only_exit(assessment, "mineId")?;
    if assessment.disposition == Disposition::Integrate {
        refuse_by(
            first(assessment, Disposition::Integrate),
            "mineId",
            |rule| format!("该矿山须整合重组（{rule}），应列入整合重组组而非升级改造名单"),
        )?;
    }
    if !evaluation.met {
        return Err(ValidationError::breaking(
            RuleId::Upgrade1.code(),
            "targetScale",
            format!(
                "提升改造方案不满足UPGRADE-1：{}",
                evaluation.reasons.join("；")
            ),
        ));
    }
    Ok(())
}

/// A member of an integration group, as the group check reads it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub mine_id: i64,
    pub mineral: &'a MineralCode,
    /// Licensed production scale, 万吨/年.
    pub scale: f64,
    /// Remaining recoverable reserves, 万吨.
    pub reserves: f64,
    pub assessment: &'a Assessment,
}

/// The unified system of a group: scale (the target, else the members' sum) and life.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnifiedSystem {
    pub scale: f64,
    pub reserves: f64,
    pub service_years: f64,
}

/// The unified system's figures.
pub fn unified_system(members: &[Member<'_>], target_scale: Option<f64>) -> UnifiedSystem {
    let scale = target_scale.unwrap_or_else(|| members.iter().map(|m| m.scale).sum());
    let reserves = members.iter().map(|m| m.reserves).sum();
    UnifiedSystem {
        scale,
        reserves,
        service_years: reserves / scale,
    }
}

/// An integration group: every member may be integrated, all share one mineral, and a
/// group taking in a mine below the provincial standard meets it as a whole (INTEGRATE-3).
pub fn check_group(
    members: &[Member<'_>],
    target_scale: Option<f64>,
    standards: &Standards,
) -> Result<(), ValidationError> {
    for member in members {
        let field = format!("mineIds[{}]", member.mine_id);
        only_close(member.assessment, &field)?;
        only_exit(member.assessment, &field)?;
    }
    let Some(head) = members.first() else {
        return Ok(());
    };
    if members.iter().any(|m| m.mineral != head.mineral) {
        return Err(ValidationError::breaking(
            "INTEGRATE-GROUP",
            "mineIds",
            "整合重组的矿山须为同一矿种",
        ));
    }
    let below_standard = members
        .iter()
        .any(|m| m.assessment.has_rule(RuleId::Exit3.code()));
    if !below_standard {
        return Ok(());
    }
    let system = unified_system(members, target_scale);
    let mut reasons = Vec::new();
    if let Some(minimum) = standards.minimum(head.mineral)
        && below(system.scale, minimum)
    {
        reasons.push(format!(
            "整合后规模{}万吨/年小于省定最低{}万吨/年",
            system.scale, minimum
        ));
    }
    let min_years = standards.params.min_service_years;
    if below(system.service_years, min_years) {
        reasons.push(format!(
            "整合后服务年限{:.2}年少于{}年",
            system.service_years, min_years
        ));
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::breaking(
            RuleId::Integrate3.code(),
            "targetScale",
            format!("整合后的生产系统仍达不到省定标准：{}", reasons.join("；")),
        ))
    }
}

/// A mine on no list may not be left out when it has a CLOSE finding: the close list must
/// hold every such mine of the county (checked on submit). `unlisted` are the county's
/// mines on no close/exit entry, with their assessments.
pub fn missing_closures<'a>(
    unlisted: impl IntoIterator<Item = (i64, &'a str, &'a Assessment)>,
) -> Vec<ValidationError> {
    unlisted
        .into_iter()
        .filter_map(|(id, name, assessment)| {
            first(assessment, Disposition::Close).map(|finding| {
                ValidationError::breaking(
                    finding.rule_id.code(),
                    "closures",
                    format!(
                        "矿山“{name}”（编号{id}）有关闭取缔情形（{}），须列入关闭取缔名单",
                        finding.rule_id.code()
                    ),
                )
            })
        })
        .collect()
}

/// The plan's balance (关设并举): closures against proposed new mines. A warning only; the
/// quota itself is enforced at admission (NEW-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    /// Distinct licensed mines on the close/exit list.
    pub closures: usize,
    /// Proposed new mines (new-mine entries).
    pub new_mines: usize,
}

impl Balance {
    /// closures − new mines (negative: more new mines than closures).
    pub fn remaining(self) -> i64 {
        self.closures as i64 - self.new_mines as i64
    }

    /// The warning to show, if the plan proposes more new mines than it closes.
    pub fn warning(self) -> Option<String> {
        (self.remaining() < 0).then(|| {
            format!(
                "拟新设矿山{}座多于关闭退出矿山{}座（关设并举，NEW-3）；出让时按全市指标控制",
                self.new_mines, self.closures
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::assessment::{Fact, RouteOption};
    use crate::domain::codes::test_codes::mineral;
    use crate::domain::standards::fixtures::standards;

    fn finding(rule: RuleId, disposition: Disposition) -> Finding {
        Finding {
            rule_id: rule,
            disposition,
            message: String::new(),
            facts: vec![Fact::new("x", 1)],
            advisory: false,
            neighbours: None,
        }
    }

    fn assessed(findings: &[(RuleId, Disposition)]) -> Assessment {
        let findings: Vec<Finding> = findings.iter().map(|(r, d)| finding(*r, *d)).collect();
        let disposition = findings
            .iter()
            .map(|f| f.disposition)
            .min()
            .unwrap_or(Disposition::Retain);
        Assessment {
            disposition,
            findings,
            options: Vec::<RouteOption>::new(),
            standards_version: 1,
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
            upgrade: None,
        }
    }

    fn evaluation(met: bool) -> UpgradeEvaluation {
        UpgradeEvaluation {
            target_scale: 60.0,
            target_class: None,
            required_scale: None,
            service_years_after: 10.0,
            met,
            reasons: if met {
                vec![]
            } else {
                vec!["仍为小型".into()]
            },
        }
    }

    use Disposition::*;
    use RuleId::*;

    fn rule_of(result: Result<(), ValidationError>) -> Option<&'static str> {
        result.err().and_then(|e| e.rule)
    }

    /// docs/rules.md: CLOSE needs a CLOSE finding; EXIT suits anyone but a CLOSE mine.
    #[test]
    fn plan_close_and_exit_entries_follow_the_findings() {
        let close = assessed(&[(Close2, Close), (Exit3, Exit)]);
        let exit3 = assessed(&[(Exit3, Exit), (Integrate3, Integrate)]);
        let retain = assessed(&[]);
        let cases = [
            (Close, &close, None),
            (Exit, &close, Some("CLOSE-2")),
            (Close, &exit3, Some("PLAN-CLOSE")),
            (Exit, &exit3, None),
            (Close, &retain, Some("PLAN-CLOSE")),
            (Exit, &retain, None),
        ];
        for (method, assessment, rule) in cases {
            assert_eq!(
                rule_of(check_closure(method, assessment)),
                rule,
                "{method:?} {:?}",
                assessment.disposition
            );
        }
    }

    /// UPGRADE-1 and the options of docs/rules.md decide who may be upgraded.
    #[test]
    fn upgrade_1_entries_need_an_upgradable_mine_and_a_target_that_meets_it() {
        let cases = [
            (assessed(&[(Upgrade1, Upgrade)]), true, None),
            (assessed(&[]), true, None),
            (
                assessed(&[(Exit3, Exit), (Integrate3, Integrate)]),
                true,
                None,
            ),
            (assessed(&[(Upgrade1, Upgrade)]), false, Some("UPGRADE-1")),
            (assessed(&[(Close1, Close)]), true, Some("CLOSE-1")),
            (
                assessed(&[(Exit1, Exit), (Exit3, Exit)]),
                true,
                Some("EXIT-1"),
            ),
            (
                assessed(&[(Integrate1, Integrate)]),
                true,
                Some("INTEGRATE-1"),
            ),
        ];
        for (assessment, met, rule) in cases {
            assert_eq!(
                rule_of(check_upgrade(&assessment, &evaluation(met))),
                rule,
                "{:?} met={met}",
                assessment.findings
            );
        }
    }

    /// INTEGRATE-3: a group taking in a mine below the standard meets it as a whole.
    #[test]
    fn integrate_3_groups_meet_the_provincial_standard_together() {
        let s = standards();
        let stone = mineral("BUILDING_STONE");
        let iron = mineral("IRON");
        let small = assessed(&[(Exit3, Exit), (Integrate3, Integrate)]);
        let fine = assessed(&[]);
        let member = |id, mineral, scale, reserves, assessment| Member {
            mine_id: id,
            mineral,
            scale,
            reserves,
            assessment,
        };
        // Open-pit quarries: provincial minimum 50 万吨/年, five years.
        let together = [
            member(1, &stone, 20.0, 200.0, &small),
            member(2, &stone, 40.0, 400.0, &fine),
        ];
        assert_eq!(check_group(&together, None, &s), Ok(()));
        let too_small = [
            member(1, &stone, 20.0, 200.0, &small),
            member(2, &stone, 20.0, 400.0, &fine),
        ];
        assert_eq!(
            rule_of(check_group(&too_small, None, &s)),
            Some("INTEGRATE-3")
        );
        assert_eq!(
            check_group(&too_small, Some(60.0), &s),
            Ok(()),
            "a target scale can lift it"
        );
        assert_eq!(
            rule_of(check_group(&too_small, Some(200.0), &s)),
            Some("INTEGRATE-3"),
            "600 万吨 at 200 万吨/年 lasts 3 years"
        );
        let fine_pair = [
            member(1, &stone, 20.0, 200.0, &fine),
            member(2, &stone, 20.0, 400.0, &fine),
        ];
        assert_eq!(
            check_group(&fine_pair, None, &s),
            Ok(()),
            "no member below the standard: nothing to meet"
        );
        let mixed = [
            member(1, &stone, 20.0, 200.0, &fine),
            member(2, &iron, 40.0, 400.0, &fine),
        ];
        assert_eq!(
            rule_of(check_group(&mixed, None, &s)),
            Some("INTEGRATE-GROUP")
        );
        let closing = assessed(&[(Close3, Close)]);
        let with_close = [
            member(1, &stone, 20.0, 200.0, &closing),
            member(2, &stone, 40.0, 400.0, &fine),
        ];
        let refused = check_group(&with_close, None, &s).expect_err("先整治、后整合");
        assert_eq!(
            (refused.rule, refused.field.as_str()),
            (Some("CLOSE-3"), "mineIds[1]")
        );
    }

    #[test]
    fn every_close_mine_must_be_on_the_close_list() {
        let close = assessed(&[(Close1, Close)]);
        let exit = assessed(&[(Exit2, Exit)]);
        let missing = missing_closures([(7, "甲矿", &close), (8, "乙矿", &exit)]);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].rule, Some("CLOSE-1"));
        assert!(missing[0].message.contains("编号7"));
    }

    #[test]
    fn the_balance_warns_when_new_mines_outnumber_closures() {
        let even = Balance {
            closures: 2,
            new_mines: 2,
        };
        assert_eq!((even.remaining(), even.warning()), (0, None));
        let over = Balance {
            closures: 1,
            new_mines: 2,
        };
        assert_eq!(over.remaining(), -1);
        assert!(over.warning().is_some_and(|w| w.contains("NEW-3")));
    }
}
