//! The places a token may name: every claim is checked against the divisions and
//! departments the deployment actually holds, so a token cannot reach a city, county or
//! department that does not exist, nor pair a county with a city it does not belong to.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::domain::access::{Caller, Place, Region, Role};
use crate::domain::assessment::NeighbourRef;

/// The deployment's cities (with their province), counties (with their city) and survey
/// departments. Reference data changes only with a migration, so one copy is loaded at
/// startup and shared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    cities: HashMap<String, String>,
    counties: HashMap<String, String>,
    county_names: HashMap<String, String>,
    departments: HashSet<String>,
}

/// Why a token's claims were refused (logged, never sent: the caller learns only 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// The `city` claim names no city of the deployment.
    #[error("unknown city {0}")]
    UnknownCity(String),
    /// The `county` claim names no county of the deployment.
    #[error("unknown county {0}")]
    UnknownCounty(String),
    /// The `county` claim lies outside the `city` claim.
    #[error("county {county} is not in city {city}")]
    CountyOutsideCity {
        /// The county claimed.
        county: String,
        /// The city claimed.
        city: String,
    },
    /// The `department` claim names no department of the deployment.
    #[error("unknown department {0}")]
    UnknownDepartment(String),
    /// A city role without a city claim, in a deployment of several cities.
    #[error("a city role must name its city when the deployment holds several")]
    CityRequired,
}

impl Places {
    /// Builds the registry from (city, province), (county, city, county name) and
    /// department codes.
    pub fn new(
        cities: impl IntoIterator<Item = (String, String)>,
        counties: impl IntoIterator<Item = (String, String, String)>,
        departments: impl IntoIterator<Item = String>,
    ) -> Self {
        let mut places = Self {
            cities: cities.into_iter().collect(),
            departments: departments.into_iter().collect(),
            ..Self::default()
        };
        for (county, city, name) in counties {
            places.counties.insert(county.clone(), city);
            places.county_names.insert(county, name);
        }
        places
    }

