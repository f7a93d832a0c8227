//! docs/api.md's role table, row by row: what each role may do, and where.

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

const GAOPING: Place<'static> = Place {
    county: "140581",
    city: "140500",
};

/// docs/api.md's role table: which role may ever do which action.
#[test]
fn each_role_may_do_exactly_its_actions() {
    use Action::*;
    let allowed: [(Role, &[Action]); 6] = [
        (
            Role::CityAdmin,
            &[
                ReadMines,
                WriteMines,
                ChangeStandards,
                RevokeTokens,
                ReadAudit,
                ReadBlocks,
                WriteBlocks,
                ReadPlans,
                ChangeSettings,
                AdmitBlocks,
                WithdrawBlocks,
                RegisterSoldBlocks,
                CoordinateIntegration,
                ImportLayers,
            ],
        ),
        (
            Role::CityApprover,
            &[
                ReadMines,
                ReadBlocks,
                ReadPlans,
                DecidePlans,
                GrantQuotaExceptions,
                WithdrawBlocks,
                ApproveTransferPlans,
            ],
        ),
        (
            Role::CountyOfficial,
            &[
                ReadMines,
                WriteMines,
                ReadBlocks,
                WriteBlocks,
                ReadPlans,
                WritePlans,
            ],
        ),
        (Role::DepartmentReviewer, &[ReadBlocks, RecordSurveys]),
        (Role::Integrator, &[ReportOutcomes]),
        (
            Role::Auditor,
            &[ReadMines, ReadAudit, ReadBlocks, ReadPlans],
        ),
    ];
    for (role, actions) in allowed {
        let who = caller(role, Some("140525"));
        for action in Action::ALL {
            assert_eq!(
                who.may_ever(action),
                actions.contains(&action),
                "{role:?} {action:?}"
            );
        }
    }
}

/// Mines are read and written within the caller's own county or city only.
#[test]
fn mine_actions_reach_only_the_callers_own_place() {
    // (role, own county claim, place, may read, may write)
    let cases = [
        (Role::CountyOfficial, Some("140525"), ZEZHOU, true, true),
        (Role::CountyOfficial, Some("140525"), GAOPING, false, false),
        (
            Role::CountyOfficial,
            Some("140525"),
            OTHER_CITY,
            false,
            false,
        ),
        (Role::CityAdmin, None, ZEZHOU, true, true),
        (Role::CityAdmin, None, GAOPING, true, true),
        (Role::CityAdmin, None, OTHER_CITY, false, false),
        (Role::CityApprover, None, GAOPING, true, false),
        (Role::Auditor, None, ZEZHOU, true, false),
        (Role::Auditor, None, OTHER_CITY, false, false),
        (
            Role::DepartmentReviewer,
            Some("140525"),
            ZEZHOU,
            false,
            false,
        ),
        (Role::Integrator, None, ZEZHOU, false, false),
    ];
    for (role, county, place, read, write) in cases {
        let who = caller(role, county);
        assert_eq!(
            who.may(Action::ReadMines, place),
            read,
            "{role:?} read {place:?}"
        );
        assert_eq!(
            who.may(Action::WriteMines, place),
            write,
            "{role:?} write {place:?}"
        );
    }
}

/// A viewer of the tables below: anonymous, or a role with its county claim.
type Viewer = Option<(Role, Option<&'static str>)>;

fn viewer(who: Viewer) -> Option<Caller> {
    who.map(|(role, county)| caller(role, county))
}

/// docs/api.md: anonymous readers, reviewers and integrators read no mine.
#[test]
fn anonymous_reviewers_and_integrators_read_no_mine() {
    let cases: [(Viewer, Option<Region>); 4] = [
        (None, None),
        (Some((Role::Integrator, None)), None),
        (Some((Role::DepartmentReviewer, Some("140525"))), None),
        (
            Some((Role::CountyOfficial, Some("140525"))),
            Some(Region::County("140525".into())),
        ),
    ];
    for (who, region) in cases {
        assert_eq!(mine_read_region(viewer(who).as_ref()), region, "{who:?}");
    }
}

/// docs/api.md: a reviewer reads the blocks of the county its token names, else its city.
#[test]
fn reviewers_read_the_blocks_of_their_county_or_city() {
    let cases: [(Viewer, Option<Region>); 4] = [
        (
            Some((Role::DepartmentReviewer, Some("140525"))),
            Some(Region::County("140525".into())),
        ),
        (
            Some((Role::DepartmentReviewer, None)),
            Some(Region::City("140500".into())),
        ),
        (None, None),
        (Some((Role::Integrator, None)), None),
    ];
    for (who, region) in cases {
        assert_eq!(block_read_region(viewer(who).as_ref()), region, "{who:?}");
    }
}

/// A natural person's name is personal data: hidden from whoever cannot read the mine.
#[test]
fn natural_person_holders_are_hidden_from_the_public() {
    // (viewer, natural person, visible)
    let cases: [(Viewer, bool, bool); 3] = [
        (None, true, false),
        (None, false, true),
        (Some((Role::Auditor, None)), true, true),
    ];
    for (who, natural_person, visible) in cases {
        assert_eq!(
            holder_visible(viewer(who).as_ref(), natural_person),
            visible,
            "{who:?} {natural_person}"
        );
    }
}

#[test]
fn role_codes_round_trip_and_unknown_roles_fail() {
    for role in Role::ALL {
        assert_eq!(Role::parse(role.code()), Some(role));
    }
    assert_eq!(Role::parse("SUPERUSER"), None);
}

/// The whole audit chain, which every city's entries share, is shown to deployment-wide
/// tokens only, or to a city token where the deployment has no other city.
#[test]
fn the_whole_audit_chain_is_for_who_reaches_the_whole_deployment() {
    let city_auditor = caller(Role::Auditor, None);
    let everywhere = Caller {
        city: None,
        ..caller(Role::Auditor, None)
    };
    let county = caller(Role::CountyOfficial, Some("140525"));
    // (caller, the deployment's only city, reaches it all, why)
    let cases = [
        (&city_auditor, Some("140500"), true, "one city"),
        (&city_auditor, None, false, "several cities"),
        (&everywhere, None, true, "a deployment-wide token"),
        (&county, Some("140500"), false, "a county token"),
    ];
    for (who, only_city, reaches, why) in cases {
        assert_eq!(reaches_whole_deployment(who, only_city), reaches, "{why}");
    }
}
