//! Query roots, one per feature, merged into [`Query`].

mod audit;
mod mines;

pub use mines::parse_id;
mod reference;

use async_graphql::MergedObject;

/// The query root.
#[derive(MergedObject, Default)]
pub struct Query(
    reference::ReferenceQuery,
    mines::MineQuery,
    audit::AuditQuery,
);
