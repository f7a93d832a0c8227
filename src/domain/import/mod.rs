//! Reading the officials' tables back, pure: a sheet's cells in, values and
//! per-cell problems out. Headers are matched after normalising (full- or half-width,
//! brackets, spaces); numbers may carry their column's unit ("30万吨") and full-width
//! digits; dates may be date cells or text in the forms officials type (2025-06-30,
//! 2025/6/30, 2025.6.30, 2025年6月30日), and a deadline may name a period ([`period`]).
//! Every refusal names its sheet row (header = 1 on a sheet without a title) and column.

pub mod attachments;
pub mod layout;
pub mod period;
pub mod registry;
pub mod sheet;

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::domain::mine::{bounds, plausible_date};

/// A merged range of a sheet: (first row, first column), (last row, last column), 0-based
/// and inclusive.
pub type Merged = ((u32, u32), (u32, u32));

/// One cell as a spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// Whether the cell holds nothing (or only white space).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A refusal of one cell (or, with the header row, of a column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sheet row, counting from 1.
    pub row: u32,
    /// The column's header as the layout names it (empty for a whole row or file).
    pub column: String,
    pub message: String,
}

impl Problem {
    pub fn new(row: u32, column: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            row,
            column: column.into(),
            message: message.into(),
        }
    }
}

/// A header's comparable form: NFKC (full-width brackets, letters and digits become
/// ASCII) without any white space.
pub fn header_key(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Text as typed: NFKC, trimmed; `None` when blank.
pub fn text_of(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(text) => {
            let text: String = text.nfkc().collect::<String>().trim().to_owned();
            (!text.is_empty()).then_some(text)
        }
        Cell::Number(n) => Some(number_text(*n)),
        Cell::Date(date) => Some(date.to_string()),
    }
}

/// Free text (a name, a holder) as typed: NFC and trimmed, full-width characters kept;
/// `None` when blank.
pub fn plain_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(text) => {
            let text: String = text.nfc().collect::<String>().trim().to_owned();
            (!text.is_empty()).then_some(text)
        }
        other => text_of(other),
    }
}

/// A number as text without a spurious ".0" (licence numbers typed as numbers).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// A non-negative finite number; text may carry one of `units` (the column's own unit)
/// and thousands separators. A different unit is refused, never converted.
pub fn number(cell: &Cell, units: &[&str]) -> Result<Option<f64>, String> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Date(_) => return Err("须为数字，不是日期".into()),
        Cell::Text(_) => {
            let Some(text) = text_of(cell) else {
                return Ok(None);
            };
            let mut digits = text.replace([',', ' '], "");
            if let Some(unit) = units.iter().find(|unit| digits.ends_with(*unit)) {
                digits.truncate(digits.len() - unit.len());
            }
            digits.parse::<f64>().map_err(|_| match units.first() {
                Some(unit) => format!("“{text}”不是数字（单位为{unit}）"),
                None => format!("“{text}”不是数字"),
            })?
        }
    };
    if !value.is_finite() || value < 0.0 {
        return Err("须为不小于 0 的有限数字".into());
    }
    Ok(Some(value))
}

/// A whole year (拟出让年度), as a number or text ("2026", "2026年").
pub fn year(cell: &Cell) -> Result<Option<i32>, String> {
    let Some(value) = number(cell, &["年度", "年"])? else {
        return Ok(None);
    };
    if value.fract() != 0.0 {
        return Err("年度须为整数".into());
    }
    // Bounded by the check below before the cast.
    #[allow(clippy::cast_possible_truncation)]
    let year = value as i32;
    if (bounds::FIRST_YEAR..=bounds::LAST_YEAR).contains(&year) {
        Ok(Some(year))
    } else {
        Err(format!(
            "年度须在{}年至{}年之间",
            bounds::FIRST_YEAR,
            bounds::LAST_YEAR
        ))
    }
}

/// A date: a date cell, or text as officials type it.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    let parsed = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(date) => *date,
        Cell::Number(_) => return Err("须为日期（如 2025-06-30），不是数字".into()),
        Cell::Text(_) => {
            let Some(text) = text_of(cell) else {
                return Ok(None);
            };
            let unified: String = text.replace(['年', '月', '/', '.'], "-").replace('日', "");
            NaiveDate::parse_from_str(&unified, "%Y-%m-%d")
                .map_err(|_| format!("“{text}”不是日期（如 2025-06-30 或 2025年6月30日）"))?
        }
    };
    plausible_date(parsed, "")
        .map(Some)
        .map_err(|err| err.message)
}

/// `value` as a spreadsheet keeps it: 15 significant digits. A figure written to paper and
/// read back (a workbook opened and saved by an office suite) is the same figure at this
/// precision, though its last binary digits differ (35.339999999999996 comes back 35.34).
pub fn paper_precision(value: f64) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return value;
    }
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// A yes/no cell: 是/否, 有/无, √/×, Y/N, 1/0, true/false.
pub fn flag(cell: &Cell) -> Result<Option<bool>, String> {
    let Some(text) = text_of(cell) else {
        return Ok(None);
    };
    match text.to_ascii_lowercase().as_str() {
        "是" | "有" | "√" | "✓" | "y" | "yes" | "1" | "true" => Ok(Some(true)),
        "否" | "无" | "×" | "x" | "n" | "no" | "0" | "false" => Ok(Some(false)),
        _ => Err(format!("“{text}”须为“是”或“否”")),
    }
}

