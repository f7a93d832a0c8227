//! `PlanDiff`: how two revisions of one county's plan differ, entry by entry.

use async_graphql::{Enum, ID, SimpleObject};

use super::entries::PlanEntryKind;
use crate::domain::plan::diff::EntryChange;

/// How an entry differs between two revisions.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    /// Only in the newer revision.
    Added,
    /// Only in the older revision.
    Removed,
    /// In both, with fields changed.
    Changed,
}

/// One changed field.
#[derive(SimpleObject)]
pub struct FieldChange {
    /// The changed field's name, as the schema writes it.
    pub field: String,
    /// Its value in the revision compared from, as text; null when not set there.
    pub from: Option<String>,
    /// Its value in the revision compared to, as text; null when not set there.
    pub to: Option<String>,
}

/// One entry's difference.
#[derive(SimpleObject)]
pub struct PlanEntryChange {
    /// Whether the entry was added, removed or changed.
    pub change: ChangeType,
    /// The kind of entry.
    pub kind: PlanEntryKind,
    /// What the entry is about (`CLOSURE:mines:12`).
    pub key: String,
    /// The mine's or block's name, the task, the mineral.
    pub label: String,
    /// For `CHANGED`: the fields that differ.
    pub fields: Vec<FieldChange>,
}

/// The differences between two revisions of one county's plan.
#[derive(SimpleObject)]
pub struct PlanDiff {
    /// Id of the revision the changes are read from.
    pub from_id: ID,
    /// Id of the revision the changes lead to.
    pub to_id: ID,
    /// Every entry added, removed or changed, by what the entry is about.
    pub changes: Vec<PlanEntryChange>,
}

impl PlanDiff {
    /// The diff of two revisions.
    pub fn new(from: i64, to: i64, changes: Vec<EntryChange>) -> Self {
        let changes = changes
            .into_iter()
            .map(|change| match change {
                EntryChange::Added(image) => (ChangeType::Added, image, Vec::new()),
                EntryChange::Removed(image) => (ChangeType::Removed, image, Vec::new()),
                EntryChange::Changed { image, fields } => (ChangeType::Changed, image, fields),
            })
            .map(|(change, image, fields)| PlanEntryChange {
                change,
                kind: image.kind.into(),
                key: image.key,
                label: image.label,
                fields: fields
                    .into_iter()
                    .map(|f| FieldChange {
                        field: f.field.to_owned(),
                        from: f.from,
                        to: f.to,
                    })
                    .collect(),
            })
            .collect();
        PlanDiff {
            from_id: ID(from.to_string()),
            to_id: ID(to.to_string()),
            changes,
        }
    }
}
