//! A recorded violation (违法开采查处记录): mining found without the licences the law
//! requires, with the day and the authority that found it. It is history, not state: the
//! mine keeps CLOSE-1 after it is ordered to stop, because the finding rests on what was
//! found, not on what the mine does today.

use chrono::NaiveDate;

use super::plausible_date;
use crate::domain::codes::coded_enum;
use crate::domain::text::TextField;
use crate::domain::{Problems, ValidationError};

coded_enum!(
    /// What the authority found (CLOSE-1, "未依法取得采矿许可证、安全生产许可证擅自从事开采").
    ViolationKind {
        /// Mining without a mining licence.
        NoMiningLicence => "NO_MINING_LICENCE",
        /// Mining without a safety-production licence.
        NoSafetyLicence => "NO_SAFETY_LICENCE",
        /// Mining after the mining licence expired.
        ExpiredLicence => "EXPIRED_LICENCE",
    }
);

impl ViolationKind {
    /// What was found, as the finding and the registry print it.
    pub fn label(self) -> &'static str {
        match self {
            Self::NoMiningLicence => "未取得采矿许可证擅自开采",
            Self::NoSafetyLicence => "未取得安全生产许可证擅自开采",
            Self::ExpiredLicence => "采矿许可证过期后继续开采",
        }
    }

    /// The kind whose label is `text` (the registry's column), if any.
    pub fn from_label(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.label() == text)
    }
}

/// A violation as recorded: what, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    /// The day it was found (查处日期).
    pub found_on: NaiveDate,
    /// The authority that found it (查处机关), trimmed; at most 100 characters.
    pub found_by: String,
}

const FOUND_BY: TextField = TextField::single("violation.foundBy", "查处机关", 100);

impl Violation {
    /// Normalises the authority and checks the day, recording each problem by its field.
    pub(super) fn clean(&mut self, problems: &mut Problems) {
        if let Some(found_by) = problems.check(FOUND_BY.required(&self.found_by)) {
            self.found_by = found_by;
        }
        problems.check(plausible_date(self.found_on, "violation.foundOn"));
    }

    /// A violation cannot have been found after today.
    pub(super) fn check_recorded_on(&self, today: NaiveDate) -> Result<(), ValidationError> {
        if self.found_on > today {
            return Err(ValidationError::new(
                "violation.foundOn",
                format!("查处日期不能晚于今天（{today}）"),
            ));
        }
        Ok(())
    }

    /// Whether it had been found by `as_of` (an assessment of an earlier day does not see
    /// it yet).
    pub fn found_by_day(&self, as_of: NaiveDate) -> bool {
        self.found_on <= as_of
    }
}
