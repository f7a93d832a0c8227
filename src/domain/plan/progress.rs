//! Where each county stands against its campaign's milestones (docs/rules.md: "milestones
//! flag lateness, they never block a late filing"). A milestone names what it measures, so
//! later campaigns with other milestones need no code:
//! - `LISTS_FILED`: the county's first plan opened (its three batches entered);
//! - `PLAN_SUBMITTED`: the county's plan first submitted to the city;
//! - `RECTIFICATION_DONE`: every duty of the in-force plan due by the milestone done;
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
    pub due_by: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// What is known of one county.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyFacts {
    /// The day its first plan was opened.
    pub first_opened_on: Option<NaiveDate>,
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
        Measure::ListsFiled => county.first_opened_on,
        Measure::PlanSubmitted => county.first_submitted_on,
        Measure::RectificationDone => rectified_on(county, due_on),
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

/// The day every duty due by `due_on` was done (the latest of their days), for an in-force
/// plan; `None` while one is open or no plan is in force.
fn rectified_on(county: &CountyFacts, due_on: NaiveDate) -> Option<NaiveDate> {
    if !county.in_force {
        return None;
    }
    let mut latest: Option<NaiveDate> = None;
    for duty in county.duties.iter().filter(|d| d.due_by <= due_on) {
        let done = duty.done_on?;
        latest = Some(latest.map_or(done, |l| l.max(done)));
    }
    latest.or(county.first_submitted_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
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
    fn rectification_is_done_when_every_duty_due_by_the_milestone_is_done() {
        let due = day(2025, 12, 31);
        let duty = |due_by, done_on| DutyState { due_by, done_on };
        let county = CountyFacts {
            first_submitted_on: Some(day(2025, 1, 20)),
            in_force: true,
            duties: vec![
                duty(day(2025, 6, 30), Some(day(2025, 6, 1))),
                duty(day(2025, 9, 30), Some(day(2025, 10, 5))),
                // Restoration due in 2026 does not hold the 2025 milestone back.
                duty(day(2026, 6, 30), None),
            ],
            ..CountyFacts::default()
        };
        let state = milestone_state(Measure::RectificationDone, due, &county, day(2026, 1, 5));
        assert_eq!((state.met_on, state.late), (Some(day(2025, 10, 5)), false));
        let mut open = county.clone();
        open.duties[0].done_on = None;
        let state = milestone_state(Measure::RectificationDone, due, &open, day(2026, 1, 5));
        assert_eq!((state.met_on, state.late), (None, true));
        let not_in_force = CountyFacts {
            in_force: false,
            ..county
        };
        let state = milestone_state(
            Measure::RectificationDone,
            due,
            &not_in_force,
            day(2025, 3, 1),
        );
        assert_eq!((state.met_on, state.late), (None, false));
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
