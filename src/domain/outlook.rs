//! The balance outlook: for each year the approved plans cover, the closures scheduled and
//! done against the new mines proposed and admitted, cumulated as NEW-3 counts them, so the city sees in which year 关设并举 would break before it admits
//! anything.

use std::collections::BTreeMap;

/// What one year holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YearFigures {
    /// Licensed mines whose closure is due that year (close-by dates).
    pub closures_scheduled: u32,
    /// Of those, the ones whose licence cancellation is done.
    pub closures_completed: u32,
    /// Of those, the ones NEW-3 counts as closed under the city's settings.
    pub closures_counted: u32,
    /// New-mine entries proposing that year as the transfer year.
    pub new_proposed: u32,
    /// Of those, the ones admitted into the transfer plan.
    pub new_admitted: u32,
}

/// One year of the outlook, with the running balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlookYear {
    pub year: i32,
    pub figures: YearFigures,
    /// Closed mines up to this year, as NEW-3 counts them.
    pub closed_to_date: u32,
    /// New mines proposed up to this year.
    pub new_to_date: u32,
    /// Whether the new mines outnumber the closures by this year.
    pub breaks: bool,
}

/// The outlook year by year, cumulating the closures NEW-3 counts against the new mines
/// proposed.
pub fn outlook(by_year: &BTreeMap<i32, YearFigures>) -> Vec<OutlookYear> {
    let (mut closed, mut new) = (0u32, 0u32);
    by_year
        .iter()
        .map(|(&year, figures)| {
            closed += figures.closures_counted;
            new += figures.new_proposed;
            OutlookYear {
                year,
                figures: *figures,
                closed_to_date: closed,
                new_to_date: new,
                breaks: new > closed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(counted: u32, proposed: u32) -> YearFigures {
        YearFigures {
            closures_scheduled: counted,
            closures_completed: 0,
            closures_counted: counted,
            new_proposed: proposed,
            new_admitted: 0,
        }
    }

    /// NEW-3 cumulated over the years: the year new mines overtake closures breaks.
    #[test]
    fn new_3_breaks_in_the_first_year_new_mines_outnumber_closures_to_date() {
        let years = BTreeMap::from([
            (2025, figures(3, 1)),
            (2026, figures(0, 2)),
            (2027, figures(1, 2)),
        ]);
        let cumulated: Vec<(u32, u32, bool)> = outlook(&years)
            .iter()
            .map(|y| (y.closed_to_date, y.new_to_date, y.breaks))
            .collect();
        assert_eq!(cumulated, vec![(3, 1, false), (3, 3, false), (4, 5, true)]);
    }
}
