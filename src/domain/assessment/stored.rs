//! What is kept of a mine's assessment between requests (docs/architecture.md, "Stored
//! assessments"): its disposition, the rule IDs a filter matches (the decisive findings,
//! not advisory measures), and a digest of everything else, so that a later recomputation
//! can tell whether anything the officials read has changed.

use sha2::{Digest, Sha256};

use super::{Assessment, Disposition, RuleId};

/// An assessment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub disposition: Disposition,
    /// The decisive findings' rule IDs, in rule order, each once.
    pub rules: Vec<RuleId>,
    /// SHA-256 (hex) over the disposition, every finding (rule, disposition, text, facts,
    /// advisory, neighbours) and the route options, in order.
    pub digest: String,
}

/// What is stored of `assessment`.
pub fn stored(assessment: &Assessment) -> Stored {
    let mut hash = Sha256::new();
    hash.update(format!(
        "{:?}\n{:?}\n{:?}",
        assessment.disposition, assessment.findings, assessment.options
    ));
    Stored {
        disposition: assessment.disposition,
        rules: assessment.decisive_rules(),
        digest: hex::encode(hash.finalize()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::assessment::{Fact, Finding};

    fn finding(rule_id: RuleId, advisory: bool) -> Finding {
        Finding {
            rule_id,
            disposition: Disposition::Upgrade,
            message: "某条款".into(),
            facts: vec![Fact::new("productionScale", 40)],
            advisory,
            neighbours: None,
        }
    }

    fn assessment(findings: Vec<Finding>) -> Assessment {
        Assessment {
            disposition: Disposition::Upgrade,
            findings,
            options: Vec::new(),
            standards_version: 1,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default(),
            upgrade: None,
        }
    }

    /// A filter by rule matches decisive findings only (UPGRADE-2 is advisory); the digest
    /// moves with any finding's text and not with the day or version it was computed for.
    #[test]
    fn stored_rules_are_decisive_and_the_digest_follows_the_findings() {
        let base = assessment(vec![
            finding(RuleId::Upgrade2, true),
            finding(RuleId::Upgrade1, false),
            finding(RuleId::Upgrade1, false),
        ]);
        let kept = stored(&base);
        assert_eq!(kept.rules, vec![RuleId::Upgrade1]);
        assert_eq!(kept.disposition, Disposition::Upgrade);
        let mut later = base.clone();
        later.as_of = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
        later.standards_version = 2;
        assert_eq!(stored(&later).digest, kept.digest);
        let mut reworded = base.clone();
        reworded.findings[1].message = "另一条款".into();
        assert_ne!(stored(&reworded).digest, kept.digest);
        for d in [Disposition::ALL.as_slice(), &[Disposition::Closed]].concat() {
            assert_eq!(Disposition::parse(d.code()), Some(d));
        }
    }
}
