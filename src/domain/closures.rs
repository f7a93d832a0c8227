//! NEW-3's closed mines, stated once. Admission, `closureQuota` and `balanceOutlook` read
//! the same listed mines (one query, built from this specification) and count them here,
//! so the three agree under every setting.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::codes::EntryKind;

/// How a city counts its closed mines: the rule's fixed reading and the city's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosureCounting {
    /// Members of integration groups count as closed (a setting; off by default: the group
    /// becomes one mine, it does not close them).
    pub integration_members: bool,
    /// Only mines whose licence cancellation is done count (a setting; off by default).
    pub completed_only: bool,
    /// Sites that never held a licence never count: the licensed total must only fall.
    pub licensed_only: bool,
}

impl ClosureCounting {
    /// The counting the city's two settings ask for.
    pub fn from_settings(integration_members: bool, completed_only: bool) -> Self {
        Self {
            integration_members,
            completed_only,
            licensed_only: true,
        }
    }

    /// The kinds of plan entry whose mines are listed as closing.
    pub fn entry_kinds(self) -> Vec<EntryKind> {
        let mut kinds = vec![EntryKind::Closure];
        if self.integration_members {
            kinds.push(EntryKind::Integration);
        }
        kinds
    }

    /// Whether `mine` is scheduled to close as the rule reads it (done or not).
    pub fn scheduled(self, mine: &ListedMine) -> bool {
        !self.licensed_only || mine.licensed
    }

    /// Whether `mine` counts as closed now.
    pub fn counts(self, mine: &ListedMine) -> bool {
        self.scheduled(mine) && (!self.completed_only || mine.cancelled)
    }

    /// The closed mines among `mines`, in `county` when one is named.
    pub fn closed(self, mines: &[ListedMine], county: Option<&str>) -> u32 {
        let counted = mines
            .iter()
            .filter(|mine| county.is_none_or(|c| mine.county == c))
            .filter(|mine| self.counts(mine))
            .count();
        u32::try_from(counted).unwrap_or(u32::MAX)
    }

    /// Per county and year the mine is due to close: the mines scheduled, those done, and
    /// those that count.
    pub fn by_county_and_year(self, mines: &[ListedMine]) -> BTreeMap<String, BTreeMap<i32, Due>> {
        let mut figures: BTreeMap<String, BTreeMap<i32, Due>> = BTreeMap::new();
        for mine in mines.iter().filter(|mine| self.scheduled(mine)) {
            let due = figures
                .entry(mine.county.clone())
                .or_default()
                .entry(mine.due.year())
                .or_default();
            due.scheduled += 1;
            due.completed += u32::from(mine.cancelled);
            due.counted += u32::from(self.counts(mine));
        }
        figures
    }
}

/// A mine on a list of a plan in force, once however many entries list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedMine {
    pub mine_id: i64,
    pub county: String,
    /// Holds a mining licence (a number is recorded).
    pub licensed: bool,
    /// The earliest date an entry listing it is due by (close-by, or a group's complete-by).
    pub due: NaiveDate,
    /// Its licence cancellation is recorded done.
    pub cancelled: bool,
}

/// The closures of one county and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Due {
    pub scheduled: u32,
    pub completed: u32,
    /// Those NEW-3 counts as closed under the settings.
    pub counted: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: i64, county: &str, licensed: bool, year: i32, cancelled: bool) -> ListedMine {
        ListedMine {
            mine_id: id,
            county: county.into(),
            licensed,
            due: NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or_default(),
            cancelled,
        }
    }

    fn mines() -> Vec<ListedMine> {
        vec![
            listed(1, "A", true, 2025, true),
            listed(2, "A", true, 2026, false),
            listed(3, "A", false, 2025, true),
            listed(4, "B", true, 2025, false),
        ]
    }

    #[test]
    fn new_3_counts_licensed_mines_and_by_the_setting_only_completed_ones() {
        let table = [
            (false, None, 3),
            (false, Some("A"), 2),
            (false, Some("B"), 1),
            (true, None, 1),
            (true, Some("A"), 1),
            (true, Some("B"), 0),
        ];
        for (completed_only, county, expected) in table {
            let spec = ClosureCounting::from_settings(false, completed_only);
            assert_eq!(
                spec.closed(&mines(), county),
                expected,
                "completed only {completed_only}, county {county:?}"
            );
        }
    }

    #[test]
    fn new_3_integration_members_are_listed_only_by_the_setting() {
        let kinds = |members| ClosureCounting::from_settings(members, false).entry_kinds();
        assert_eq!(kinds(false), vec![EntryKind::Closure]);
        assert_eq!(
            kinds(true),
            vec![EntryKind::Closure, EntryKind::Integration]
        );
    }

    #[test]
    fn new_3_the_years_hold_what_the_total_counts() {
        for completed_only in [false, true] {
            let spec = ClosureCounting::from_settings(false, completed_only);
            let years = spec.by_county_and_year(&mines());
            let counted: u32 = years
                .values()
                .flat_map(|years| years.values())
                .map(|due| due.counted)
                .sum();
            assert_eq!(counted, spec.closed(&mines(), None));
            let a = &years["A"];
            assert_eq!(
                (a[&2025].scheduled, a[&2025].completed),
                (1, 1),
                "the unlicensed site is not scheduled"
            );
            assert_eq!(a[&2026].completed, 0);
        }
    }
}
