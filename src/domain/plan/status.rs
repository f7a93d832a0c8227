//! The plan's workflow (docs/rules.md, plans): draft → submitted → approved, or returned with a
//! comment → edited → submitted again; recalled before a decision; an approved plan is
//! frozen until an explicitly opened revision is approved and supersedes it.

use crate::domain::codes;

/// What an official asks of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    /// Add or remove an entry.
    Edit,
    /// Send it to the city (`submitCountyPlan`).
    Submit,
    /// Take a submission back before a decision (`recallCountyPlan`).
    Recall,
    /// The city approves it (`approveCountyPlan`).
    Approve,
    /// The city returns it with a comment (`returnCountyPlan`).
    Return,
    /// Open a new revision of an approved plan (`reviseCountyPlan`); the plan itself stays
    /// in force.
    Revise,
    /// A newer revision was approved: this one is no longer in force.
    Supersede,
    /// Record follow-up work (a duty done) on the plan in force.
    FollowUp,
}

pub use codes::PlanStatus;

/// Every allowed step of the workflow: from, action, to. `PlanStatus::after` answers from
/// it, and the conditional UPDATE that moves a plan takes its expected prior states from it,
/// so the two cannot disagree.
const TRANSITIONS: &[(PlanStatus, PlanAction, PlanStatus)] = {
    use PlanAction::*;
    use PlanStatus::*;
    &[
        (Draft, Edit, Draft),
        (Returned, Edit, Returned),
        (Draft, Submit, Submitted),
        (Returned, Submit, Submitted),
        (Submitted, Recall, Draft),
        (Submitted, Approve, Approved),
        (Submitted, Return, Returned),
        (Approved, Revise, Approved),
        (Approved, FollowUp, Approved),
        (Approved, Supersede, Superseded),
    ]
};

impl PlanStatus {
    /// The status after `action`, or why the action is not allowed now (a `CONFLICT`).
    pub fn after(self, action: PlanAction) -> Result<PlanStatus, StepRefused> {
        TRANSITIONS
            .iter()
            .find(|(from, a, _)| *from == self && *a == action)
            .map(|(_, _, to)| *to)
            .ok_or(StepRefused {
                status: self,
                action,
            })
    }

    /// The statuses `action` may be taken from.
    pub fn before(action: PlanAction) -> Vec<PlanStatus> {
        TRANSITIONS
            .iter()
            .filter(|(_, a, _)| *a == action)
            .map(|(from, _, _)| *from)
            .collect()
    }

    /// Whether the plan is still being drafted or decided (a county has at most one such).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PlanStatus::Draft | PlanStatus::Submitted | PlanStatus::Returned
        )
    }

    /// Its name in the officials' language.
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "草稿",
            PlanStatus::Submitted => "已报送",
            PlanStatus::Returned => "已退回",
            PlanStatus::Approved => "已批准",
            PlanStatus::Superseded => "已被新修订版取代",
        }
    }
}

/// A step the workflow does not allow from the plan's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRefused {
    pub status: PlanStatus,
    pub action: PlanAction,
}

impl StepRefused {
    /// What the official is told, naming the status and the step.
    pub fn message(&self) -> String {
        refusal(self.status, self.action)
    }
}

fn refusal(status: PlanStatus, action: PlanAction) -> String {
    let what = match action {
        PlanAction::Edit => "修改",
        PlanAction::Submit => "报送",
        PlanAction::Recall => "撤回",
        PlanAction::Approve => "批准",
        PlanAction::Return => "退回",
        PlanAction::Revise => "修订",
        PlanAction::Supersede => "取代",
        PlanAction::FollowUp => "办理后续工作",
    };
    format!("计划当前状态为“{}”，不能{what}", status.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/rules.md workflow, every (status, action) pair.
    #[test]
    fn plan_workflow_allows_exactly_the_transitions_of_section_5() {
        use PlanAction::*;
        use PlanStatus::*;
        let actions = [
            Edit, Submit, Recall, Approve, Return, Revise, Supersede, FollowUp,
        ];
        let allowed: [(PlanStatus, &[(PlanAction, PlanStatus)]); 5] = [
            (Draft, &[(Edit, Draft), (Submit, Submitted)]),
            (Returned, &[(Edit, Returned), (Submit, Submitted)]),
            (
                Submitted,
                &[(Recall, Draft), (Approve, Approved), (Return, Returned)],
            ),
            (
                Approved,
                &[
                    (Revise, Approved),
                    (Supersede, Superseded),
                    (FollowUp, Approved),
                ],
            ),
            (Superseded, &[]),
        ];
        for (from, moves) in allowed {
            for action in actions {
                let expected = moves.iter().find(|(a, _)| *a == action).map(|(_, to)| *to);
                assert_eq!(from.after(action).ok(), expected, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn the_states_an_action_moves_from_are_those_after_accepts() {
        assert_eq!(
            PlanStatus::before(PlanAction::Submit),
            vec![PlanStatus::Draft, PlanStatus::Returned]
        );
        assert_eq!(
            PlanStatus::before(PlanAction::Approve),
            vec![PlanStatus::Submitted]
        );
        assert!(PlanStatus::before(PlanAction::Supersede) == vec![PlanStatus::Approved]);
    }

    #[test]
    fn a_refusal_names_the_status_and_the_action() {
        let refused = PlanStatus::Approved
            .after(PlanAction::Edit)
            .map_err(|r| r.message());
        assert_eq!(refused, Err("计划当前状态为“已批准”，不能修改".to_owned()));
    }

    #[test]
    fn only_drafts_submissions_and_returned_plans_are_open() {
        let open: Vec<PlanStatus> = PlanStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(
            open,
            vec![
                PlanStatus::Draft,
                PlanStatus::Submitted,
                PlanStatus::Returned
            ]
        );
    }
}
