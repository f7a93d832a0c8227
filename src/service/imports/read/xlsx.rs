//! XLSX: the first sheet's cells streamed one at a time through calamine's cell reader,
//! each admitted by the [`SheetBuilder`] before its value is copied, so no dense grid is
//! ever made from the extent the cells name.

use std::io::{BufReader, Cursor};

use calamine::{DataRef, Reader, Xlsx};
use quick_xml::events::Event;
use zip::ZipArchive;

use super::{damaged, overflowed, refused};
use crate::domain::import::Cell;
use crate::domain::import::sheet::{LIMITS, Sheet, SheetBuilder};
use crate::error::AppResult;

/// The first sheet of an XLSX whose container [`super::zip::measure`] has passed.
pub fn read(bytes: &[u8]) -> AppResult<Sheet> {
    declared_strings_within_limits(bytes)?;
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

/// Refuses shared strings that declare more strings than a sheet may hold: the reader
/// reserves room for the declared count before it reads one, so a few bytes declaring a
/// trillion would end the process.
fn declared_strings_within_limits(bytes: &[u8]) -> AppResult<()> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let candidates: Vec<usize> = (0..archive.len())
        .filter(|&i| {
            archive.name_for_index(i).is_some_and(|name| {
                name.is_ok_and(|name| {
                    name.replace('\\', "/")
                        .to_ascii_lowercase()
                        .ends_with("sharedstrings.xml")
                })
            })
        })
        .collect();
    for index in candidates {
        let entry = archive.by_index(index).map_err(|_| damaged())?;
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|_| damaged())? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                    let declared = e
                        .try_get_attribute("uniqueCount")
                        .map_err(|_| damaged())?
                        .map(|a| a.value.trim().parse::<u64>().unwrap_or(u64::MAX));
                    if declared.is_some_and(|n| n > LIMITS.cells as u64) {
                        return Err(refused(format!(
                            "工作簿声明的文字条数超过 {} 条，请拆分后导入",
                            LIMITS.cells
                        )));
                    }
                    break;
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(())
}
