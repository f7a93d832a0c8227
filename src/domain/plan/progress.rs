//! Where each county stands against its campaign's milestones (docs/rules.md: "milestones
//! flag lateness, they never block a late filing"). A milestone names what it measures, so
//! later campaigns with other milestones need no code:
//! - `LISTS_FILED`: the county's three lists first filed complete (`fileCountyLists`), or
//!   its plan first submitted, which needs them complete: opening an empty plan is not it;
//! - `PLAN_SUBMITTED`: the county's plan first submitted to the city;
//! - `RECTIFICATION_DONE`: every close/exit, upgrade and integration entry of the in-force
//!   plan done: each duty due by its entry's own deadline (closing, settling, cancelling,
//!   the upgrade's milestones), whenever that deadline falls; aftercare due later
//!   (restoration) does not hold it back;
//! - `NONE`: a city-level milestone, not measured per county.

use chrono::NaiveDate;

/// What a milestone measures a county by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    ListsFiled,
    PlanSubmitted,
    RectificationDone,
    None,
}

impl Measure {
    const CODES: [(Measure, &'static str); 4] = [
        (Measure::ListsFiled, "LISTS_FILED"),
        (Measure::PlanSubmitted, "PLAN_SUBMITTED"),
        (Measure::RectificationDone, "RECTIFICATION_DONE"),
        (Measure::None, "NONE"),
    ];

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::CODES
            .iter()
            .find(|(_, stored)| *stored == code)
            .map(|(measure, _)| *measure)
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(measure, _)| *measure == self)
            .map_or("NONE", |(_, code)| code)
    }
}

/// A duty of the in-force plan, as progress reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DutyState {
    /// The entry it follows from.
    pub entry_id: i64,
    pub due_by: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// Due by its entry's own deadline (关闭退出时间, 完成时间): the rectification itself,
    /// not the aftercare that follows it.
    pub rectifying: bool,
}

/// What is known of one county.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyFacts {
    /// The day it first filed a revision's three lists complete (`fileCountyLists`).
    pub lists_filed_on: Option<NaiveDate>,
    /// The day its plan was first submitted.
    pub first_submitted_on: Option<NaiveDate>,
    /// Whether a plan of the county is in force.
    pub in_force: bool,
    /// The duties of the in-force plan.
    pub duties: Vec<DutyState>,
}

/// A county against one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneState {
    /// Whether the milestone is measured per county.
    pub tracked: bool,
    /// The day the county met it, if it has.
    pub met_on: Option<NaiveDate>,
    /// Met after its day, or not met and its day has passed.
    pub late: bool,
}

/// Where `county` stands on `today` against a milestone due `due_on` measuring `measure`.
pub fn milestone_state(
    measure: Measure,
    due_on: NaiveDate,
    county: &CountyFacts,
    today: NaiveDate,
) -> MilestoneState {
    let met_on = match measure {
        Measure::None => {
            return MilestoneState {
                tracked: false,
                met_on: None,
                late: false,
            };
        }
        // Submission needs complete lists too, so it files them if they were not before.
        Measure::ListsFiled => match (county.lists_filed_on, county.first_submitted_on) {
            (Some(filed), Some(submitted)) => Some(filed.min(submitted)),
            (filed, submitted) => filed.or(submitted),
        },
        Measure::PlanSubmitted => county.first_submitted_on,
        Measure::RectificationDone => rectified_on(county),
    };
    let late = match met_on {
        Some(day) => day > due_on,
        None => today > due_on,
    };
    MilestoneState {
        tracked: true,
        met_on,
        late,
    }
}

/// The day the county's rectification was done (the latest day of its rectifying duties),
/// for an in-force plan; `None` while one is open or no plan is in force. An entry due
/// after the milestone holds it back like any other: the seed's deadline is checked, not
/// assumed. A plan with nothing to rectify is done when it was filed.
fn rectified_on(county: &CountyFacts) -> Option<NaiveDate> {
    if !county.in_force {
        return None;
    }
    let mut latest: Option<NaiveDate> = None;
    for duty in county.duties.iter().filter(|d| d.rectifying) {
        let done = duty.done_on?;
        latest = Some(latest.map_or(done, |l| l.max(done)));
    }
    latest.or(county.first_submitted_on)
}

/// The entries of the in-force plan whose rectifying duties are not all done, by id.
pub fn entries_left(county: &CountyFacts) -> Vec<i64> {
    let mut left: Vec<i64> = county
        .duties
        .iter()
        .filter(|d| d.rectifying && d.done_on.is_none())
        .map(|d| d.entry_id)
        .collect();
    left.sort_unstable();
    left.dedup();
    left
}

/// An entry due after its campaign's rectification milestone: flagged, never refused
/// (milestones block nothing), with the days it runs past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateEntry {
    pub entry_id: i64,
    pub due_by: NaiveDate,
    pub days_past: i64,
}

impl LateEntry {
    /// The warning an official reads, against the milestone `milestone`.
    pub fn warning(&self, milestone: NaiveDate) -> String {
        format!(
            "完成时间{}晚于整治完成时限{milestone}（超出{}天）",
            self.due_by, self.days_past
        )
    }
}

