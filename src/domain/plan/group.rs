//! Integration groups (docs/rules.md, 五统一): which members the group check weighs, which
//! member is the largest (its holder answers for the group, its licence passes to the
//! unified right), and the unified mine that joins the registry when the group completes.

use crate::domain::assessment::Assessment;
use crate::domain::codes::{HolderType, MineralCode, OperatingStatus};
use crate::domain::mine::{MineDraft, MineFacts};
use crate::domain::plan::consistency::{Member, check_group};
use crate::domain::standards::Standards;
use crate::domain::{Problems, ValidationError};

/// A mine of an integration group as the registry holds it, with its assessment today when
/// it has one; the adding and the submitting of a group read it alike.
#[derive(Debug, Clone)]
pub struct GroupMine<'a> {
    pub mine_id: i64,
    /// The mineral mined: a group's members share one.
    pub mineral: MineralCode,
    /// Licensed production scale, 万吨/年.
    pub scale: f64,
    /// Remaining recoverable reserves, 万吨.
    pub reserves: f64,
    /// Its assessment today, when it has one.
    pub assessment: Option<&'a Assessment>,
}

/// Checks a group (INTEGRATE-3 and its members' findings, see [`check_group`]); a member
/// without an assessment today has no finding to weigh and is left out of the check.
pub fn check_group_mines(
    mines: &[GroupMine<'_>],
    target_scale: Option<f64>,
    standards: &Standards,
) -> Result<(), ValidationError> {
    let members: Vec<Member<'_>> = mines
        .iter()
        .filter_map(|mine| {
            mine.assessment.map(|assessment| Member {
                mine_id: mine.mine_id,
                mineral: &mine.mineral,
                scale: mine.scale,
                reserves: mine.reserves,
                assessment,
            })
        })
        .collect();
    check_group(&members, target_scale, standards)
}

/// The largest of `members` by production scale (`scale_of`), the last of equals; `None`
/// for no members.
pub fn largest<T>(members: impl IntoIterator<Item = T>, scale_of: impl Fn(&T) -> f64) -> Option<T> {
    members
        .into_iter()
        .max_by(|a, b| scale_of(a).total_cmp(&scale_of(b)))
}

/// The members whose rights merge into another holder (五统一 of the mining right): every
/// member but the largest, whose licence passes to the unified right, that someone other
/// than `unified_holder` holds. Each has duties of its own: the settlement of its
/// interests, the cancellation of its licence and the restoration of its pit.
pub fn merging<'a, T>(
    members: &'a [T],
    scale_of: impl Fn(&T) -> f64,
    holder_of: impl Fn(&T) -> &str,
    unified_holder: &str,
) -> Vec<&'a T> {
    let largest = largest(members.iter().enumerate(), |(_, m)| scale_of(m)).map(|(i, _)| i);
    members
        .iter()
        .enumerate()
        .filter(|(i, m)| Some(*i) != largest && holder_of(m) != unified_holder)
        .map(|(_, m)| m)
        .collect()
}

/// How an integration entry names the right its group becomes.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnifiedRight<'a> {
    /// The unified name; the largest member's name when unset.
    pub name: Option<&'a str>,
    /// The unified holder, an enterprise; the largest member's holder when unset.
    pub holder: Option<&'a str>,
    /// The target scale; the members' summed scale when unset.
    pub target_scale: Option<f64>,
}

/// The production figures of a member a unified mine sums.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberFigures {
    /// Licensed production scale, 万吨/年.
    pub scale: f64,
    /// Remaining recoverable reserves, 万吨.
    pub reserves: f64,
}

/// The mine a completed integration adds to the registry: the largest member's method,
/// position, ore body and licence (`largest` is its draft), the right's name and holder,
/// the target or summed scale, the summed reserves, producing. A refusal names each field
/// under `unifiedMine.`.
pub fn unified_mine(
    mut largest: MineDraft,
    right: UnifiedRight<'_>,
    members: &[MemberFigures],
) -> Result<MineFacts, Problems> {
    if let Some(name) = right.name {
        largest.name = name.to_owned();
    }
    if let Some(holder) = right.holder {
        largest.holder = holder.to_owned();
        largest.holder_type = HolderType::Enterprise;
    }
    largest.production_scale = right
        .target_scale
        .unwrap_or_else(|| members.iter().map(|m| m.scale).sum());
    largest.remaining_reserves = members.iter().map(|m| m.reserves).sum();
    largest.surveyed_service_years = None;
    largest.status = OperatingStatus::Producing;
    largest.suspended_since = None;
    largest.construction_deadline = None;
    // A new right: what was found against a member is that member's record.
    largest.violation = None;
    MineFacts::parse(largest).map_err(|problems| {
        let mut renamed = Problems::new();
        for problem in problems.into_vec() {
            renamed.push(ValidationError::new(
                &format!("unifiedMine.{}", problem.field),
                problem.message,
            ));
        }
        renamed
    })
}

#[cfg(test)]
mod tests;
