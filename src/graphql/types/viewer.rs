//! `me`: who the token says the caller is.

use async_graphql::SimpleObject;

use crate::domain::access::Caller;
use crate::graphql::types::enums::Role;

/// The authenticated caller.
#[derive(SimpleObject)]
pub struct Viewer {
    pub sub: String,
    pub role: Role,
    pub city: Option<String>,
    pub county: Option<String>,
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
