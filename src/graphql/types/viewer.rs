//! `me`: who the token says the caller is.

use async_graphql::SimpleObject;

use crate::domain::access::Caller;
use crate::graphql::types::enums::Role;

/// The authenticated caller.
#[derive(SimpleObject)]
pub struct Viewer {
    /// The token's subject (`sub` claim): the official's user id.
    pub sub: String,
    /// The caller's role.
    pub role: Role,
    /// Six-digit city division code; a city role whose token names none is given the only
    /// city of a one-city deployment. Null for roles not tied to a city.
    pub city: Option<String>,
    /// Six-digit county division code; set for COUNTY_OFFICIAL, optional for reviewers.
    pub county: Option<String>,
    /// Department code (`FORESTRY`, …); set for DEPARTMENT_REVIEWER.
    pub department: Option<String>,
    /// Token id (for revocation).
    pub jti: String,
}

impl From<&Caller> for Viewer {
    fn from(caller: &Caller) -> Self {
        Self {
            sub: caller.sub.clone(),
            role: caller.role.into(),
            city: caller.city.clone(),
            county: caller.county.clone(),
            department: caller.department.clone(),
            jti: caller.jti.clone(),
        }
    }
}
