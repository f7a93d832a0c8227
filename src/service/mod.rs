//! Use cases. Each mutation is one transaction that checks the caller's scope, changes data
//! and writes its audit entry; each returns domain or entity data, never GraphQL types.

pub mod admission;
pub mod assess_stream;
pub mod assessment;
pub mod audit;
pub mod audit_checkpoints;
pub mod blocks;
pub mod campaigns;
pub mod imports;
pub mod in_force;
pub mod layers;
pub mod mine_queries;
pub mod mine_rows;
pub mod mine_view;
pub mod mines;
pub mod plans;
pub mod rectification;
pub mod reference;
pub mod scans;
pub mod scope;
pub mod standards;
pub mod standards_change;
pub mod stored;
pub mod stored_assessments;
pub mod tokens;
pub mod uploads;
pub mod webhooks;

use crate::domain::access::{Action, Caller, Region, mine_read_region};
use crate::error::{AppError, AppResult, Unauthenticated};

/// The authenticated caller of a mutation, or `UNAUTHENTICATED`.
pub fn require(viewer: Option<&Caller>) -> AppResult<&Caller> {
    viewer.ok_or(AppError::Unauthenticated(Unauthenticated::NoToken))
}

/// The region a signed-in caller reads mines in: `UNAUTHENTICATED` without a token,
/// `FORBIDDEN` for a role that reads none.
pub fn mine_reader_region(viewer: Option<&Caller>) -> AppResult<Region> {
    mine_read_region(Some(require(viewer)?)).ok_or(AppError::Forbidden)
}

/// `FORBIDDEN`, naming the roles that may, unless the caller's role may ever do `action`
/// (checked before any row is read, so an out-of-role request learns nothing of rows).
pub fn permitted(caller: &Caller, action: Action) -> AppResult<()> {
    if caller.may_ever(action) {
        Ok(())
    } else {
        Err(AppError::RoleLacks(action))
    }
}

/// A required free-text argument (a reason, a comment), trimmed and non-empty.
pub fn required_reason(value: &str, field: &str) -> AppResult<String> {
    let text = value.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, "须填写理由"));
    }
    Ok(text.to_owned())
}
