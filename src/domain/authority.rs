//! Who transfers a new mining right, and on which platform (NEW-6; docs/rules.md, the
//! province's notice of May 2024 as domain.md restates it): the province for its strategic
//! minerals, the county for small deposits of river sand and brick clay, the city for the
//! rest. The province may delegate some of its minerals to the city block by block
//! (一事一议), with its reference. The platform follows the authority: the province's
//! online platform for the province, the city's public-resource platform otherwise.

use super::codes::{ScaleClass, TradingPlatform, coded_enum};
use super::rule::Rule;
use super::validation::ValidationError;

coded_enum!(
    /// Who transfers and registers a new right.
    Authority {
        /// 省级: transferred on the provincial natural-resources online platform.
        Province => "PROVINCE",
        /// 市级.
        City => "CITY",
        /// 县级: small deposits of the minerals the table names.
        County => "COUNTY",
    }
);

/// What the authority table holds for a mineral (data the city can correct).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MineralAuthority {
    /// Who transfers the mineral by default.
    pub authority: Authority,
    /// The province may delegate a block of it to the city (一事一议).
    pub delegable: bool,
    /// A small deposit of it is the county's to transfer (river sand, brick clay).
    pub county_when_small: bool,
}

impl MineralAuthority {
    /// A row of the table as the city corrects it, refused when a flag could never apply:
    /// only a provincial mineral can be delegated to the city, and a provincial mineral
    /// is never the county's however small the deposit (the notice gives the county only
    /// minerals the city would otherwise transfer).
    pub fn corrected(
        authority: Authority,
        delegable: bool,
        county_when_small: bool,
    ) -> Result<Self, ValidationError> {
        if delegable && authority != Authority::Province {
            return Err(ValidationError::breaking(
                Rule::New6,
                "delegable",
                "只有省级出让的矿种才能一事一议委托市级出让",
            ));
        }
        if county_when_small && authority == Authority::Province {
            return Err(ValidationError::breaking(
                Rule::New6,
                "countyWhenSmall",
                "省级出让的矿种不因储量小而由县级出让",
            ));
        }
        Ok(Self {
            authority,
            delegable,
            county_when_small,
        })
    }
}

/// Who transfers a block of a mineral under `table`, given its deposit class and whether
/// the province delegated it: a delegation moves a delegable provincial mineral to the
/// city; a small deposit of a county mineral is the county's.
pub fn authority_of(
    table: MineralAuthority,
    deposit_class: Option<ScaleClass>,
    delegated: bool,
) -> Authority {
    match table.authority {
        Authority::Province if delegated && table.delegable => Authority::City,
        Authority::Province => Authority::Province,
        _ if table.county_when_small && deposit_class == Some(ScaleClass::Small) => {
            Authority::County
        }
        other => other,
    }
}

/// The platform a block transferred by `authority` is transferred on.
pub fn platform_of(authority: Authority) -> TradingPlatform {
    match authority {
        Authority::Province => TradingPlatform::ProvincialOnline,
        Authority::City | Authority::County => TradingPlatform::CityPublicResource,
    }
}

/// The authority's name in Chinese, for the check's detail.
pub fn authority_name(authority: Authority) -> &'static str {
    match authority {
        Authority::Province => "省级",
        Authority::City => "市级",
        Authority::County => "县级",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(authority: Authority, delegable: bool, county_when_small: bool) -> MineralAuthority {
        MineralAuthority {
            authority,
            delegable,
            county_when_small,
        }
    }

    #[test]
    fn new_6_who_transfers_by_mineral_deposit_class_and_delegation() {
        use Authority::*;
        use ScaleClass::*;
        let iron = table(Province, true, false);
        let fluorspar_not_delegable = table(Province, false, false);
        let sand = table(City, false, true);
        let limestone = table(City, false, false);
        let cases = [
            (iron, Some(Medium), false, Province),
            (iron, Some(Medium), true, City),
            (fluorspar_not_delegable, Some(Large), true, Province),
            (sand, Some(Small), false, County),
            (sand, Some(Medium), false, City),
            (sand, None, false, City),
            (limestone, Some(Small), false, City),
            (limestone, Some(Large), true, City),
        ];
        for (mineral, class, delegated, expected) in cases {
            assert_eq!(
                authority_of(mineral, class, delegated),
                expected,
                "{mineral:?} {class:?} delegated {delegated}"
            );
        }
    }

    #[test]
    fn new_6_a_corrected_row_keeps_only_flags_that_can_apply() {
        use Authority::*;
        let cases = [
            (Province, true, false, None),
            (Province, false, false, None),
            (Province, false, true, Some("countyWhenSmall")),
            (City, false, true, None),
            (City, true, false, Some("delegable")),
            (County, true, false, Some("delegable")),
            (County, false, true, None),
        ];
        for (authority, delegable, county_when_small, refused) in cases {
            let result = MineralAuthority::corrected(authority, delegable, county_when_small);
            assert_eq!(
                result.as_ref().err().map(|err| err.field.as_str()),
                refused,
                "{authority:?} delegable {delegable} county {county_when_small}"
            );
            if let Ok(row) = result {
                assert_eq!(row, table(authority, delegable, county_when_small));
            }
        }
    }

    #[test]
    fn new_6_the_platform_follows_the_authority() {
        assert_eq!(
            platform_of(Authority::Province),
            TradingPlatform::ProvincialOnline
        );
        for authority in [Authority::City, Authority::County] {
            assert_eq!(platform_of(authority), TradingPlatform::CityPublicResource);
        }
    }
}