/// Whether a mark column (关闭取缔, 引导退出) is marked: 「√」「✓」「✔」「是」「●」 mark it,
/// 「/」「×」「✗」「否」「—」「-」 or a blank cell leave it unmarked, and anything else is
/// refused: the paper's way of saying "no" must not put a mine on a second list.
pub fn marked(cell: &Cell) -> Result<bool, String> {
    let Some(text) = text_of(cell) else {
        return Ok(false);
    };
    match text.as_str() {
        "√" | "✓" | "✔" | "是" | "●" => Ok(true),
        "/" | "×" | "✗" | "否" | "—" | "-" | "－" | "——" => Ok(false),
        _ => Err(format!("“{text}”不是标记：以“√”标记，“/”或留空表示不标记")),
    }
}

/// A sheet of text cells (blank strings empty), for the tests of the readers.
#[cfg(test)]
pub(crate) fn text_sheet(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).into())
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn headers_match_whatever_their_width_brackets_and_spaces() {
        assert_eq!(
            header_key("生产规模 (万吨/年)"),
            header_key("生产规模（万吨/年）")
        );
        assert_eq!(
            header_key("采矿许可证 有效期"),
            header_key("采矿许可证有效期")
        );
        assert_eq!(header_key("县（市、区）"), "县(市、区)");
    }

    #[test]
    fn numbers_take_their_own_unit_and_full_width_digits() {
        let units = ["万吨/年", "万吨"];
        for (cell, expected) in [
            (text("30万吨"), Ok(Some(30.0))),
            (text("３０"), Ok(Some(30.0))),
            (text(" 1,200.5 万吨/年"), Ok(Some(1200.5))),
            (Cell::Number(4.5), Ok(Some(4.5))),
            (Cell::Empty, Ok(None)),
            (text("  "), Ok(None)),
        ] {
            assert_eq!(number(&cell, &units), expected, "{cell:?}");
        }
        for cell in [
            text("30吨"),
            text("三十"),
            text("-1"),
            Cell::Number(f64::NAN),
            Cell::Date(NaiveDate::MIN),
        ] {
            assert!(number(&cell, &units).is_err(), "{cell:?}");
        }
    }

    #[test]
    fn dates_take_the_forms_officials_type() {
        let expected = NaiveDate::from_ymd_opt(2025, 6, 30);
        for typed in [
            "2025-06-30",
            "2025/6/30",
            "2025.6.30",
            "2025年6月30日",
            "２０２５年６月３０日",
        ] {
            assert_eq!(date(&text(typed)), Ok(expected), "{typed}");
        }
        assert_eq!(
            date(&Cell::Date(
                NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
            )),
            Ok(expected)
        );
        for bad in [
            text("明年"),
            text("2025-13-01"),
            Cell::Number(45000.0),
            text("1800-01-01"),
        ] {
            assert!(date(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn years_and_flags() {
        assert_eq!(year(&text("2026年")), Ok(Some(2026)));
        assert_eq!(year(&Cell::Number(2026.0)), Ok(Some(2026)));
        assert!(year(&Cell::Number(2026.5)).is_err());
        assert_eq!(flag(&text("是")), Ok(Some(true)));
        assert_eq!(flag(&text("否")), Ok(Some(false)));
        assert!(flag(&text("也许")).is_err());
        for mark in ["√", "✓", "✔", "是", "●"] {
            assert_eq!(marked(&text(mark)), Ok(true), "{mark}");
        }
        for blank in ["/", "×", "✗", "否", "—", "-", " "] {
            assert_eq!(marked(&text(blank)), Ok(false), "{blank}");
        }
        assert_eq!(marked(&Cell::Empty), Ok(false));
        for other in ["x", "1", "关闭", "?"] {
            assert!(marked(&text(other)).is_err(), "{other}");
        }
    }

    #[test]
    fn figures_are_compared_at_a_spreadsheets_precision() {
        assert_eq!(paper_precision(35.339999999999996), 35.34);
        assert_eq!(paper_precision(0.1 + 0.2), 0.3);
        assert_eq!(paper_precision(1_200.5), 1_200.5);
        assert_ne!(paper_precision(35.34), paper_precision(35.35));
        assert_ne!(
            paper_precision(1.000_000_000_001),
            paper_precision(1.000_000_000_002)
        );
        assert_eq!(paper_precision(0.0), 0.0);
    }

    #[test]
    fn licence_numbers_typed_as_numbers_keep_their_digits() {
        assert_eq!(
            text_of(&Cell::Number(1_405_250_001.0)),
            Some("1405250001".into())
        );
    }
}
