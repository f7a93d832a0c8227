//! Who may read and write what (docs/api.md's role table), as pure decisions over the caller and
//! the place a row lives. Services ask these before touching data.

/// The roles of docs/api.md; a token naming any other role is refused.
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

    /// Whether the role may ever do `action`, wherever: the permission matrix, one arm per
    /// action.
    pub fn may(self, action: Action) -> bool {
        use Role::*;
        match action {
            Action::ReadMines => {
                matches!(self, CityAdmin | CityApprover | Auditor | CountyOfficial)
            }
            Action::WriteMines | Action::WriteBlocks => {
                matches!(self, CityAdmin | CountyOfficial)
            }
            Action::ReadPlans => {
                matches!(self, CityAdmin | CityApprover | Auditor | CountyOfficial)
            }
            Action::WritePlans => self == CountyOfficial,
            Action::DecidePlans | Action::ApproveTransferPlans => self == CityApprover,
            Action::RecordSurveys => self == DepartmentReviewer,
            Action::ReportOutcomes => self == Integrator,
            Action::AdmitBlocks
            | Action::RegisterSoldBlocks
            | Action::CoordinateIntegration
            | Action::ImportLayers => self == CityAdmin,
            Action::GrantQuotaExceptions => self == CityApprover,
            Action::WithdrawBlocks => matches!(self, CityAdmin | CityApprover),
            Action::ReadBlocks => matches!(
                self,
                CityAdmin | CityApprover | Auditor | CountyOfficial | DepartmentReviewer
            ),
            Action::ChangeStandards | Action::RevokeTokens | Action::ChangeSettings => {
                self == CityAdmin
            }
            Action::ReadAudit => matches!(self, Auditor | CityAdmin),
        }
    }
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

/// What a caller may do: docs/api.md's role table, one row per action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read mines, their assessments and the county batches.
    ReadMines,
    /// Create, change or archive mines.
    WriteMines,
    /// Add a standards version (for the caller's own province).
    ChangeStandards,
    /// Revoke a token.
    RevokeTokens,
    /// Read the audit trail.
    ReadAudit,
    /// Read planned blocks (and, from the survey issue on, their surveys).
    ReadBlocks,
    /// Create or change planned blocks.
    WriteBlocks,
    /// Read county plans in every status (others read approved plans only, as published).
    ReadPlans,
    /// Draft, submit, recall and revise county plans; complete their duties.
    WritePlans,
    /// Approve or return submitted county plans.
    DecidePlans,
    /// Change the city's settings (campaign milestones, admission settings, caps).
    ChangeSettings,
    /// Record one's own department's site-survey findings (NEW-4).
    RecordSurveys,
    /// Admit a block into the city transfer plan within the NEW-3 balance.
    AdmitBlocks,
    /// Admit a block beyond the balance, as a written exception ("原则上": the city's
    /// approver only).
    GrantQuotaExceptions,
    /// Withdraw an admitted block from a transfer plan not yet approved.
    WithdrawBlocks,
    /// Approve the city transfer plan.
    ApproveTransferPlans,
    /// Report transfer outcomes of approved entries (a trading platform).
    ReportOutcomes,
    /// Register a sold block as the mine it became (the city's registry).
    RegisterSoldBlocks,
    /// Form an integration group across county lines (the city task force).
    CoordinateIntegration,
    /// Import a version of a reference layer (the map blocks are screened against).
    ImportLayers,
}

impl Action {
    /// The roles that may do the action, in the roles' order (named by a refusal).
    pub fn roles(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|role| role.may(self))
            .collect()
    }

    /// Every action, for test matrices.
    pub const ALL: [Action; 20] = [
        Action::ReadMines,
        Action::WriteMines,
        Action::ChangeStandards,
        Action::RevokeTokens,
        Action::ReadAudit,
        Action::ReadBlocks,
        Action::WriteBlocks,
        Action::ReadPlans,
        Action::WritePlans,
        Action::DecidePlans,
        Action::ChangeSettings,
        Action::RecordSurveys,
        Action::AdmitBlocks,
        Action::GrantQuotaExceptions,
        Action::WithdrawBlocks,
        Action::ApproveTransferPlans,
        Action::ReportOutcomes,
        Action::RegisterSoldBlocks,
        Action::CoordinateIntegration,
        Action::ImportLayers,
    ];
}

impl Caller {
    /// Whether the caller's role may ever do `action`, wherever: checked before any row is
    /// looked up, so that an out-of-role request is `FORBIDDEN` before `NOT_FOUND`.
    pub fn may_ever(&self, action: Action) -> bool {
        self.role.may(action)
    }

    /// Whether the caller may do `action` at `place`: its role allows it and its claims
    /// reach the place (a county official its county, city roles their city).
    pub fn may(&self, action: Action, place: Place<'_>) -> bool {
        self.may_ever(action) && self.region().contains(place)
    }
}

/// The mines a viewer may read: city roles and auditors their city, a county official its
/// county; reviewers, integrators and anonymous readers none (docs/api.md).
pub fn mine_read_region(viewer: Option<&Caller>) -> Option<Region> {
    let caller = viewer?;
    caller.may_ever(Action::ReadMines).then(|| caller.region())
}

/// The blocks a viewer may read in full: city roles and auditors their city, a county
/// official its county, a reviewer its county when its token names one, else its city.
/// Integrators and anonymous readers read only published blocks.
pub fn block_read_region(viewer: Option<&Caller>) -> Option<Region> {
    let caller = viewer?;
    caller.may_ever(Action::ReadBlocks).then(|| caller.region())
}

/// Whether `caller` reaches every city of the deployment (a deployment-wide token, or a
/// city token where the deployment has no other city), `only_city` being the deployment's
/// one city if it has one: what the deployment's whole audit chain, which every city's
/// entries share, may be shown to.
pub fn reaches_whole_deployment(caller: &Caller, only_city: Option<&str>) -> bool {
    match caller.region() {
        Region::Everywhere => true,
        Region::City(city) => only_city == Some(city.as_str()),
        Region::County(_) => false,
    }
}

/// Whether `viewer` reads the block at `place` in full (its surveys, its clean-mine
/// confirmation, its live eligibility); anyone else reads a published block's
/// announcement data only.
pub fn reads_block_in_full(viewer: Option<&Caller>, place: Place<'_>) -> bool {
    block_read_region(viewer).is_some_and(|region| region.contains(place))
}

/// Whether a mine's holder name may be shown: natural persons are hidden from anyone who
/// cannot read the mine itself (anonymous readers see published data only).
pub fn holder_visible(viewer: Option<&Caller>, natural_person: bool) -> bool {
    !natural_person || mine_read_region(viewer).is_some()
}

#[cfg(test)]
mod tests;
