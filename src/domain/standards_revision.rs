//! When a new standards version may take effect: `effectiveFrom`, not before the newest
//! version's date (docs/rules.md, "Standards versions"), so the version in force never
//! steps back to older figures as the days go on.

use chrono::NaiveDate;

use super::ValidationError;

/// Refuses a revision that would take effect before `current_from`, the effective date of
/// the newest version it is based on.
pub fn takes_effect_after(
    effective_from: NaiveDate,
    current_from: NaiveDate,
) -> Result<(), ValidationError> {
    if effective_from < current_from {
        return Err(ValidationError::new(
            "effectiveFrom",
            format!("生效日期不能早于现行版本的生效日期（{current_from}）"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("date")
    }

    #[test]
    fn a_revision_takes_effect_on_or_after_the_version_it_revises() {
        let cases = [
            (day(3, 1), day(3, 1), true),
            (day(3, 2), day(3, 1), true),
            (day(2, 28), day(3, 1), false),
        ];
        for (effective_from, current_from, allowed) in cases {
            let answer = takes_effect_after(effective_from, current_from);
            assert_eq!(
                answer.is_ok(),
                allowed,
                "{effective_from} after {current_from}"
            );
            if let Err(err) = answer {
                assert_eq!(err.field, "effectiveFrom");
                assert_eq!(
                    err.message,
                    "生效日期不能早于现行版本的生效日期（2026-03-01）"
                );
            }
        }
    }
}
