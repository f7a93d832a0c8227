//! NEW-3's closed mines, stated once. Admission, `closureQuota` and `balanceOutlook` read
//! the same listed mines (one query, built from this specification) and count them here,
//! so the three agree under every setting and for every year.
//!
//! Closures are counted by year (docs/rules.md, NEW-3): for year Y a closure counts when it
//! is due on or before 31 December of Y, or, under the completed-only setting, when its
//! licence cancellation was done by then. A closure due in 2027 opens no place in 2025.

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

    /// The first year `mine` counts as closed in: the year it is due, or under the
    /// completed-only setting the year its licence was cancelled; `None` while it never
    /// counts.
    pub fn counts_from(self, mine: &ListedMine) -> Option<i32> {
        if !self.scheduled(mine) {
            return None;
        }
        if self.completed_only {
            mine.cancelled_on.map(|done| done.year())
        } else {
            Some(mine.due.year())
        }
    }

    /// Whether `mine` counts as closed for `year` (every year the plans reach, when none is
    /// named).
    pub fn counts(self, mine: &ListedMine, year: Option<i32>) -> bool {
        self.counts_from(mine)
            .is_some_and(|from| year.is_none_or(|year| from <= year))
    }

    /// The closed mines among `mines` for `year`, in `county` when one is named.
    pub fn closed(self, mines: &[ListedMine], county: Option<&str>, year: Option<i32>) -> u32 {
        let counted = mines
            .iter()
            .filter(|mine| county.is_none_or(|c| mine.county == c))
            .filter(|mine| self.counts(mine, year))
            .count();
        u32::try_from(counted).unwrap_or(u32::MAX)
    }

    /// The first year from `from` on in which `new_mines` standing new mines leave room for
    /// one more (closed > new), as the plans in force schedule their closures; `None` when
    /// no year they reach does.
    pub fn opens_in(
        self,
        mines: &[ListedMine],
        county: Option<&str>,
        new_mines: i64,
        from: i32,
    ) -> Option<i32> {
        let mut years: Vec<i32> = mines
            .iter()
            .filter(|mine| county.is_none_or(|c| mine.county == c))
            .filter_map(|mine| self.counts_from(mine))
            .map(|year| year.max(from))
            .collect();
        years.push(from);
        years.sort_unstable();
        years.dedup();
        years
            .into_iter()
            .find(|year| i64::from(self.closed(mines, county, Some(*year))) > new_mines)
    }

    /// Per county and year: the mines due to close that year, those of them done, and the
    /// mines that begin to count that year (so the counted figures cumulate to
    /// [`Self::closed`] for each year).
    pub fn by_county_and_year(self, mines: &[ListedMine]) -> BTreeMap<String, BTreeMap<i32, Due>> {
        let mut figures: BTreeMap<String, BTreeMap<i32, Due>> = BTreeMap::new();
        for mine in mines.iter().filter(|mine| self.scheduled(mine)) {
            let years = figures.entry(mine.county.clone()).or_default();
            let due = years.entry(mine.due.year()).or_default();
            due.scheduled += 1;
            due.completed += u32::from(mine.cancelled_on.is_some());
            if let Some(from) = self.counts_from(mine) {
                years.entry(from).or_default().counted += 1;
            }
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
    /// When its licence cancellation was recorded done, if it was.
    pub cancelled_on: Option<NaiveDate>,
}

/// The closures of one county and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Due {
    pub scheduled: u32,
    pub completed: u32,
    /// Mines NEW-3 counts as closed from this year on, under the settings.
    pub counted: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or_default()
    }

    /// A mine due in `year`, its licence cancelled in `done` when given.
    fn listed(id: i64, county: &str, licensed: bool, year: i32, done: Option<i32>) -> ListedMine {
        ListedMine {
            mine_id: id,
            county: county.into(),
            licensed,
            due: day(year),
            cancelled_on: done.map(day),
        }
    }

    fn mines() -> Vec<ListedMine> {
        vec![
            listed(1, "A", true, 2025, Some(2025)),
            listed(2, "A", true, 2026, None),
            listed(3, "A", false, 2025, Some(2025)),
            listed(4, "B", true, 2025, Some(2027)),
        ]
    }

    #[test]
    fn new_3_counts_licensed_mines_and_by_the_setting_only_completed_ones() {
        let table = [
            (false, None, 3),
            (false, Some("A"), 2),
            (false, Some("B"), 1),
            (true, None, 2),
            (true, Some("A"), 1),
            (true, Some("B"), 1),
        ];
        for (completed_only, county, expected) in table {
            let spec = ClosureCounting::from_settings(false, completed_only);
            assert_eq!(
                spec.closed(&mines(), county, None),
                expected,
                "completed only {completed_only}, county {county:?}"
            );
        }
    }

    #[test]
    fn new_3_a_closure_counts_from_the_year_it_is_due_or_by_the_setting_done() {
        // (completed only, year, city-wide closed)
        let table = [
            (false, 2024, 0),
            (false, 2025, 2),
            (false, 2026, 3),
            (false, 2030, 3),
            (true, 2024, 0),
            (true, 2025, 1),
            (true, 2026, 1),
            (true, 2027, 2),
        ];
        for (completed_only, year, expected) in table {
            let spec = ClosureCounting::from_settings(false, completed_only);
            assert_eq!(
                spec.closed(&mines(), None, Some(year)),
                expected,
                "completed only {completed_only}, year {year}"
            );
        }
    }

    #[test]
    fn new_3_the_balance_opens_in_the_first_year_closures_outnumber_new_mines() {
        let spec = ClosureCounting::from_settings(false, false);
        // (county, new mines standing, from, opens in)
        let table = [
            (None, 0, 2024, Some(2025)),
            (None, 0, 2025, Some(2025)),
            (None, 2, 2025, Some(2026)),
            (None, 3, 2025, None),
            (Some("A"), 1, 2024, Some(2026)),
            (Some("B"), 0, 2026, Some(2026)),
            (Some("B"), 1, 2026, None),
        ];
        for (county, new_mines, from, expected) in table {
            assert_eq!(
                spec.opens_in(&mines(), county, new_mines, from),
                expected,
                "{county:?} with {new_mines} new from {from}"
            );
        }
        let completed = ClosureCounting::from_settings(false, true);
        assert_eq!(completed.opens_in(&mines(), None, 1, 2025), Some(2027));
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
    fn new_3_the_years_cumulate_to_what_each_year_counts() {
        for completed_only in [false, true] {
            let spec = ClosureCounting::from_settings(false, completed_only);
            let years = spec.by_county_and_year(&mines());
            for county in ["A", "B"] {
                let mut to_date = 0;
                for year in 2024..=2028 {
                    to_date += years[county].get(&year).map_or(0, |due| due.counted);
                    assert_eq!(
                        to_date,
                        spec.closed(&mines(), Some(county), Some(year)),
                        "{county} {year}, completed only {completed_only}"
                    );
                }
            }
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
