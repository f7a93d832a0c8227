//! "Now" for the whole application: deadlines, suspensions, overdue duties and plan
//! milestones all depend on it, so it is read from one clock in the application state (the
//! system's by default, a fixed one in tests) and nowhere else. The plan's calendar is
//! Asia/Shanghai's (UTC+8, no daylight saving).

use std::fmt::Debug;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync + Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today in Asia/Shanghai: the day the plan's dates are compared with.
    fn today(&self) -> NaiveDate {
        shanghai_date(self.now())
    }
}

/// The clock every part of one application shares.
pub type SharedClock = Arc<dyn Clock>;

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests and replays.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The Asia/Shanghai calendar day of `instant`.
pub fn shanghai_date(instant: DateTime<Utc>) -> NaiveDate {
    FixedOffset::east_opt(8 * 3600).map_or_else(
        || instant.date_naive(),
        |shanghai| instant.with_timezone(&shanghai).date_naive(),
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_plans_day_turns_at_midnight_in_shanghai_not_utc() {
        let before = Utc
            .with_ymd_and_hms(2026, 11, 29, 15, 59, 59)
            .single()
            .expect("t");
        let after = Utc
            .with_ymd_and_hms(2026, 11, 29, 16, 0, 0)
            .single()
            .expect("t");
        assert_eq!(
            FixedClock(before).today(),
            NaiveDate::from_ymd_opt(2026, 11, 29).expect("d")
        );
        assert_eq!(
            FixedClock(after).today(),
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("d")
        );
    }
}
