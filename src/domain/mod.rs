//! The pure core: parsed facts, rules and access decisions over plain structs. Nothing here
//! touches the database, the network or the clock; callers pass "today" in.

pub mod access;
pub mod admission;
pub mod amount;
pub mod assessment;
pub mod attachment_entries;
pub mod audit_chain;
pub mod authority;
pub mod block;
pub mod campaign;
pub mod closures;
pub mod codes;
pub mod import;
pub mod labels;
pub mod mine;
pub mod operation;
pub mod outcome;
pub mod outcome_report;
pub mod outlook;
pub mod page;
pub mod places;
pub mod plan;
pub mod quota;
pub mod rule;
pub mod scale;
pub mod scan;
pub mod spatial;
pub mod standards;
pub mod standards_change;
pub mod standards_revision;
pub mod text;
mod validation;

pub use validation::{Problems, ValidationError};
