//! Deadlines as county clerks write them on the forms: a day, or a period (a month such as
//! 「2025年6月」 or 「2025.6」, a half year 「2025年上半年」, a quarter 「2025年第二季度」, a
//! year's end 「2025年底」), read as the period's last day: a deadline is met by the end of
//! the period it names. The reading is said back to the clerk, so nothing is guessed
//! silently.

use chrono::{Datelike, NaiveDate};

use crate::domain::import::{Cell, date, text_of};
use crate::domain::mine::plausible_date;

/// A deadline read from a cell, and how, when the cell named a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    /// 「“2025年6月”读作2025-06-30（该月最后一日）」, for a period.
    pub read_as: Option<String>,
}

/// A deadline cell: a date, or a period read as its last day.
pub fn deadline(cell: &Cell) -> Result<Option<Deadline>, String> {
    if let Cell::Number(value) = cell {
        return Err(format!(
            "“{value}”被表格存为数字，无法分辨月份（2025.1与2025.10相同），请写作日期或“2025年6月”"
        ));
    }
    let exact = date(cell);
    let Some(text) = text_of(cell).filter(|_| exact.is_err()) else {
        return exact.map(|day| {
            day.map(|date| Deadline {
                date,
                read_as: None,
            })
        });
    };
    let Some((day, how)) = period_end(&text) else {
        return Err(format!(
            "“{text}”不是日期或期限（如 2025-06-30、2025年6月、2025年上半年或2025年底）"
        ));
    };
    let date = plausible_date(day, "").map_err(|err| err.message)?;
    Ok(Some(Deadline {
        date,
        read_as: Some(format!("“{text}”读作{date}（{how}）")),
    }))
}

/// The last day of the period `text` names, and what rule read it.
fn period_end(text: &str) -> Option<(NaiveDate, &'static str)> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = compact
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit());
    let split = digits.last().map(|(i, _)| i + 1)?;
    let (year_text, rest) = compact.split_at(split);
    let year: i32 = year_text.parse().ok().filter(|_| year_text.len() == 4)?;
    let rest = rest.trim_start_matches(['年', '.', '-', '/']);
    let quarter = |n: u32| last_day(year, n * 3).map(|d| (d, "该季度最后一日"));
    match rest {
        "底" | "末" | "年底" | "年末" | "年终" => {
            last_day(year, 12).map(|d| (d, "年底即12月31日"))
        }
        "上半年" => last_day(year, 6).map(|d| (d, "上半年即6月30日")),
        "下半年" => last_day(year, 12).map(|d| (d, "下半年即12月31日")),
        "第一季度" | "一季度" | "第1季度" | "1季度" => quarter(1),
        "第二季度" | "二季度" | "第2季度" | "2季度" => quarter(2),
        "第三季度" | "三季度" | "第3季度" | "3季度" => quarter(3),
        "第四季度" | "四季度" | "第4季度" | "4季度" => quarter(4),
        month => {
            let month = month.trim_end_matches(['底', '末']).trim_end_matches('月');
            let month: u32 = month
                .parse()
                .ok()
                .filter(|_| (1..=2).contains(&month.len()))?;
            last_day(year, month).map(|d| (d, "该月最后一日"))
        }
    }
}

/// The last day of `month` of `year`.
fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    first_of_next.pred_opt().filter(|d| d.month() == month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_period_is_read_as_its_last_day_and_says_so() {
        let cases = [
            ("2025年6月", day(2025, 6, 30)),
            ("2025.6", day(2025, 6, 30)),
            ("2025-06", day(2025, 6, 30)),
            ("2025/2", day(2025, 2, 28)),
            ("2024年2月", day(2024, 2, 29)),
            ("2025年6月底", day(2025, 6, 30)),
            ("２０２５年１２月", day(2025, 12, 31)),
            ("2025年底", day(2025, 12, 31)),
            ("2025年末", day(2025, 12, 31)),
            ("2025年上半年", day(2025, 6, 30)),
            ("2025年下半年", day(2025, 12, 31)),
            ("2025年第二季度", day(2025, 6, 30)),
            ("2025年一季度", day(2025, 3, 31)),
            (" 2025 年 6 月 ", day(2025, 6, 30)),
        ];
        for (typed, expected) in cases {
            let read = deadline(&text(typed)).ok().flatten();
            assert_eq!(read.as_ref().map(|d| d.date), Some(expected), "{typed}");
            let said = read.and_then(|d| d.read_as).unwrap_or_default();
            assert!(said.contains(&expected.to_string()), "{typed}: {said}");
        }
    }

    #[test]
    fn a_day_is_read_as_itself_without_a_word() {
        for cell in [
            text("2025-06-30"),
            text("2025年6月30日"),
            Cell::Date(day(2025, 6, 30)),
        ] {
            assert_eq!(
                deadline(&cell),
                Ok(Some(Deadline {
                    date: day(2025, 6, 30),
                    read_as: None
                })),
                "{cell:?}"
            );
        }
        assert_eq!(deadline(&Cell::Empty), Ok(None));
    }

    #[test]
    fn what_names_no_period_is_refused() {
        for cell in [
            text("2025年13月"),
            text("2025年0月"),
            text("25年6月"),
            text("2025年"),
            text("明年底"),
            text("1800年底"),
            text("2025年6月底前后"),
            Cell::Number(2025.6),
        ] {
            assert!(deadline(&cell).is_err(), "{cell:?}");
        }
    }
}
