//! A mine's recorded violation (违法开采查处记录), as written and read: what an authority
//! found, the day and the authority. CLOSE-1 rests on it after the mine stops.

use async_graphql::{Enum, InputObject, SimpleObject};

use crate::domain::mine;
use crate::graphql::types::date::Date;

/// What an authority found a mine mining without (CLOSE-1).
#[allow(clippy::enum_variant_names)] // each names the licence that was missing
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "mine::ViolationKind")]
pub enum ViolationKind {
    /// Mining without a mining licence (未取得采矿许可证擅自开采).
    NoMiningLicence,
    /// Mining without a safety-production licence (未取得安全生产许可证擅自开采).
    NoSafetyLicence,
    /// Mining after the mining licence expired (采矿许可证过期后继续开采).
    ExpiredLicence,
}

/// A violation to record: CLOSE-1 from `foundOn` on, whatever the mine does since.
#[derive(InputObject, Clone)]
pub struct ViolationInput {
    /// What was found.
    pub kind: ViolationKind,
    /// The day it was found (查处日期), not after today.
    pub found_on: Date,
    /// The authority that found it (查处机关), at most 100 characters.
    pub found_by: String,
}

impl From<ViolationInput> for mine::Violation {
    fn from(input: ViolationInput) -> Self {
        Self {
            kind: input.kind.into(),
            found_on: input.found_on.into(),
            found_by: input.found_by,
        }
    }
}

/// A recorded violation: what an authority found, when and who.
#[derive(SimpleObject)]
#[graphql(name = "Violation")]
pub struct ViolationView {
    /// What was found.
    pub kind: ViolationKind,
    /// The day it was found (查处日期).
    pub found_on: Date,
    /// The authority that found it (查处机关).
    pub found_by: String,
}

impl From<mine::Violation> for ViolationView {
    fn from(violation: mine::Violation) -> Self {
        Self {
            kind: violation.kind.into(),
            found_on: violation.found_on.into(),
            found_by: violation.found_by,
        }
    }
}
