//! The three batches are complete (三个一批, docs/rules.md): on submit, every mine of the
//! county that its assessment puts in a batch sits on one of the plan's lists. A CLOSE
//! mine or a mine with a binding exit finding belongs on the close/exit list; a mine whose
//! default is EXIT-3, INTEGRATE-n or UPGRADE-1 on one of the routes its options allow
//! (exit, a group or the upgrade list). Which route is a fit is each entry's own check
//! (`consistency`); here only a mine on no list at all is a problem, so that a mine on the
//! wrong list is named once, by its entry.

use std::collections::HashSet;

use crate::domain::ValidationError;
use crate::domain::assessment::{Assessment, Disposition, Finding, RuleId};

/// One of the three batches (三个一批) a mine's default disposition puts it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batch {
    /// 关闭退出: close or exit.
    CloseOrExit,
    /// 整合重组.
    Integrate,
    /// 升级改造.
    Upgrade,
}

impl Batch {
    /// The batch of a mine whose default is `disposition`; none for a mine that may stay
    /// as it is (RETAIN) or is closed already.
    pub fn of(disposition: Disposition) -> Option<Self> {
        match disposition {
            Disposition::Close | Disposition::Exit => Some(Self::CloseOrExit),
            Disposition::Integrate => Some(Self::Integrate),
            Disposition::Upgrade => Some(Self::Upgrade),
            Disposition::Retain | Disposition::Closed => None,
        }
    }

    /// The plan's list a problem about this batch names.
    fn field(self) -> &'static str {
        match self {
            Self::CloseOrExit => "closures",
            Self::Integrate => "integrations",
            Self::Upgrade => "upgrades",
        }
    }
}

/// A mine of the plan's county with the assessment the plan is checked against.
#[derive(Debug, Clone, Copy)]
pub struct CountyMine<'a> {
    pub id: i64,
    /// Its name, which a problem quotes.
    pub name: &'a str,
    /// Its assessment today, as the plan reads it (partners the plan closes no longer
    /// count), when it has one.
    pub assessment: Option<&'a Assessment>,
}

/// The finding that puts a mine in its batch, and the routes open to it: a binding exit
/// is named before EXIT-3 (which leaves the county a choice).
fn decisive(assessment: &Assessment) -> Option<(&Finding, &'static str)> {
    let first = |disposition: Disposition, skip: Option<RuleId>| {
        assessment
            .findings
            .iter()
            .find(|f| f.disposition == disposition && !f.advisory && Some(f.rule_id) != skip)
    };
    match assessment.disposition {
        Disposition::Close => first(Disposition::Close, None).map(|f| (f, "须列入关闭取缔名单")),
        Disposition::Exit => match first(Disposition::Exit, Some(RuleId::Exit3)) {
            Some(binding) => Some((binding, "须列入关闭退出名单")),
            None => first(Disposition::Exit, None).map(|f| {
                (
                    f,
                    "须列入关闭退出名单，或按可选路径列入升级改造名单或整合重组名单",
                )
            }),
        },
        Disposition::Integrate => {
            first(Disposition::Integrate, None).map(|f| (f, "须列入整合重组名单（或关闭退出名单）"))
        }
        Disposition::Upgrade => first(Disposition::Upgrade, None)
            .map(|f| (f, "须列入升级改造名单（或整合重组名单、关闭退出名单）")),
        Disposition::Retain | Disposition::Closed => None,
    }
}

/// A mine left off every list, with the refusal that names it and its rule.
#[derive(Debug, Clone)]
pub struct Missing {
    pub mine_id: i64,
    pub problem: ValidationError,
}

/// Every mine of `county` (in the order given) that its assessment puts in a batch but
/// that is on none of the plan's lists (`listed`: every mine on a close/exit, upgrade or
/// integration entry), each refused naming the mine and the rule that puts it there.
pub fn missing_from_lists(county: &[CountyMine<'_>], listed: &HashSet<i64>) -> Vec<Missing> {
    county
        .iter()
        .filter(|mine| !listed.contains(&mine.id))
        .filter_map(|mine| {
            let assessment = mine.assessment?;
            let batch = Batch::of(assessment.disposition)?;
            let (finding, route) = decisive(assessment)?;
            let rule = finding.rule_id;
            let problem = ValidationError::breaking(
                rule,
                batch.field(),
                format!(
                    "矿山“{}”（编号{}）有{}情形，{route}（三个一批须列全）",
                    mine.name,
                    mine.id,
                    rule.code()
                ),
            );
            Some(Missing {
                mine_id: mine.id,
                problem,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
