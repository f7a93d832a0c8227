//! ODS: the first table of `content.xml`, streamed.
//!
//! OpenDocument compresses a sheet by repeating rows and cells
//! (`table:number-rows-repeated`, `table:number-columns-repeated`), and a kilobyte can
//! claim a million repeated rows. Here a repeat of empty cells or rows only moves the
//! position; a repeat of content is placed one cell at a time through the
//! [`SheetBuilder`], which refuses the first one past a limit. Text is gathered only up to
//! a cell's limit, and only the five predefined entities and character references are
//! resolved: an entity defined in the document is refused, never expanded.

use std::io::{BufReader, Cursor};

use chrono::NaiveDate;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use zip::ZipArchive;

use super::{damaged, overflowed, refused};
use crate::domain::import::Cell;
use crate::domain::import::sheet::{Exceeded, LIMITS, Sheet, SheetBuilder};
use crate::error::{AppError, AppResult};

/// A cell being read: its attributes, and its text so far.
struct OpenCell {
    repeat: u64,
    spans: (u32, u32),
    value_type: String,
    value: Option<String>,
    text: String,
    paragraphs: usize,
    /// Depth inside the cell's paragraphs: only their text is the cell's.
    in_paragraph: usize,
}

/// Where the reader is in the first table.
struct Position {
    builder: SheetBuilder,
    row: u64,
    column: u64,
    row_repeat: u64,
    /// The current row's non-empty cells, each already admitted.
    row_cells: Vec<(u32, Cell)>,
    cell: Option<OpenCell>,
    /// Depth inside content a cell holds but the import does not read (annotations,
    /// tables within cells).
    skipping: usize,
}

/// The first table of an ODS whose container [`super::zip::measure`] has passed.
pub fn read(bytes: &[u8]) -> AppResult<Sheet> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let content = archive.by_name("content.xml").map_err(|_| damaged())?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut table: Option<Position> = None;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|_| damaged())?;
        match (&mut table, event) {
            (None, Event::Start(e)) if e.name().as_ref() == "table:table" => {
                let name = attribute(&e, "table:name")?.unwrap_or_default();
                table = Some(Position {
                    builder: SheetBuilder::new(&name, LIMITS),
                    row: 0,
                    column: 0,
                    row_repeat: 1,
                    row_cells: Vec::new(),
                    cell: None,
                    skipping: 0,
                });
            }
            (Some(at), Event::End(e)) if e.name().as_ref() == "table:table" => {
                if at.skipping == 0 {
                    break;
                }
                at.skipping -= 1;
            }
            (None, Event::Eof) => return Err(refused("工作簿没有工作表")),
            (Some(_), Event::Eof) => return Err(damaged()),
            (Some(at), event) => at.take(event)?,
            _ => {}
        }
    }
    table
        .map(|at| at.builder.finish())
        .ok_or_else(|| refused("工作簿没有工作表"))
}

fn number_attribute(e: &BytesStart<'_>, name: &str) -> AppResult<u64> {
    Ok(attribute(e, name)?
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1))
}

fn attribute(e: &BytesStart<'_>, name: &str) -> AppResult<Option<String>> {
    e.try_get_attribute(name)
        .map_err(|_| damaged())?
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .map_err(|_| entity_refused())
        })
        .transpose()
}

fn entity_refused() -> AppError {
    refused("文件含有自定义实体，无法导入（请另存为普通表格后再试）")
}

impl Position {
    fn at(&self) -> (u32, u32) {
        (
            u32::try_from(self.row).unwrap_or(u32::MAX),
            u32::try_from(self.column).unwrap_or(u32::MAX),
        )
    }

