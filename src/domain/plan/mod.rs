//! County rectification plans (docs/rules.md): the plan's state machine, its entries and
//! their rules of form, their consistency with the mines' assessments, the differences
//! between two revisions, and the duties that follow an approved closure. Pure: services
//! pass in the assessments, the standards and "today".

pub mod approval;
pub mod completeness;
pub mod completion;
pub mod consistency;
pub mod coordination;
pub mod diff;
pub mod duties;
pub mod entries;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod group;
pub mod progress;
pub mod status;
pub mod submission;

pub use status::{PlanAction, PlanStatus, StepRefused};
