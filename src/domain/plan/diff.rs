//! The differences between two revisions of a county plan (`countyPlanDiff`): entries are
//! matched by what they are about (the mine, the block, the group's members, the task, the
//! mineral), so a changed date reads as a change, not as a removal and an addition.

use std::collections::BTreeMap;

use crate::domain::codes::EntryKind;

/// An entry as a diff compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryImage {
    /// What the entry is about, e.g. `CLOSURE:mine:12`; equal keys are the same entry.
    pub key: String,
    pub kind: EntryKind,
    /// A label an official recognises (the mine's or block's name, the task).
    pub label: String,
    /// Its fields, by schema name, as text.
    pub fields: Vec<(&'static str, String)>,
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// How an entry differs between the two revisions.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryChange {
    /// Only in the newer revision.
    Added(EntryImage),
    /// Only in the older revision.
    Removed(EntryImage),
    /// In both, with these fields changed.
    Changed {
        image: EntryImage,
        fields: Vec<FieldChange>,
    },
}

/// The changes from `from` to `to`, by key order.
pub fn diff(from: &[EntryImage], to: &[EntryImage]) -> Vec<EntryChange> {
    let old: BTreeMap<&str, &EntryImage> = from.iter().map(|e| (e.key.as_str(), e)).collect();
    let new: BTreeMap<&str, &EntryImage> = to.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut keys: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| match (old.get(key), new.get(key)) {
            (None, Some(added)) => Some(EntryChange::Added((*added).clone())),
            (Some(removed), None) => Some(EntryChange::Removed((*removed).clone())),
            (Some(before), Some(after)) => {
                let fields = field_changes(before, after);
                (!fields.is_empty()).then(|| EntryChange::Changed {
                    image: (*after).clone(),
                    fields,
                })
            }
            (None, None) => None,
        })
        .collect()
}

fn field_changes(before: &EntryImage, after: &EntryImage) -> Vec<FieldChange> {
    let old: BTreeMap<&str, &String> = before.fields.iter().map(|(k, v)| (*k, v)).collect();
    let new: BTreeMap<&str, &String> = after.fields.iter().map(|(k, v)| (*k, v)).collect();
    let mut names: Vec<&'static str> = before
        .fields
        .iter()
        .chain(after.fields.iter())
        .map(|(k, _)| *k)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|field| {
            let (from, to) = (old.get(field), new.get(field));
            (from != to).then(|| FieldChange {
                field,
                from: from.map(|v| (*v).clone()),
                to: to.map(|v| (*v).clone()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(key: &str, fields: &[(&'static str, &str)]) -> EntryImage {
        EntryImage {
            key: key.into(),
            kind: EntryKind::Closure,
            label: key.into(),
            fields: fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn revisions_differ_by_added_removed_and_changed_entries() {
        let from = [
            image("CLOSURE:mine:1", &[("closeBy", "2025-06-30")]),
            image("CLOSURE:mine:2", &[("closeBy", "2025-06-30")]),
            image("UPGRADE:mine:3", &[("targetScale", "60")]),
        ];
        let to = [
            image("CLOSURE:mine:1", &[("closeBy", "2025-09-30")]),
            image("UPGRADE:mine:3", &[("targetScale", "60")]),
            image(
                "UPGRADE:mine:4",
                &[("targetScale", "80"), ("measures", "绿色矿山")],
            ),
        ];
        let changes = diff(&from, &to);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert_eq!(
            changes[0],
            EntryChange::Changed {
                image: to[0].clone(),
                fields: vec![FieldChange {
                    field: "closeBy",
                    from: Some("2025-06-30".into()),
                    to: Some("2025-09-30".into()),
                }],
            }
        );
        assert_eq!(changes[1], EntryChange::Removed(from[1].clone()));
        assert_eq!(changes[2], EntryChange::Added(to[2].clone()));
    }

    #[test]
    fn a_field_present_on_one_side_only_is_a_change() {
        let from = [image("UPGRADE:mine:3", &[("targetScale", "60")])];
        let to = [image(
            "UPGRADE:mine:3",
            &[("targetScale", "60"), ("recoverableReserves", "500")],
        )];
        let EntryChange::Changed { fields, .. } = &diff(&from, &to)[0] else {
            panic!("expected a change");
        };
        assert_eq!(
            fields,
            &vec![FieldChange {
                field: "recoverableReserves",
                from: None,
                to: Some("500".into()),
            }]
        );
        assert!(diff(&from, &from).is_empty());
    }
}