    fn take(&mut self, event: Event<'_>) -> AppResult<()> {
        if self.skipping > 0 {
            match event {
                Event::Start(_) => self.skipping += 1,
                Event::End(_) => self.skipping -= 1,
                _ => {}
            }
            return Ok(());
        }
        match event {
            Event::Start(e) => self.open(&e, false),
            Event::Empty(e) => self.open(&e, true),
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => self.close_row(),
                "table:table-cell" | "table:covered-table-cell" => self.close_cell(),
                "text:p" | "text:h" => {
                    if let Some(cell) = &mut self.cell {
                        cell.in_paragraph = cell.in_paragraph.saturating_sub(1);
                    }
                    Ok(())
                }
                _ => Ok(()),
            },
            Event::Text(t) if self.in_paragraph() => self.push_collapsed(&t.xml10_content()),
            Event::CData(t) if self.in_paragraph() => self.push_text(&t.into_inner()),
            Event::GeneralRef(r) => self.push_reference(&r),
            _ => Ok(()),
        }
    }

    fn open(&mut self, e: &BytesStart<'_>, empty: bool) -> AppResult<()> {
        let in_cell = self.cell.is_some();
        match e.name().as_ref() {
            "table:table" | "office:annotation" if !empty => self.skipping = 1,
            "table:table-row" if !in_cell => {
                self.row_repeat = number_attribute(e, "table:number-rows-repeated")?;
                self.column = 0;
                self.row_cells.clear();
                if empty {
                    self.close_row()?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" if !in_cell => {
                let span =
                    |name| number_attribute(e, name).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
                self.cell = Some(OpenCell {
                    repeat: number_attribute(e, "table:number-columns-repeated")?,
                    spans: (
                        span("table:number-rows-spanned")?,
                        span("table:number-columns-spanned")?,
                    ),
                    value_type: attribute(e, "office:value-type")?.unwrap_or_default(),
                    value: [
                        "office:value",
                        "office:date-value",
                        "office:boolean-value",
                        "office:string-value",
                    ]
                    .iter()
                    .find_map(|name| attribute(e, name).transpose())
                    .transpose()?,
                    text: String::new(),
                    paragraphs: 0,
                    in_paragraph: 0,
                });
                if empty {
                    self.close_cell()?;
                }
            }
            "text:p" | "text:h" if in_cell => {
                if let Some(cell) = &mut self.cell {
                    cell.paragraphs += 1;
                    if !empty {
                        cell.in_paragraph += 1;
                    }
                    if cell.paragraphs > 1 {
                        self.push_text("\n")?;
                    }
                }
            }
            "text:s" if in_cell => {
                let count = number_attribute(e, "text:c")?;
                let room = (LIMITS.cell_chars + 1) as u64;
                self.push_text(&" ".repeat(count.min(room) as usize))?;
            }
            "text:tab" if in_cell => self.push_text("\t")?,
            "text:line-break" if in_cell => self.push_text("\n")?,
            _ => {}
        }
        Ok(())
    }

    /// Whether the reader is inside a paragraph of an open cell.
    fn in_paragraph(&self) -> bool {
        self.cell.as_ref().is_some_and(|cell| cell.in_paragraph > 0)
    }

    /// Adds a paragraph's text as OpenDocument reads it: each run of white space one space,
    /// none at the start of a line (`text:s`, `text:tab` and `text:line-break` say where
    /// more is meant).
    fn push_collapsed(&mut self, text: &str) -> AppResult<()> {
        let mut collapsed = String::with_capacity(text.len());
        let mut after_space = self
            .cell
            .as_ref()
            .is_none_or(|cell| cell.text.is_empty() || cell.text.ends_with([' ', '\n']));
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !after_space {
                    collapsed.push(' ');
                }
                after_space = true;
            } else {
                collapsed.push(c);
                after_space = false;
            }
        }
        self.push_text(&collapsed)
    }

    /// Adds to the open cell's text, refusing it once it is longer than a cell may be.
    fn push_text(&mut self, text: &str) -> AppResult<()> {
        let (row, column) = self.at();
        let Some(cell) = &mut self.cell else {
            return Ok(());
        };
        if cell.text.len() + text.len() > LIMITS.cell_chars * 4 {
            let refusal = self.builder.refusal(row, column, Exceeded::CellChars);
            return Err(overflowed(refusal));
        }
        cell.text.push_str(text);
        Ok(())
    }

    /// A character or entity reference: read inside a paragraph; a document-defined entity
    /// is refused wherever it stands, never expanded.
    fn push_reference(&mut self, reference: &BytesRef<'_>) -> AppResult<()> {
        let text = if reference.is_char_ref() {
            let resolved = reference.resolve_char_ref().map_err(|_| damaged())?;
            resolved.map(String::from).unwrap_or_default()
        } else {
            resolve_predefined_entity(&reference.xml10_content())
                .ok_or_else(entity_refused)?
                .to_owned()
        };
        if self.in_paragraph() {
            self.push_text(&text)
        } else {
            Ok(())
        }
    }

    fn close_cell(&mut self) -> AppResult<()> {
        let Some(open) = self.cell.take() else {
            return Ok(());
        };
        let value = value_of(&open);
        let (row, column) = self.at();
        if !value.is_blank() {
            let text = match &value {
                Cell::Text(text) => Some(text.as_str()),
                _ => None,
            };
            for offset in 0..open.repeat {
                let at = u32::try_from(self.column + offset).unwrap_or(u32::MAX);
                self.builder.admit(row, at, text).map_err(overflowed)?;
                self.row_cells.push((at, value.clone()));
            }
        }
        if open.spans != (1, 1) {
            let last = (
                row.saturating_add(open.spans.0 - 1),
                column.saturating_add(open.spans.1 - 1),
            );
            self.builder
                .merge((row, column), last)
                .map_err(overflowed)?;
        }
        self.column = self.column.saturating_add(open.repeat);
        Ok(())
    }

    fn close_row(&mut self) -> AppResult<()> {
        if !self.row_cells.is_empty() {
            for offset in 0..self.row_repeat {
                let row = u32::try_from(self.row + offset).unwrap_or(u32::MAX);
                for (column, cell) in &self.row_cells {
                    self.builder
                        .put(row, *column, cell.clone())
                        .map_err(overflowed)?;
                }
            }
            self.row_cells.clear();
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_repeat = 1;
        Ok(())
    }
}

