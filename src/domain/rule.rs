//! Every rule a finding, a check or a refusal can name, as one type: the assessment's
//! clauses ([`RuleId`]) and the rules of plans and admission (docs/rules.md). A rule is
//! named once here; `failedChecks` and `extensions.rule` are written from it.

use crate::domain::assessment::RuleId;

/// A rule of docs/rules.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A clause of the rectification assessment (CLOSE-1 … INTEGRATE-4).
    Assessment(RuleId),
    /// The block is proposed by its county's approved plan for the year.
    Plan1,
    /// Priority: the master plan and industrial policy, then urgent projects first.
    New1,
    /// Dual control: deposit and production scale medium or above, within the caps.
    New2,
    /// Close and set together: new mines never outnumber closed ones.
    New3,
    /// The joint site survey is complete, with no open conflict.
    New4,
    /// Clean-mine transfer: the block is free of obstacles.
    New5,
    /// Open competitive transfer on a trading platform.
    New6,
    /// A CLOSE finding sits on the close list, closed (not exited).
    PlanClose,
    /// A plan lists its own county's mines and blocks only.
    PlanCounty,
    /// A mine sits on one list of the plan only.
    PlanOneList,
    /// An integration group: two or more mines that may be integrated, one unified right.
    IntegrateGroup,
}

impl Rule {
    /// The ID as the API and the messages write it (`NEW-3`, `EXIT-3`).
    pub fn code(self) -> &'static str {
        match self {
            Rule::Assessment(rule) => rule.code(),
            Rule::Plan1 => "PLAN-1",
            Rule::New1 => "NEW-1",
            Rule::New2 => "NEW-2",
            Rule::New3 => "NEW-3",
            Rule::New4 => "NEW-4",
            Rule::New5 => "NEW-5",
            Rule::New6 => "NEW-6",
            Rule::PlanClose => "PLAN-CLOSE",
            Rule::PlanCounty => "PLAN-COUNTY",
            Rule::PlanOneList => "PLAN-ONE-LIST",
            Rule::IntegrateGroup => "INTEGRATE-GROUP",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A rule equals its code, so a list of rules reads as the codes the API sends.
impl PartialEq<&str> for Rule {
    fn eq(&self, code: &&str) -> bool {
        self.code() == *code
    }
}

impl From<RuleId> for Rule {
    fn from(rule: RuleId) -> Self {
        Rule::Assessment(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_own_code() {
        let mut rules: Vec<Rule> = RuleId::ALL.into_iter().map(Rule::from).collect();
        rules.extend([
            Rule::Plan1,
            Rule::New1,
            Rule::New2,
            Rule::New3,
            Rule::New4,
            Rule::New5,
            Rule::New6,
            Rule::PlanClose,
            Rule::PlanCounty,
            Rule::PlanOneList,
            Rule::IntegrateGroup,
        ]);
        let codes: std::collections::HashSet<&str> = rules.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), rules.len());
        assert_eq!(Rule::from(RuleId::Exit3).code(), "EXIT-3");
        assert_eq!(Rule::New3.code(), "NEW-3");
    }
}
