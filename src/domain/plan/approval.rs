//! The duties an approval creates (docs/rules.md): those of each entry's subjects under the
//! duty kinds in force, a duty the replaced revision already had done (same mine or group,
//! same kind) keeping its done day, note and amount, so a revision never undoes work.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::plan::duties::{DutyEntry, DutyKind, NewDuty, duties_for};

/// What a duty is about, whatever revision holds it: its mine, or its group's mines,
/// sorted, joined.
pub fn subject_key(mine_ids: &[i64]) -> String {
    let mut ids = mine_ids.to_vec();
    ids.sort_unstable();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// What a done duty recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DoneRecord {
    /// The day it was done.
    pub done_on: Option<NaiveDate>,
    /// The county's note on it.
    pub note: Option<String>,
    /// Settlement amount, 万元, a decimal string.
    pub amount_wan_yuan: Option<String>,
}

/// The done duties of the replaced revision by (subject key, duty kind code).
pub type DoneDuties = HashMap<(String, String), DoneRecord>;

/// An entry of the plan being approved that sets a route, as its duties read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedEntry {
    /// Whom its duties concern: each of its mines, or the group as one.
    pub subjects: Vec<DutyEntry>,
    /// Every mine it lists (the subject key its done duties are found by).
    pub mine_ids: Vec<i64>,
}

/// A duty to create, with what it carries over from the replaced revision.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedDuty<'a> {
    pub duty: NewDuty,
    /// What the replaced revision's same duty recorded as done, if it was done.
    pub carried: Option<&'a DoneRecord>,
}

/// The duties of `entries` (in order) under `kinds`, for a plan approved on `approved_on`
/// in `county` (the county government's name), each with what `earlier` had done.
pub fn planned_duties<'a>(
    entries: &[ApprovedEntry],
    kinds: &[DutyKind],
    approved_on: NaiveDate,
    county: &str,
    earlier: &'a DoneDuties,
) -> Vec<PlannedDuty<'a>> {
    let mut planned = Vec::new();
    for entry in entries {
        let group = subject_key(&entry.mine_ids);
        for subject in &entry.subjects {
            // A mine's duty is the mine's (a group member's too), the group's is the group's.
            let key = subject
                .mine
                .as_ref()
                .map_or_else(|| group.clone(), |mine| subject_key(&[mine.id]));
            for duty in duties_for(subject, kinds, approved_on, county) {
                let carried = earlier.get(&(key.clone(), duty.kind.clone()));
                planned.push(PlannedDuty { duty, carried });
            }
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Route;
    use crate::domain::plan::duties::{Completion, DueField, EntryDates, Performer};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_subject_is_its_mines_in_any_order() {
        assert_eq!(subject_key(&[12, 3, 7]), "3,7,12");
        assert_eq!(subject_key(&[]), "");
    }

    #[test]
    fn a_duty_done_under_the_replaced_revision_stays_done() {
        let kinds = [DutyKind {
            code: "UPGRADE_DONE".into(),
            name: "升级改造完成".into(),
            routes: vec![Route::Upgrade],
            licensed_only: false,
            valid_licence_only: false,
            due: DueField::CompleteBy,
            completes: Completion::Record,
            performer: Performer::County,
        }];
        let subject = |entry_id| DutyEntry {
            entry_id,
            route: Route::Upgrade,
            mine: None,
            group_holder: None,
            dates: EntryDates {
                complete_by: Some(day(2025, 12, 31)),
                ..EntryDates::default()
            },
        };
        let entries = [
            ApprovedEntry {
                subjects: vec![subject(1)],
                mine_ids: vec![5, 4],
            },
            ApprovedEntry {
                subjects: vec![subject(2)],
                mine_ids: vec![6],
            },
        ];
        let done = DoneRecord {
            done_on: Some(day(2025, 3, 1)),
            ..DoneRecord::default()
        };
        let earlier = DoneDuties::from([(("4,5".into(), "UPGRADE_DONE".into()), done.clone())]);
        let planned = planned_duties(&entries, &kinds, day(2025, 2, 1), "泽州县", &earlier);
        let carried: Vec<_> = planned
            .iter()
            .map(|p| (p.duty.entry_id, p.carried))
            .collect();
        assert_eq!(carried, vec![(1, Some(&done)), (2, None)]);
    }
}
