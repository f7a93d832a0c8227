//! What completing a duty records (docs/rules.md): the day it was done, which may not lie
//! in the future, an optional note, and for a settlement the amount settled.

use chrono::NaiveDate;

use crate::domain::ValidationError;
use crate::domain::amount::wan_yuan;
use crate::domain::mine::plausible_date;
use crate::domain::plan::duties::DutyKind;
use crate::domain::text::{Lines, TextField};

const NOTE: TextField = TextField {
    field: "note",
    label: "完成情况说明",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// The note a completion records, once its day `done_on` is plausible and not after
/// `today`: a duty is recorded as done, never promised.
pub fn completion_note(
    done_on: NaiveDate,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<Option<String>, ValidationError> {
    plausible_date(done_on, "doneOn")?;
    if done_on > today {
        return Err(ValidationError::new(
            "doneOn",
            format!("完成日期不能晚于今天（{today}）"),
        ));
    }
    match note {
        Some(text) => NOTE.clean(text),
        None => Ok(None),
    }
}

/// The amount (万元, a decimal string) a completion records: a settlement (the kind that
/// applies only to valid licences) must record one; other kinds may.
pub fn settlement_amount(
    kind: &DutyKind,
    amount: Option<&str>,
) -> Result<Option<String>, ValidationError> {
    let Some(text) = amount.map(str::trim).filter(|t| !t.is_empty()) else {
        return if kind.valid_licence_only {
            Err(ValidationError::new(
                "amountWanYuan",
                "利益处置须填写补偿或退还金额（万元）",
            ))
        } else {
            Ok(None)
        };
    };
    Ok(Some(wan_yuan(text, "amountWanYuan", false)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Route;
    use crate::domain::plan::duties::{Completion, DueField, Performer};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_duty_is_done_today_or_before_never_later() {
        let today = day(2025, 7, 1);
        assert_eq!(
            completion_note(today, Some(" 已完成 "), today),
            Ok(Some("已完成".into()))
        );
        assert_eq!(completion_note(day(2025, 6, 1), None, today), Ok(None));
        let later = completion_note(day(2025, 7, 2), None, today).expect_err("future");
        assert_eq!(later.field, "doneOn");
    }

    #[test]
    fn a_settlement_records_its_amount() {
        let settlement = DutyKind {
            code: "SETTLEMENT".into(),
            name: "利益处置".into(),
            routes: vec![Route::Exit],
            licensed_only: false,
            valid_licence_only: true,
            due: DueField::CloseBy,
            completes: Completion::Record,
            performer: Performer::Holder,
        };
        let missing = settlement_amount(&settlement, Some("  ")).expect_err("amount");
        assert_eq!(missing.field, "amountWanYuan");
        let record = DutyKind {
            valid_licence_only: false,
            ..settlement.clone()
        };
        assert_eq!(settlement_amount(&record, None), Ok(None));
        assert!(settlement_amount(&settlement, Some("12.5")).is_ok_and(|a| a.is_some()));
    }
}
