//! A table as the officials' paper lays it out, and its XLSX rendering.
//!
//! A [`Sheet`] says what the attachment shows (title line, the "填报单位：（公章）" line,
//! one- or two-level headers, the rows); [`xlsx`] renders sheets with `rust_xlsxwriter`:
//! merged title and group headers, units in the headers, dates as dates, borders, frozen
//! headers, rows as tall as their wrapped text, and an A4 landscape print setup that
//! repeats the headers on every page and numbers the pages 「第 X 页 共 Y 页」. A table
//! too wide for one page keeps its type legible: it runs on over pages, each repeating
//! the first column, instead of shrinking to fit.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// The page footer: 「第 X 页 共 Y 页」, centred.
const FOOTER: &str = "&C第 &P 页 共 &N 页";
/// The most columns printed fitted to one page's width; wider tables run on.
const FIT_WIDTH_COLUMNS: usize = 16;
/// Points per line of wrapped 11-point text.
const LINE_HEIGHT: f64 = 15.0;
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
    /// Whether the sheet's name stands above the title, as the seed's attachments print
    /// 「附件2」 over theirs.
    pub labelled: bool,
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

    /// Each column's width, in order, sub-columns of a group one by one.
    pub fn widths(&self) -> Vec<f64> {
        self.columns
            .iter()
            .flat_map(|column| match column {
                Column::One(_, width) => vec![*width],
                Column::Group(_, parts) => parts.iter().map(|(_, width)| *width).collect(),
            })
            .collect()
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
        self.title_row() + 1 + u32::from(self.stamped)
    }

    /// The sheet row (0-based) of the title: below the label, if there is one.
    fn title_row(&self) -> u32 {
        u32::from(self.labelled)
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
    let title = sheet.title_row();
    if sheet.labelled {
        worksheet.write_string_with_format(0, 0, &sheet.name, &formats.stamp)?;
    }
    worksheet.merge_range(title, 0, title, last, &sheet.title, &formats.title)?;
    worksheet.set_row_height(title, 30)?;
    if sheet.stamped {
        worksheet.merge_range(title + 1, 0, title + 1, last, STAMP_LINE, &formats.stamp)?;
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
    let widths = sheet.widths();
    fit_header_rows(worksheet, sheet, (top, bottom), &widths)?;
    write_rows(worksheet, sheet, (bottom + 1, &widths), formats)?;
    worksheet.set_freeze_panes(bottom + 1, 0)?;
    worksheet.set_landscape();
    worksheet.set_paper_size(A4);
    worksheet.set_repeat_rows(top, bottom)?;
    worksheet.set_footer(FOOTER);
    if sheet.width() <= FIT_WIDTH_COLUMNS {
        worksheet.set_print_fit_to_pages(1, 0);
    } else {
        worksheet.set_repeat_columns(0, 0)?;
    }
    Ok(())
}

/// The data rows from sheet row `first`, each as tall as its longest wrapped cell.
fn write_rows(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    (first, widths): (u32, &[f64]),
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (row, values) in (first..).zip(&sheet.rows) {
        let lines = values
            .iter()
            .zip(widths)
            .map(|(value, width)| lines_needed(&shown(value), *width))
            .max()
            .unwrap_or(1);
        worksheet.set_row_height(row, f64::from(lines) * LINE_HEIGHT)?;
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
    Ok(())
}

/// Header rows as tall as their wrapped titles (a group's title sits in the top row).
fn fit_header_rows(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    (top, bottom): (u32, u32),
    widths: &[f64],
) -> Result<(), XlsxError> {
    let mut lines = vec![1_u32; usize::try_from(bottom - top + 1).unwrap_or(1)];
    let mut col = 0;
    for column in &sheet.columns {
        match column {
            Column::One(title, width) => {
                let spanned = u32::try_from(lines.len()).unwrap_or(1);
                // A title merged down both header rows has both rows' height.
                let needed = lines_needed(title, *width).div_ceil(spanned);
                for row in lines.iter_mut() {
                    *row = (*row).max(needed);
                }
                col += 1;
            }
            Column::Group(title, parts) => {
                let span: f64 = widths[col..col + parts.len()].iter().sum();
                lines[0] = lines[0].max(lines_needed(title, span));
                if let Some(below) = lines.get_mut(1) {
                    for (part, width) in parts {
                        *below = (*below).max(lines_needed(part, *width));
                    }
                }
                col += parts.len();
            }
        }
    }
    for (row, count) in (top..).zip(lines) {
        worksheet.set_row_height(row, f64::from(count) * LINE_HEIGHT)?;
    }
    Ok(())
}

/// A value as the sheet shows it, for measuring.
fn shown(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Number(n) => n.to_string(),
        Value::Integer(n) => n.to_string(),
        Value::Date(_) => "0000-00-00".into(),
        Value::Empty => String::new(),
    }
}

/// The lines `text` wraps to in a column `width` characters wide: a Chinese (full-width)
/// character takes two widths, any other one; an explicit line break starts a line.
fn lines_needed(text: &str, width: f64) -> u32 {
    // Column widths are small positive figures (characters); a cell keeps a margin.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let room = (width - 1.0).max(1.0).floor() as u32;
    text.split('\n')
        .map(|line| {
            let used: u32 = line
                .chars()
                .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
                .sum();
            used.div_ceil(room).max(1)
        })
        .sum::<u32>()
        .max(1)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let (month, day) = (date.month() as u8, date.day() as u8);
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(format!("{date}")))?;
    ExcelDateTime::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    #[test]
    fn wrapped_text_needs_a_line_per_width_and_chinese_takes_two() {
        let cases = [
            ("", 10.0, 1),
            ("甲矿", 10.0, 1),
            ("晋城市某某建材有限公司", 10.0, 3),
            ("abcdefghij", 6.0, 2),
            ("一行\n二行", 20.0, 2),
        ];
        for (text, width, lines) in cases {
            assert_eq!(lines_needed(text, width), lines, "{text:?} in {width}");
        }
    }

    /// The first worksheet's XML of `sheet` rendered.
    fn worksheet_xml(sheet: &Sheet) -> String {
        let bytes = xlsx(std::slice::from_ref(sheet)).unwrap_or_default();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
        let mut xml = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .expect("the worksheet")
            .read_to_string(&mut xml)
            .expect("utf-8");
        xml
    }

    fn sheet(columns: usize, text: &str) -> Sheet {
        let names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
        Sheet {
            name: "附件2".into(),
            title: "名单".into(),
            labelled: false,
            stamped: true,
            columns: (0..columns)
                .map(|n| Column::One(names[n % names.len()], 10.0))
                .collect(),
            rows: vec![vec![Value::Text(text.into())]],
        }
    }

    #[test]
    fn pages_are_numbered_rows_fit_their_text_and_wide_tables_run_on() {
        let narrow = worksheet_xml(&sheet(3, "晋城市某某建材有限公司"));
        assert!(narrow.contains("第 &amp;P 页 共 &amp;N 页"), "{narrow}");
        let row_4 = narrow
            .split("<row ")
            .find(|row| row.starts_with(r#"r="4""#))
            .and_then(|row| row.split('>').next())
            .unwrap_or_default();
        assert!(row_4.contains(r#"ht="45""#), "three lines: {row_4}");
        assert!(
            narrow.contains(r#"fitToWidth="1""#) || narrow.contains("fitToPage"),
            "{narrow}"
        );
        let wide = worksheet_xml(&sheet(20, "甲矿"));
        assert!(
            !wide.contains("fitToPage"),
            "a wide table is not shrunk: {wide}"
        );
    }
}
