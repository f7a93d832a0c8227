//! A table as the officials' paper lays it out, and its XLSX rendering.
//!
//! A [`Sheet`] says what the attachment shows (title line, the "填报单位：（公章）" line,
//! one- or two-level headers, the rows); [`xlsx`] renders sheets with `rust_xlsxwriter`:
//! merged title and group headers, units in the headers, dates as dates, borders, frozen
//! headers, and an A4 landscape print setup that repeats the headers on every page.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// The mark in the column a row chooses (关闭取缔 or 引导退出).
pub const MARK: &str = "√";

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Integer(i64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    /// Text, or empty when there is none.
    pub fn text(text: Option<impl Into<String>>) -> Self {
        text.map_or(Value::Empty, |t| Value::Text(t.into()))
    }

    /// A number, or empty.
    pub fn number(number: Option<f64>) -> Self {
        number.map_or(Value::Empty, Value::Number)
    }

    /// A date, or empty.
    pub fn date(date: Option<NaiveDate>) -> Self {
        date.map_or(Value::Empty, Value::Date)
    }

    /// [`MARK`] when `marked`, else empty.
    pub fn mark(marked: bool) -> Self {
        if marked {
            Value::Text(MARK.into())
        } else {
            Value::Empty
        }
    }
}

/// A header: one column, or a group title over several.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// A column and its width in characters.
    One(&'static str, f64),
    /// A title over sub-columns (each with its width).
    Group(&'static str, Vec<(&'static str, f64)>),
}

impl Column {
    fn leaves(&self) -> usize {
        match self {
            Column::One(..) => 1,
            Column::Group(_, parts) => parts.len(),
        }
    }
}

/// One worksheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name (at most 31 characters).
    pub name: String,
    /// The title line.
    pub title: String,
    /// Whether the "填报单位：（公章）" line follows the title.
    pub stamped: bool,
    pub columns: Vec<Column>,
    /// One value per leaf column.
    pub rows: Vec<Vec<Value>>,
}

impl Sheet {
    /// Leaf columns.
    pub fn width(&self) -> usize {
        self.columns.iter().map(Column::leaves).sum()
    }

    /// Header rows: two when a group splits a header, else one.
    pub fn header_rows(&self) -> u32 {
        if self.columns.iter().any(|c| matches!(c, Column::Group(..))) {
            2
        } else {
            1
        }
    }

    /// The sheet row (0-based) of the first header row.
    pub fn header_row(&self) -> u32 {
        if self.stamped { 2 } else { 1 }
    }
}

/// The line officials stamp (填报单位).
pub const STAMP_LINE: &str = "填报单位：（公章）";

/// `sheets` as one XLSX workbook.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        write_sheet(worksheet, sheet, &formats)?;
    }
    workbook.save_to_buffer()
}

struct Formats {
    title: Format,
    stamp: Format,
    header: Format,
    text: Format,
    number: Format,
    integer: Format,
    date: Format,
    mark: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            stamp: Format::new().set_align(FormatAlign::Left),
            header: cell.clone().set_bold().set_align(FormatAlign::Center),
            text: cell.clone(),
            number: cell.clone().set_num_format("0.00##"),
            integer: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
            date: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy-mm-dd"),
            mark: cell.set_align(FormatAlign::Center),
        }
    }
}

fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    formats: &Formats,
) -> Result<(), XlsxError> {
    worksheet.set_name(&sheet.name)?;
    let last = u16::try_from(sheet.width().saturating_sub(1)).unwrap_or(u16::MAX);
    worksheet.merge_range(0, 0, 0, last, &sheet.title, &formats.title)?;
    worksheet.set_row_height(0, 30)?;
    if sheet.stamped {
        worksheet.merge_range(1, 0, 1, last, STAMP_LINE, &formats.stamp)?;
    }
    let top = sheet.header_row();
    let bottom = top + sheet.header_rows() - 1;
    let mut col: u16 = 0;
    for column in &sheet.columns {
        match column {
            Column::One(title, width) => {
                if top == bottom {
                    worksheet.write_string_with_format(top, col, *title, &formats.header)?;
                } else {
                    worksheet.merge_range(top, col, bottom, col, title, &formats.header)?;
                }
                worksheet.set_column_width(col, *width)?;
                col += 1;
            }
            Column::Group(title, parts) => {
                let end = col + u16::try_from(parts.len()).unwrap_or(1) - 1;
                if end > col {
                    worksheet.merge_range(top, col, top, end, title, &formats.header)?;
                } else {
                    worksheet.write_string_with_format(top, col, *title, &formats.header)?;
                }
                for (part, width) in parts {
                    worksheet.write_string_with_format(bottom, col, *part, &formats.header)?;
                    worksheet.set_column_width(col, *width)?;
                    col += 1;
                }
            }
        }
    }
    for (row, values) in (bottom + 1..).zip(&sheet.rows) {
        for (col, value) in (0_u16..).zip(values) {
            match value {
                Value::Text(text) if text == MARK => {
                    worksheet.write_string_with_format(row, col, text, &formats.mark)?
                }
                Value::Text(text) => {
                    worksheet.write_string_with_format(row, col, text, &formats.text)?
                }
                Value::Number(n) => {
                    worksheet.write_number_with_format(row, col, *n, &formats.number)?
                }
                Value::Integer(n) => {
                    // Integers in a sheet are counts and years, far below 2^53.
                    #[allow(clippy::cast_precision_loss)]
                    let n = *n as f64;
                    worksheet.write_number_with_format(row, col, n, &formats.integer)?
                }
                Value::Date(date) => worksheet.write_datetime_with_format(
                    row,
                    col,
                    excel_date(*date)?,
                    &formats.date,
                )?,
                Value::Empty => worksheet.write_blank(row, col, &formats.text)?,
            };
        }
    }
    worksheet.set_freeze_panes(bottom + 1, 0)?;
    worksheet.set_landscape();
    worksheet.set_paper_size(A4);
    worksheet.set_repeat_rows(top, bottom)?;
    worksheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let (month, day) = (date.month() as u8, date.day() as u8);
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(format!("{date}")))?;
    ExcelDateTime::from_ymd(year, month, day)
}
