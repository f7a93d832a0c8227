//! City-coordinated integration groups (docs/rules.md): integration may cross a county
//! line, and then the city task force forms the group (市工作专班的统一部署). Each county's
//! plan carries its own members in an entry joined to the group; the group is formed when
//! every county's plan in force carries it, and only a formed group is unified.

use std::collections::BTreeSet;

use crate::domain::ValidationError;
use crate::domain::rule::Rule;

/// A group coordinated by the city spans two counties or more: a group within one county is
/// that county's own entry.
pub fn check_counties<'a>(
    counties: impl IntoIterator<Item = &'a str>,
) -> Result<(), ValidationError> {
    let distinct: BTreeSet<&str> = counties.into_iter().collect();
    if distinct.len() >= 2 {
        return Ok(());
    }
    Err(ValidationError::breaking(
        Rule::IntegrateGroup,
        "mineIds",
        "跨县整合组须包括两个以上县（市、区）的矿山；同一县的整合重组由该县计划编列（addIntegrationGroup）",
    ))
}

/// A county whose mines a group takes, and whether its plan in force carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyPart {
    pub county_code: String,
    /// Its plan in force has an entry joined to the group.
    pub carried: bool,
}

/// Whether the group is formed: every county's plan in force carries its members.
pub fn formed(parts: &[CountyPart]) -> bool {
    !parts.is_empty() && parts.iter().all(|part| part.carried)
}

/// The counties whose plans in force do not carry the group yet, in the order given.
pub fn waiting_for(parts: &[CountyPart]) -> Vec<&str> {
    parts
        .iter()
        .filter(|part| !part.carried)
        .map(|part| part.county_code.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(county: &str, carried: bool) -> CountyPart {
        CountyPart {
            county_code: county.into(),
            carried,
        }
    }

    /// INTEGRATE-GROUP: a coordinated group takes mines of two counties or more.
    #[test]
    fn a_coordinated_group_spans_two_counties_or_more() {
        assert!(check_counties(["140524", "140581"]).is_ok());
        let one = check_counties(["140581", "140581"]).expect_err("one county");
        assert_eq!(
            (one.field.as_str(), one.rule.map(Rule::code)),
            ("mineIds", Some("INTEGRATE-GROUP"))
        );
        assert!(check_counties([]).is_err());
    }

    /// A group is formed when every county's plan in force carries it, not before.
    #[test]
    fn a_group_is_formed_when_every_county_carries_it() {
        let both = [part("140524", true), part("140581", true)];
        let one = [part("140524", false), part("140581", true)];
        assert!(formed(&both));
        assert!(!formed(&one));
        assert!(!formed(&[]));
        assert_eq!(waiting_for(&one), ["140524"]);
        assert!(waiting_for(&both).is_empty());
    }
}
