//! What a trading platform's report makes of a transfer-plan entry (docs/api.md,
//! `reportTransferOutcome`): the outcome must follow the entry's current one
//! ([`follows`]), its day lie between a plausible year and today, and only a sale names a
//! winning bidder and a price. The place the entry then holds is [`holds_place`]'s answer.

use chrono::NaiveDate;

use super::ValidationError;
use super::amount::wan_yuan;
use super::codes::TransferOutcome;
use super::mine::plausible_date;
use super::outcome::{follows, holds_place};
use super::text::TextField;

const BIDDER: TextField = TextField::single("winningBidder", "竞得人", 200);

/// What a platform reports of an entry.
#[derive(Debug, Clone, Copy)]
pub struct Reported<'a> {
    /// What became of the block.
    pub outcome: TransferOutcome,
    /// The day it happened.
    pub date: NaiveDate,
    /// Who won it, as reported (a sale only).
    pub winning_bidder: Option<&'a str>,
    /// The price in 万元, as reported (a sale only).
    pub price_wan_yuan: Option<&'a str>,
}

/// The entry as a report leaves it, besides the outcome and its day.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedState {
    /// Whether the entry holds a place after the report.
    pub holds_place: bool,
    /// The winning bidder, cleaned (a sale only).
    pub winning_bidder: Option<String>,
    /// The price in 万元, checked (a sale only).
    pub price_wan_yuan: Option<String>,
}

/// Why a report is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportRefusal {
    /// The outcome cannot follow the entry's state (a withdrawn entry takes none); the
    /// message names both.
    OutOfOrder(String),
    /// The report's input breaks a rule of form.
    Invalid(ValidationError),
}

impl From<ValidationError> for ReportRefusal {
    fn from(err: ValidationError) -> Self {
        ReportRefusal::Invalid(err)
    }
}

/// Decides `report` against an entry whose outcome is `current` (`withdrawn` when it left
/// the plan), on `today`: the order first, then the day, then the sale's figures.
pub fn decide(
    current: Option<TransferOutcome>,
    withdrawn: bool,
    report: Reported<'_>,
    today: NaiveDate,
) -> Result<ReportedState, ReportRefusal> {
    if withdrawn || !follows(current, report.outcome) {
        return Err(ReportRefusal::OutOfOrder(format!(
            "当前状态（{}）之后不能报告{}",
            current.map_or("未公告", |c| c.code()),
            report.outcome.code()
        )));
    }
    let holds = holds_place(Some(report.outcome), false);
    plausible_date(report.date, "date")?;
    if report.date > today {
        return Err(ValidationError::new("date", "日期不能晚于今天").into());
    }
    let (winning_bidder, price_wan_yuan) = match report.outcome {
        TransferOutcome::Sold => (
            Some(BIDDER.required(report.winning_bidder.unwrap_or_default())?),
            Some(wan_yuan(
                report.price_wan_yuan.unwrap_or_default(),
                "priceWanYuan",
                true,
            )?),
        ),
        _ if report.winning_bidder.is_some() || report.price_wan_yuan.is_some() => {
            return Err(ValidationError::new(
                "winningBidder",
                "只有成交（SOLD）才报告竞得人和成交价",
            )
            .into());
        }
        _ => (None, None),
    };
    Ok(ReportedState {
        holds_place: holds,
        winning_bidder,
        price_wan_yuan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::TransferOutcome::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("date")
    }

    fn reported(outcome: TransferOutcome) -> Reported<'static> {
        Reported {
            outcome,
            date: day(3, 1),
            winning_bidder: None,
            price_wan_yuan: None,
        }
    }

    fn sale<'a>(bidder: Option<&'a str>, price: Option<&'a str>) -> Reported<'a> {
        Reported {
            winning_bidder: bidder,
            price_wan_yuan: price,
            ..reported(Sold)
        }
    }

    /// What `decide` answers on 10 March, in short: `None` when the report passes, else
    /// "out of order" or the field its input breaks.
    fn refusal(
        current: Option<TransferOutcome>,
        withdrawn: bool,
        report: Reported<'_>,
    ) -> Option<String> {
        match decide(current, withdrawn, report, day(3, 10)) {
            Ok(_) => None,
            Err(ReportRefusal::OutOfOrder(_)) => Some("out of order".into()),
            Err(ReportRefusal::Invalid(err)) => Some(err.field),
        }
    }

    #[test]
    fn new_6_a_report_follows_the_entry_then_has_a_past_day_and_only_a_sale_names_a_bidder() {
        let on = |date, outcome| Reported {
            date,
            ..reported(outcome)
        };
        let long_ago = NaiveDate::from_ymd_opt(1900, 3, 1).expect("date");
        let unsold_with_bidder = Reported {
            winning_bidder: Some("某公司"),
            ..reported(Unsold)
        };
        let out_of_order = Some("out of order");
        let cases: [(&str, Option<TransferOutcome>, Reported<'_>, Option<&str>); 8] = [
            ("announced first", None, reported(Announced), None),
            ("sold before announced", None, reported(Sold), out_of_order),
            (
                "a plausible day",
                Some(Unsold),
                on(long_ago, Announced),
                Some("date"),
            ),
            (
                "none after today",
                Some(Announced),
                on(day(3, 11), Unsold),
                Some("date"),
            ),
            (
                "a sale names its bidder",
                Some(Announced),
                sale(None, Some("1")),
                Some("winningBidder"),
            ),
            (
                "a sale has a price",
                Some(Announced),
                sale(Some("某公司"), Some("0")),
                Some("priceWanYuan"),
            ),
            (
                "a complete sale",
                Some(Announced),
                sale(Some("某公司"), Some("12.5")),
                None,
            ),
            (
                "a bidder only with a sale",
                Some(Announced),
                unsold_with_bidder,
                Some("winningBidder"),
            ),
        ];
        for (rule, current, report, expected) in cases {
            assert_eq!(
                refusal(current, false, report).as_deref(),
                expected,
                "{rule}"
            );
        }
        let withdrawn = refusal(None, true, reported(Announced));
        assert_eq!(withdrawn.as_deref(), out_of_order, "a withdrawn entry");
    }

    #[test]
    fn new_3_a_report_says_whether_the_entry_still_holds_a_place() {
        let today = day(3, 10);
        let holds = |current, report| decide(current, false, report, today).map(|s| s.holds_place);
        assert_eq!(holds(None, reported(Announced)), Ok(true));
        assert_eq!(holds(Some(Announced), reported(Unsold)), Ok(false));
        assert_eq!(holds(Some(Unsold), reported(Announced)), Ok(true));
        let sold = decide(
            Some(Announced),
            false,
            sale(Some(" 某公司 "), Some("12.5")),
            today,
        );
        assert_eq!(
            sold,
            Ok(ReportedState {
                holds_place: true,
                winning_bidder: Some("某公司".into()),
                price_wan_yuan: Some("12.5".into()),
            })
        );
        assert_eq!(
            decide(Some(Unsold), false, reported(Sold), today),
            Err(ReportRefusal::OutOfOrder(
                "当前状态（UNSOLD）之后不能报告SOLD".into()
            ))
        );
    }
}
