//! XLSX: every XML part checked first ([`census`]), then the first sheet's cells streamed
//! one at a time through calamine's cell reader, each admitted by the [`SheetBuilder`]
//! before its value is copied, so no dense grid is ever made from the extent the cells
//! name.

mod census;

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use super::{damaged, overflowed, refused};
use crate::domain::import::Cell;
use crate::domain::import::sheet::{LIMITS, Sheet, SheetBuilder};
use crate::error::AppResult;

/// The first sheet of an XLSX whose container [`super::zip::measure`] has passed.
pub fn read(bytes: &[u8]) -> AppResult<Sheet> {
    census::check(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| refused("工作簿没有工作表"))?;
    let mut sheet = SheetBuilder::new(&name, LIMITS);
    for (first, last) in book
        .merge_cells_by_sheet_name(&name)
        .map_err(|_| damaged())?
        .into_iter()
        .map(|d| (d.start, d.end))
    {
        sheet.merge(first, last).map_err(overflowed)?;
    }
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|_| refused("第一个工作表无法读取"))?;
    while let Some(cell) = cells.next_cell().map_err(|_| damaged())? {
        let (row, column) = cell.get_position();
        let value = cell.get_value();
        let text = match value {
            DataRef::Empty => continue,
            DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
                Some(text.as_str())
            }
            DataRef::SharedString(text) => Some(*text),
            _ => None,
        };
        sheet.admit(row, column, text).map_err(overflowed)?;
        sheet.put(row, column, cell_of(value)).map_err(overflowed)?;
    }
    Ok(sheet.finish())
}

fn cell_of(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            Cell::Text(text.clone())
        }
        DataRef::SharedString(text) => Cell::Text((*text).to_owned()),
        DataRef::Float(n) => Cell::Number(*n),
        // Cell values fit f64 exactly far beyond any count or code in these tables.
        #[allow(clippy::cast_precision_loss)]
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        DataRef::DateTime(d) => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), |t| Cell::Date(t.date())),
        DataRef::Error(_) => Cell::Text("#错误".into()),
    }
}
