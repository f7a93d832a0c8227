//! Who may read and write what (api.md's role table), as pure decisions over the caller and
//! the place a row lives. Services ask these before touching data.

/// The roles of api.md; a token naming any other role is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// `CITY_ADMIN`: reference data, mines, blocks, settings, admission, token revocation.
    CityAdmin,
    /// `CITY_APPROVER`: approves county and transfer plans; grants quota exceptions.
    CityApprover,
    /// `COUNTY_OFFICIAL` (with `county`): its county's mines, blocks and plans.
    CountyOfficial,
    /// `DEPARTMENT_REVIEWER` (with `department`): its own department's survey records.
    DepartmentReviewer,
    /// `INTEGRATOR`: a trading platform reading approved entries, reporting outcomes.
    Integrator,
    /// `AUDITOR`: reads everything, including the audit log; writes nothing.
    Auditor,
}

impl Role {
    /// Every role, for test matrices and the CLI's help.
    pub const ALL: [Role; 6] = [
        Role::CityAdmin,
        Role::CityApprover,
        Role::CountyOfficial,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ];

    /// The claim value.
    pub fn code(self) -> &'static str {
        match self {
            Role::CityAdmin => "CITY_ADMIN",
            Role::CityApprover => "CITY_APPROVER",
            Role::CountyOfficial => "COUNTY_OFFICIAL",
            Role::DepartmentReviewer => "DEPARTMENT_REVIEWER",
            Role::Integrator => "INTEGRATOR",
            Role::Auditor => "AUDITOR",
        }
    }

    /// Parses a claim value; unknown roles are `None`.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// An authenticated official, as the verified token describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's `sub` claim: who acts, as recorded in the audit trail.
    pub sub: String,
    /// The token's `role` claim.
    pub role: Role,
    /// City division code; optional while the deployment holds one city.
    pub city: Option<String>,
    /// County division code: required for `COUNTY_OFFICIAL`, optional for reviewers.
    pub county: Option<String>,
    /// Department code: required for `DEPARTMENT_REVIEWER`.
    pub department: Option<String>,
    /// Token id, for revocation and the audit trail.
    pub jti: String,
}

/// Where a row lives: its county and that county's city.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// Six-digit division code of the county.
    pub county: &'a str,
    /// Six-digit division code of the city the county belongs to.
    pub city: &'a str,
}

/// A set of places a caller reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    /// Every city of the deployment.
    Everywhere,
    /// Every county of one city.
    City(String),
    /// One county.
    County(String),
}

impl Region {
    /// Whether `place` lies in this region.
    pub fn contains(&self, place: Place<'_>) -> bool {
        match self {
            Region::Everywhere => true,
            Region::City(city) => city == place.city,
            Region::County(county) => county == place.county,
        }
    }
}

impl Caller {
    /// The region the token's claims reach, whatever the role may do there.
    pub fn region(&self) -> Region {
        match (&self.county, &self.city) {
            (Some(county), _)
                if matches!(self.role, Role::CountyOfficial | Role::DepartmentReviewer) =>
            {
                Region::County(county.clone())
            }
            (_, Some(city)) => Region::City(city.clone()),
            _ => Region::Everywhere,
        }
    }
}

/// The mines a viewer may read: city roles and auditors their city, a county official its
/// county; reviewers, integrators and anonymous readers none (api.md).
pub fn mine_read_region(viewer: Option<&Caller>) -> Option<Region> {
    let caller = viewer?;
    match caller.role {
        Role::CityAdmin | Role::CityApprover | Role::Auditor | Role::CountyOfficial => {
            Some(caller.region())
        }
        Role::DepartmentReviewer | Role::Integrator => None,
    }
}

/// Whether a role ever writes mines: the city admin and county officials.
pub fn writes_mines(role: Role) -> bool {
    matches!(role, Role::CityAdmin | Role::CountyOfficial)
}

/// Whether `caller` may create, change or archive a mine at `place`: the city admin within
/// its city, a county official within its county.
pub fn may_write_mine(caller: &Caller, place: Place<'_>) -> bool {
    writes_mines(caller.role) && caller.region().contains(place)
}

/// Only the city admin revokes tokens.
pub fn may_revoke_tokens(caller: &Caller) -> bool {
    caller.role == Role::CityAdmin
}

/// The audit log is for auditors and the city admin.
pub fn may_read_audit(caller: &Caller) -> bool {
    matches!(caller.role, Role::Auditor | Role::CityAdmin)
}

/// Whether a mine's holder name may be shown: natural persons are hidden from anyone who
/// cannot read the mine itself (anonymous readers see published data only).
pub fn holder_visible(viewer: Option<&Caller>, natural_person: bool) -> bool {
    !natural_person || mine_read_region(viewer).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn caller(role: Role, county: Option<&str>) -> Caller {
        Caller {
            sub: "tester".into(),
            role,
            city: Some("140500".into()),
            county: county.map(str::to_owned),
            department: None,
            jti: "jti-1".into(),
        }
    }

    const ZEZHOU: Place<'static> = Place {
        county: "140525",
        city: "140500",
    };
    const OTHER_CITY: Place<'static> = Place {
        county: "140602",
        city: "140600",
    };

    #[test]
    fn county_officials_write_only_their_county() {
        let official = caller(Role::CountyOfficial, Some("140525"));
        assert!(may_write_mine(&official, ZEZHOU));
        assert!(!may_write_mine(
            &official,
            Place {
                county: "140581",
                city: "140500"
            }
        ));
    }

    #[test]
    fn city_admins_write_within_their_city_only() {
        let admin = caller(Role::CityAdmin, None);
        assert!(may_write_mine(&admin, ZEZHOU));
        assert!(!may_write_mine(&admin, OTHER_CITY));
    }

    #[test]
    fn read_only_roles_never_write_mines() {
        for role in [
            Role::CityApprover,
            Role::DepartmentReviewer,
            Role::Integrator,
            Role::Auditor,
        ] {
            assert!(
                !may_write_mine(&caller(role, Some("140525")), ZEZHOU),
                "{role:?}"
            );
        }
    }

    #[test]
    fn anonymous_reviewers_and_integrators_read_no_mine() {
        assert_eq!(mine_read_region(None), None);
        assert_eq!(
            mine_read_region(Some(&caller(Role::Integrator, None))),
            None
        );
        assert_eq!(
            mine_read_region(Some(&caller(Role::DepartmentReviewer, Some("140525")))),
            None
        );
        assert_eq!(
            mine_read_region(Some(&caller(Role::CountyOfficial, Some("140525")))),
            Some(Region::County("140525".into()))
        );
    }

    #[test]
    fn natural_person_holders_are_hidden_from_the_public() {
        assert!(!holder_visible(None, true));
        assert!(holder_visible(None, false));
        assert!(holder_visible(Some(&caller(Role::Auditor, None)), true));
    }

    #[test]
    fn only_city_admin_revokes_and_auditors_read_the_log() {
        assert!(may_revoke_tokens(&caller(Role::CityAdmin, None)));
        assert!(!may_revoke_tokens(&caller(Role::CityApprover, None)));
        assert!(may_read_audit(&caller(Role::Auditor, None)));
        assert!(!may_read_audit(&caller(
            Role::CountyOfficial,
            Some("140525")
        )));
    }

    #[test]
    fn role_codes_round_trip_and_unknown_roles_fail() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("SUPERUSER"), None);
    }
}
