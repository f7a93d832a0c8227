//! Submit's checks (docs/rules.md): on the day a plan is submitted every entry still agrees
//! with its mines' assessments and has its restoration commitment, no entry lists a mine
//! that has left the registry, and the three batches are complete (`completeness`). Every problem is reported together,
//! each naming its entry (`entries[7].method`), so the county fixes them all at once.

use std::collections::HashSet;

use crate::domain::assessment::{Assessment, Disposition, UpgradeTarget, evaluate_upgrade};
use crate::domain::mine::MineFacts;
use crate::domain::plan::completeness::{CountyMine, missing_from_lists};
use crate::domain::plan::consistency::{check_closure, check_upgrade};
use crate::domain::plan::group::{GroupMine, check_group_mines};
use crate::domain::standards::Standards;
use crate::domain::{Problems, ValidationError};

/// A mine an entry lists, as submit reads it.
#[derive(Debug, Clone)]
pub struct ListedMine<'a> {
    pub id: i64,
    /// Its name, which a problem quotes.
    pub name: &'a str,
    /// One of the county's live mines (neither archived nor closed).
    pub live: bool,
    /// Its status is CLOSED.
    pub closed: bool,
    /// It was archived (left the registry): closed or not, it must leave the plan.
    pub archived: bool,
    /// Its assessment today, when it has one.
    pub assessment: Option<&'a Assessment>,
}

/// What an entry proposes, with what its check reads beyond the mines it lists.
#[derive(Debug, Clone)]
pub enum Proposal<'a> {
    /// Close or exit each mine by `method`; `restoration_set` tells whether the entry has
    /// its restoration commitment (a form may leave it out; the plan may not).
    Closure {
        method: Disposition,
        restoration_set: bool,
    },
    /// Upgrade each mine to `target`; `assessed` holds each mine that has an assessment,
    /// with its facts, in the order listed.
    Upgrade {
        target: UpgradeTarget,
        assessed: Vec<(&'a Assessment, MineFacts)>,
    },
    /// Unify the group, at `target_scale` when set.
    Integration {
        target_scale: Option<f64>,
        group: Vec<GroupMine<'a>>,
    },
    /// A new mine, a responsibility or a demand forecast, which no assessment bears on.
    Unassessed,
}

/// An entry of the plan being submitted.
#[derive(Debug, Clone)]
pub struct SubmittedEntry<'a> {
    /// Its id, which names its problems.
    pub id: i64,
    /// The mines it lists, in the order listed.
    pub mines: Vec<ListedMine<'a>>,
    /// What it proposes for them.
    pub proposal: Proposal<'a>,
}

/// Every problem that keeps the plan from being submitted: each entry in turn (its mines
/// that left the registry, then its agreement with their assessments), then the county's
/// live `county` mines (in the order given) that belong in a batch but are on no list.
pub fn submission_problems(
    entries: &[SubmittedEntry<'_>],
    county: &[CountyMine<'_>],
    standards: &Standards,
) -> Result<(), Problems> {
    let mut problems = Problems::new();
    let mut listed = HashSet::new();
    for entry in entries {
        gone_from_registry(entry, &mut problems);
        if !matches!(entry.proposal, Proposal::Unassessed) {
            listed.extend(entry.mines.iter().map(|mine| mine.id));
        }
        let rename = |mut err: ValidationError| {
            err.field = entry_field(entry.id, &err.field);
            err
        };
        match &entry.proposal {
            Proposal::Closure {
                method,
                restoration_set,
            } => {
                if !restoration_set {
                    problems.push(ValidationError::new(
                        &entry_field(entry.id, "restorationDueBy"),
                        "须填写生态修复完成时限（土地复垦、环境恢复治理的期限）",
                    ));
                }
                for mine in &entry.mines {
                    if let Some(assessment) = mine.assessment
                        && let Err(err) = check_closure(*method, assessment)
                    {
                        problems.push(rename(err));
                    }
                }
            }
            Proposal::Upgrade { target, assessed } => {
                for (assessment, facts) in assessed {
                    let evaluation = evaluate_upgrade(facts, standards, *target);
                    if let Err(err) = check_upgrade(assessment, &evaluation) {
                        problems.push(rename(err));
                    }
                }
            }
            Proposal::Integration {
                target_scale,
                group,
            } => {
                if let Err(err) = check_group_mines(group, *target_scale, standards) {
                    problems.push(rename(err));
                }
            }
            Proposal::Unassessed => {}
        }
    }
    for missing in missing_from_lists(county, &listed) {
        problems.push(missing.problem);
    }
    problems.finish(())
}

/// Part 5 of the plan, the division of work (工作分工: each task with its responsible unit
/// and deadline), given `responsibilities` tasks: a plan goes to the city with at least
/// one, since the seed asks every county to say who does what by when.
pub fn division_of_work(responsibilities: usize) -> Result<(), ValidationError> {
    if responsibilities > 0 {
        Ok(())
    } else {
        Err(ValidationError::new(
            "responsibilities",
            "计划须列明工作分工（第五部分：任务、责任单位和完成时限），请先用 addResponsibility 填写",
        ))
    }
}

/// `field` of entry `id`, as a submit problem names it.
fn entry_field(id: i64, field: &str) -> String {
    format!("entries[{id}].{field}")
}

/// Records each mine of `entry` that must leave the plan. A mine closed by this plan's own
/// closure or integration (a revision carries them) is done, not stale; any other mine
/// that left the registry must leave the plan.
fn gone_from_registry(entry: &SubmittedEntry<'_>, problems: &mut Problems) {
    let closed_here = matches!(
        entry.proposal,
        Proposal::Closure { .. } | Proposal::Integration { .. }
    );
    for mine in &entry.mines {
        let done_here = mine.closed && closed_here && !mine.archived;
        if !(mine.live || done_here) {
            problems.push(ValidationError::new(
                &entry_field(entry.id, "mineId"),
                format!("矿山“{}”已归档或已关闭，请从计划中移除", mine.name),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