    /// How a reader confined to `region` may see the neighbours a finding names: `None`
    /// for one inside the region, else the name of its county, which is all the reader
    /// learns of it.
    pub fn hidden_from<'a>(
        &'a self,
        region: &'a Region,
    ) -> impl Fn(&NeighbourRef) -> Option<String> + 'a {
        move |neighbour| {
            let county = neighbour.county_code.as_str();
            let city = self.city_of_county(county).unwrap_or_default();
            if region.contains(Place { county, city }) {
                None
            } else {
                Some(
                    self.county_names
                        .get(county)
                        .cloned()
                        .unwrap_or_else(|| "其他县（市、区）".to_owned()),
                )
            }
        }
    }

    /// The province a city lies in.
    pub fn province_of_city(&self, city: &str) -> Option<&str> {
        self.cities.get(city).map(String::as_str)
    }

    /// The province a county lies in.
    pub fn province_of_county(&self, county: &str) -> Option<&str> {
        self.province_of_city(self.city_of_county(county)?)
    }

    /// The only city of a one-city deployment.
    pub fn only_city(&self) -> Option<&str> {
        let mut cities = self.cities.keys();
        match (cities.next(), cities.next()) {
            (Some(city), None) => Some(city.as_str()),
            _ => None,
        }
    }

    /// Whether `city` is a city of the deployment.
    pub fn has_city(&self, city: &str) -> bool {
        self.cities.contains_key(city)
    }

    /// The province of a one-province deployment (the smallest code otherwise), for
    /// questions that name no place.
    pub fn default_province(&self) -> Option<&str> {
        self.cities.values().map(String::as_str).min()
    }

    /// Every county of the deployment, grouped by the province it lies in (a province's
    /// mines are assessed under its own standards).
    pub fn counties_by_province(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for county in self.counties.keys() {
            if let Some(province) = self.province_of_county(county) {
                grouped.entry(province).or_default().push(county);
            }
        }
        grouped
    }

    /// The city a county lies in.
    pub fn city_of_county(&self, county: &str) -> Option<&str> {
        self.counties.get(county).map(String::as_str)
    }

    /// The caller its claims describe, with the city filled in where the claims imply it
    /// (a county's city; the only city of a one-city deployment for a city role), or why
    /// the claims name no real place.
    pub fn resolve(&self, mut caller: Caller) -> Result<Caller, ClaimError> {
        if let Some(city) = &caller.city
            && !self.cities.contains_key(city)
        {
            return Err(ClaimError::UnknownCity(city.clone()));
        }
        if let Some(county) = &caller.county {
            let city_of_county = self
                .city_of_county(county)
                .ok_or_else(|| ClaimError::UnknownCounty(county.clone()))?;
            match &caller.city {
                Some(city) if city != city_of_county => {
                    return Err(ClaimError::CountyOutsideCity {
                        county: county.clone(),
                        city: city.clone(),
                    });
                }
                Some(_) => {}
                None => caller.city = Some(city_of_county.to_owned()),
            }
        }
        if let Some(department) = &caller.department
            && !self.departments.contains(department)
        {
            return Err(ClaimError::UnknownDepartment(department.clone()));
        }
        if caller.city.is_none() && matches!(caller.role, Role::CityAdmin | Role::CityApprover) {
            let mut cities = self.cities.keys();
            match (cities.next(), cities.next()) {
                (Some(only), None) => caller.city = Some(only.clone()),
                _ => return Err(ClaimError::CityRequired),
            }
        }
        Ok(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::test_codes;

    fn jincheng() -> Places {
        Places::new(
            [("140500".into(), "140000".into())],
            [
                ("140525".into(), "140500".into(), "泽州县".into()),
                ("140581".into(), "140500".into(), "高平市".into()),
            ],
            ["FORESTRY".into()],
        )
    }

    fn two_cities() -> Places {
        let mut places = jincheng();
        places.cities.insert("140400".into(), "140000".into());
        places.counties.insert("140402".into(), "140400".into());
        places.county_names.insert("140402".into(), "城区".into());
        places
    }

    fn caller(role: Role, city: Option<&str>, county: Option<&str>, dept: Option<&str>) -> Caller {
        Caller {
            sub: "s".into(),
            role,
            city: city.map(str::to_owned),
            county: county.map(str::to_owned),
            department: dept.map(str::to_owned),
            jti: "j".into(),
        }
    }

    #[test]
    fn claims_naming_real_places_resolve_with_their_implied_city() {
        let cases = [
            (
                caller(Role::CityAdmin, Some("140500"), None, None),
                "140500",
            ),
            (caller(Role::CityAdmin, None, None, None), "140500"),
            (
                caller(Role::CountyOfficial, None, Some("140525"), None),
                "140500",
            ),
            (
                caller(
                    Role::DepartmentReviewer,
                    Some("140500"),
                    Some("140581"),
                    Some("FORESTRY"),
                ),
                "140500",
            ),
        ];
        for (claims, city) in cases {
            let resolved = jincheng().resolve(claims.clone()).expect("real places");
            assert_eq!(resolved.city.as_deref(), Some(city), "{claims:?}");
        }
        let everywhere = jincheng()
            .resolve(caller(Role::Auditor, None, None, None))
            .expect("an auditor may span the deployment");
        assert_eq!(everywhere.city, None);
    }

    #[test]
    fn claims_naming_places_that_do_not_exist_are_refused() {
        let cases = [
            (
                caller(Role::CityAdmin, Some("140100"), None, None),
                ClaimError::UnknownCity("140100".into()),
            ),
            (
                caller(Role::CountyOfficial, Some("140500"), Some("140199"), None),
                ClaimError::UnknownCounty("140199".into()),
            ),
            (
                caller(Role::CountyOfficial, Some("140400"), Some("140525"), None),
                ClaimError::UnknownCity("140400".into()),
            ),
            (
                caller(Role::DepartmentReviewer, None, None, Some("SPACE_AGENCY")),
                ClaimError::UnknownDepartment("SPACE_AGENCY".into()),
            ),
        ];
        for (claims, refusal) in cases {
            assert_eq!(jincheng().resolve(claims), Err(refusal));
        }
    }

    #[test]
    fn a_county_outside_the_claimed_city_is_refused() {
        let claims = caller(Role::CountyOfficial, Some("140400"), Some("140525"), None);
        assert_eq!(
            two_cities().resolve(claims),
            Err(ClaimError::CountyOutsideCity {
                county: "140525".into(),
                city: "140400".into()
            })
        );
    }

    #[test]
    fn neighbours_outside_the_readers_region_are_known_only_by_county() {
        let places = two_cities();
        let at = |county: &str| NeighbourRef {
            id: 1,
            county_code: test_codes::county(county),
        };
        let county = Region::County("140525".into());
        let hidden = places.hidden_from(&county);
        assert_eq!(hidden(&at("140525")), None);
        assert_eq!(hidden(&at("140581")).as_deref(), Some("高平市"));
        let city = Region::City("140500".into());
        let hidden = places.hidden_from(&city);
        assert_eq!(hidden(&at("140581")), None);
        assert_eq!(hidden(&at("140402")).as_deref(), Some("城区"));
        assert_eq!(places.hidden_from(&Region::Everywhere)(&at("140402")), None);
    }

    #[test]
    fn a_city_role_must_name_its_city_once_there_are_several() {
        assert_eq!(
            two_cities().resolve(caller(Role::CityApprover, None, None, None)),
            Err(ClaimError::CityRequired)
        );
        assert_eq!(two_cities().province_of_city("140400"), Some("140000"));
    }
}