/// The entries, of `(id, deadline)`, due after `milestone`, in the order given.
pub fn late_entries(
    entries: impl IntoIterator<Item = (i64, NaiveDate)>,
    milestone: NaiveDate,
) -> Vec<LateEntry> {
    entries
        .into_iter()
        .filter(|(_, due_by)| *due_by > milestone)
        .map(|(entry_id, due_by)| LateEntry {
            entry_id,
            due_by,
            days_past: (due_by - milestone).num_days(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    /// LISTS_FILED: met by the first filing of complete lists, or by the first submission
    /// when that came first; a county that has only opened a plan has not filed.
    #[test]
    fn lists_filed_is_met_by_filing_or_submitting_not_by_opening() {
        let due = day(2024, 12, 31);
        let today = day(2025, 3, 1);
        let cases = [
            (None, None, None, true),
            (
                Some(day(2024, 12, 20)),
                None,
                Some(day(2024, 12, 20)),
                false,
            ),
            (
                Some(day(2025, 1, 10)),
                Some(day(2024, 12, 30)),
                Some(day(2024, 12, 30)),
                false,
            ),
            (None, Some(day(2025, 1, 20)), Some(day(2025, 1, 20)), true),
        ];
        for (filed, submitted, met_on, late) in cases {
            let county = CountyFacts {
                lists_filed_on: filed,
                first_submitted_on: submitted,
                ..CountyFacts::default()
            };
            let state = milestone_state(Measure::ListsFiled, due, &county, today);
            assert_eq!(
                (state.met_on, state.late),
                (met_on, late),
                "{filed:?} {submitted:?}"
            );
        }
    }

    /// docs/rules.md: county plans due 2025-01-31; one county filed on 2025-04-01, late.
    #[test]
    fn a_plan_filed_after_its_milestone_is_late_and_one_not_filed_is_late_once_due() {
        let due = day(2025, 1, 31);
        let filed = |on| CountyFacts {
            first_submitted_on: on,
            ..CountyFacts::default()
        };
        let cases = [
            (
                filed(Some(day(2025, 1, 31))),
                day(2025, 6, 1),
                Some(day(2025, 1, 31)),
                false,
            ),
            (
                filed(Some(day(2025, 4, 1))),
                day(2025, 6, 1),
                Some(day(2025, 4, 1)),
                true,
            ),
            (filed(None), day(2025, 1, 31), None, false),
            (filed(None), day(2025, 2, 1), None, true),
        ];
        for (county, today, met_on, late) in cases {
            let state = milestone_state(Measure::PlanSubmitted, due, &county, today);
            assert_eq!(
                (state.met_on, state.late),
                (met_on, late),
                "{county:?} {today}"
            );
            assert!(state.tracked);
        }
    }

    #[test]
    fn rectification_is_done_when_every_entry_is_done_whenever_it_is_due() {
        let due = day(2025, 12, 31);
        let duty = |entry_id, due_by, done_on, rectifying| DutyState {
            entry_id,
            due_by,
            done_on,
            rectifying,
        };
        let county = CountyFacts {
            first_submitted_on: Some(day(2025, 1, 20)),
            in_force: true,
            duties: vec![
                duty(1, day(2025, 6, 30), Some(day(2025, 6, 1)), true),
                duty(2, day(2025, 9, 30), Some(day(2025, 10, 5)), true),
                // Restoration after the closure does not hold the milestone back.
                duty(1, day(2026, 6, 30), None, false),
            ],
            ..CountyFacts::default()
        };
        let on = |county: &CountyFacts, today| {
            let state = milestone_state(Measure::RectificationDone, due, county, today);
            (state.met_on, state.late)
        };
        assert_eq!(
            on(&county, day(2026, 1, 5)),
            (Some(day(2025, 10, 5)), false)
        );
        assert_eq!(entries_left(&county), Vec::<i64>::new());
        let mut open = county.clone();
        open.duties[0].done_on = None;
        assert_eq!(on(&open, day(2026, 1, 5)), (None, true));
        assert_eq!(entries_left(&open), vec![1]);
        // An entry due after the milestone is not left out: the county is late until it
        // is done, and late once it is.
        let mut after = county.clone();
        after.duties.push(duty(3, day(2026, 3, 31), None, true));
        assert_eq!(on(&after, day(2025, 12, 1)), (None, false));
        assert_eq!(on(&after, day(2026, 1, 5)), (None, true));
        assert_eq!(entries_left(&after), vec![3]);
        after.duties[3].done_on = Some(day(2026, 3, 1));
        assert_eq!(on(&after, day(2026, 4, 1)), (Some(day(2026, 3, 1)), true));
        let not_in_force = CountyFacts {
            in_force: false,
            ..county
        };
        assert_eq!(on(&not_in_force, day(2025, 3, 1)), (None, false));
    }

    #[test]
    fn entries_due_after_the_milestone_are_flagged_with_the_days_past() {
        let milestone = day(2025, 12, 31);
        let entries = [
            (1, day(2025, 6, 30)),
            (2, day(2025, 12, 31)),
            (3, day(2026, 1, 1)),
            (4, day(2026, 6, 30)),
        ];
        assert_eq!(
            late_entries(entries, milestone),
            vec![
                LateEntry {
                    entry_id: 3,
                    due_by: day(2026, 1, 1),
                    days_past: 1
                },
                LateEntry {
                    entry_id: 4,
                    due_by: day(2026, 6, 30),
                    days_past: 181
                },
            ]
        );
    }

    #[test]
    fn city_level_milestones_are_not_measured_per_county() {
        let state = milestone_state(
            Measure::None,
            day(2025, 12, 31),
            &CountyFacts::default(),
            day(2026, 6, 1),
        );
        assert_eq!(
            state,
            MilestoneState {
                tracked: false,
                met_on: None,
                late: false
            }
        );
        assert_eq!(Measure::parse("LISTS_FILED"), Some(Measure::ListsFiled));
        assert_eq!(Measure::parse("lists_filed"), None);
        for (measure, code) in Measure::CODES {
            assert_eq!(
                (Measure::parse(code), measure.code()),
                (Some(measure), code)
            );
        }
    }
}