/// A cell's value as its type says: numbers and dates from their attributes, the rest as
/// the text shown.
fn value_of(cell: &OpenCell) -> Cell {
    let value = cell.value.as_deref().map(str::trim);
    match (cell.value_type.as_str(), value) {
        ("float" | "percentage" | "currency", Some(v)) => v
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or_else(|| text_cell(&cell.text), Cell::Number),
        ("date", Some(v)) => v
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| text_cell(&cell.text), Cell::Date),
        ("boolean", Some(v)) => Cell::Text(if v == "true" { "是" } else { "否" }.into()),
        ("string", Some(v)) if cell.text.is_empty() => text_cell(v),
        _ => text_cell(&cell.text),
    }
}

fn text_cell(text: &str) -> Cell {
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="名录">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("content.xml", stored).expect("entry");
        zip.write_all(content.as_bytes()).expect("content");
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn pretty_printed_paragraphs_read_as_their_text() {
        let rows = "<table:table-row>\n  <table:table-cell office:value-type=\"string\">\n    <text:p>\n      甲  矿\n    </text:p>\n    <text:p>二<text:s text:c=\"2\"/>行</text:p>\n  </table:table-cell>\n  <table:table-cell office:value-type=\"float\" office:value=\"30\"><text:p>30</text:p></table:table-cell>\n</table:table-row>";
        let sheet = read(&ods(rows)).expect("read");
        assert_eq!(
            sheet.rows,
            vec![vec![
                Cell::Text("甲 矿 \n二  行".into()),
                Cell::Number(30.0)
            ]]
        );
    }

    #[test]
    fn repeats_of_nothing_cost_nothing_and_repeats_of_content_are_placed() {
        let rows = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        let refused = read(&ods(rows)).expect_err("content below a million empty rows");
        assert!(format!("{refused:?}").contains("A1000001"), "{refused:?}");
        let rows = r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        let x = || Cell::Text("x".into());
        assert_eq!(
            read(&ods(rows)).expect("read").rows,
            vec![vec![x(), x()], vec![x(), x()]]
        );
    }
}
