//! Whether a plan's entries agree with the mines' assessments (docs/rules.md: "every list
//! entry must agree with the mine's assessment"), checked when an entry is added and again
//! on submit. Each refusal names the field and the rule it breaks:
//! - a CLOSE entry needs a CLOSE finding (`PLAN-CLOSE`);
//! - a mine with a CLOSE finding may only be closed (its CLOSE rule: 先整治、后整合);
//! - a mine with an exit finding other than EXIT-3 may only exit (that EXIT rule);
//! - an upgrade needs a mine whose default is UPGRADE or RETAIN, or an EXIT-3-only mine
//!   (the options of docs/rules.md), and must meet UPGRADE-1 with its own figures;
//! - a mine whose default is INTEGRATE joins a group (or exits);
//! - a group's members share a mineral (the sand and stone quarries of one ridge may mix
//!   theirs, INTEGRATE-4) and, when one of them is below the provincial standard, the
//!   unified system meets it (INTEGRATE-3);
//! - on submit, the lists are complete (`completeness`).

use crate::domain::ValidationError;
use crate::domain::assessment::below;
use crate::domain::assessment::{Assessment, Disposition, Finding, RuleId, UpgradeEvaluation};
use crate::domain::codes::MineralCode;
use crate::domain::rule::Rule;
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
            let rule = finding.rule_id;
            Err(ValidationError::breaking(rule, field, says(rule.code())))
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
            Rule::PlanClose,
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
            RuleId::Upgrade1,
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

/// Whether a group of several minerals is the ordinary sand, gravel and stone quarries of
/// one ridge (INTEGRATE-4, 普通建筑用砂石土): every member mines such a mineral and is
/// bounded by the ridge line, so that the group may mix them.
fn one_ridge(members: &[Member<'_>], standards: &Standards) -> bool {
    members.iter().all(|m| {
        standards.is_ordinary_sand_stone(m.mineral)
            && m.assessment.has_rule(RuleId::Integrate4.code())
    })
}

/// An integration group: every member may be integrated, all share one mineral (or are
/// the sand and stone quarries of one ridge, INTEGRATE-4), and a
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
    if members.iter().any(|m| m.mineral != head.mineral) && !one_ridge(members, standards) {
        return Err(ValidationError::breaking(
            Rule::IntegrateGroup,
            "mineIds",
            "整合重组的矿山须为同一矿种（以山脊线为界的普通建筑用砂石土矿山可跨矿种整合，INTEGRATE-4）",
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
    // A group of several minerals meets the strictest of their minimums.
    let minimum = members
        .iter()
        .filter_map(|m| standards.minimum(m.mineral))
        .reduce(f64::max);
    if let Some(minimum) = minimum
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
            RuleId::Integrate3,
            "targetScale",
            format!("整合后的生产系统仍达不到省定标准：{}", reasons.join("；")),
        ))
    }
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
mod tests;
