//! XLS (Excel 97–2003 and 5.0/95): the first worksheet read from the BIFF record stream.
//!
//! A general XLS reader parses every sheet when the file is opened and lays each out as a
//! dense grid from its cells' extent (and reserves the extent a DIMENSIONS record
//! declares), so one cell in a far corner of any sheet costs hundreds of megabytes. This
//! reader walks the stream once: the workbook globals (formats, date system, code page,
//! sheets, shared strings, each bounded), then only the first worksheet's cell records,
//! each admitted by the [`SheetBuilder`] before its value is made. Formulas are read for
//! their cached values, never parsed.

mod biff;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use biff::{Damaged, Reader, Record, Records, date_of_serial, is_date_format, rk};
use encoding_rs::Encoding;

use super::{damaged, overflowed, refused};
use crate::domain::import::Cell;
use crate::domain::import::sheet::{LIMITS, Sheet, SheetBuilder};
use crate::error::{AppError, AppResult};

impl From<Damaged> for AppError {
    fn from(_: Damaged) -> Self {
        damaged()
    }
}

/// The most a workbook stream may hold (the upload limit caps it well below).
const MAX_STREAM: u64 = 256 * 1024 * 1024;

/// What the workbook globals say.
struct Globals<'a> {
    biff8: bool,
    is_1904: bool,
    encoding: &'static Encoding,
    /// Custom number formats by index.
    formats: HashMap<u16, String>,
    /// Each cell format's number format index, by cell format.
    xf_formats: Vec<u16>,
    /// The first worksheet: its name and where its records start.
    sheet: Option<(String, usize)>,
    strings: Vec<String>,
    stream: &'a [u8],
}

/// The first worksheet of an XLS file.
pub fn read(bytes: &[u8]) -> AppResult<Sheet> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged())?;
    let mut stream = file
        .open_stream("/Workbook")
        .or_else(|_| file.open_stream("/Book"))
        .map_err(|_| damaged())?;
    let mut data = Vec::new();
    (&mut stream)
        .take(MAX_STREAM)
        .read_to_end(&mut data)
        .map_err(|_| damaged())?;
    let globals = globals(&data)?;
    let (name, offset) = globals
        .sheet
        .clone()
        .ok_or_else(|| refused("工作簿没有工作表"))?;
    worksheet(&globals, &name, offset)
}

fn globals(stream: &[u8]) -> AppResult<Globals<'_>> {
    let mut globals = Globals {
        biff8: true,
        is_1904: false,
        encoding: encoding_rs::WINDOWS_1252,
        formats: HashMap::new(),
        xf_formats: Vec::new(),
        sheet: None,
        strings: Vec::new(),
        stream,
    };
    let mut records = Records::from(stream, 0);
    let first = records.next().ok_or_else(damaged)??;
    let version = Reader::new(&first).u16()?;
    match (first.kind, version) {
        (0x0809, 0x0600) => {}
        (0x0809, 0x0500) => globals.biff8 = false,
        _ => return Err(refused("不支持的 Excel 旧版本格式，请另存为 xlsx 后导入")),
    }
    for record in records {
        let record = record?;
        let mut reader = Reader::new(&record);
        match record.kind {
            0x002F => return Err(refused("文件有密码保护，请取消密码后导入")),
            0x0042 => globals.encoding = code_page(reader.u16()?),
            0x0022 => globals.is_1904 = reader.u16()? == 1,
            0x041E => {
                let index = reader.u16()?;
                let text = globals.string(&mut reader, !globals.biff8)?;
                globals.formats.insert(index, text);
            }
            0x00E0 => {
                reader.skip(2)?;
                globals.xf_formats.push(reader.u16()?);
            }
            0x0085 if globals.sheet.is_none() => {
                let offset = reader.u32()? as usize;
                reader.skip(1)?;
                let kind = reader.u8()?;
                if kind == 0 {
                    let name = globals.string(&mut reader, true)?;
                    globals.sheet = Some((name, offset));
                }
            }
            0x00FC => globals.strings = shared_strings(&record)?,
            0x000A => break,
            _ => {}
        }
    }
    Ok(globals)
}

/// The shared strings, at most as many and as long in all as a sheet may hold.
fn shared_strings(record: &Record<'_>) -> AppResult<Vec<String>> {
    let mut reader = Reader::new(record);
    reader.skip(4)?;
    let count = reader.u32()? as usize;
    let mut strings = Vec::new();
    let mut text_bytes = 0;
    for _ in 0..count {
        if strings.len() >= LIMITS.cells || text_bytes > LIMITS.text_bytes {
            return Err(refused(format!(
                "工作簿的共享文字超过 {} 条或 {} MiB，请拆分后导入",
                LIMITS.cells,
                LIMITS.text_bytes / 1024 / 1024
            )));
        }
        let length = usize::from(reader.u16()?);
        let text = reader.unicode(length)?;
        text_bytes += text.len();
        strings.push(text);
    }
    Ok(strings)
}

impl Globals<'_> {
    /// A string as BIFF8 (length, flags, characters) or BIFF5 (length, code-page bytes)
    /// writes it; `short` strings count their length in one byte.
    fn string(&self, reader: &mut Reader<'_>, short: bool) -> Result<String, Damaged> {
        let length = if short {
            usize::from(reader.u8()?)
        } else {
            usize::from(reader.u16()?)
        };
        if self.biff8 {
            reader.unicode(length)
        } else {
            let bytes = reader.bytes(length)?;
            Ok(self.encoding.decode(&bytes).0.into_owned())
        }
    }

    /// A number as its cell format shows it: a date when the format is a date's.
    fn number(&self, xf: u16, value: f64) -> Cell {
        let format = self.xf_formats.get(usize::from(xf)).copied().unwrap_or(0);
        if is_date_format(format, self.formats.get(&format).map(String::as_str))
            && let Some(date) = date_of_serial(value, self.is_1904)
        {
            return Cell::Date(date);
        }
        Cell::Number(value)
    }
}

/// The encoding of a BIFF5 file's code page (Windows code pages of the region).
fn code_page(page: u16) -> &'static Encoding {
    match page {
        936 => encoding_rs::GBK,
        950 => encoding_rs::BIG5,
        932 => encoding_rs::SHIFT_JIS,
        949 => encoding_rs::EUC_KR,
        65001 => encoding_rs::UTF_8,
        _ => encoding_rs::WINDOWS_1252,
    }
}

/// The cells of the worksheet whose records start at `offset`.
fn worksheet(globals: &Globals<'_>, name: &str, offset: usize) -> AppResult<Sheet> {
    let mut sheet = SheetBuilder::new(name, LIMITS);
    let mut depth = 0_usize;
    let mut formula_at: Option<(u32, u32)> = None;
    for record in Records::from(globals.stream, offset) {
        let record = record?;
        let mut reader = Reader::new(&record);
        match record.kind {
            0x0809 => depth += 1,
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ if depth > 1 => {}
            0x00E5 => merges(&mut reader, &mut sheet)?,
            0x0006 => formula_at = formula(globals, &mut reader, &mut sheet)?,
            0x0207 => {
                if let Some((row, column)) = formula_at.take() {
                    let text = globals.string(&mut reader, false)?;
                    place(&mut sheet, row, column, Some(&text), || {
                        Cell::Text(text.clone())
                    })?;
                }
            }
            _ => cell(globals, &record, &mut sheet)?,
        }
    }
    Ok(sheet.finish())
}

/// Where a cell record puts its cell.
fn position(reader: &mut Reader<'_>) -> Result<(u32, u32), Damaged> {
    Ok((u32::from(reader.u16()?), u32::from(reader.u16()?)))
}

/// Admits a cell's position (and text) before its value is made, then places it.
fn place(
    sheet: &mut SheetBuilder,
    row: u32,
    column: u32,
    text: Option<&str>,
    value: impl FnOnce() -> Cell,
) -> AppResult<()> {
    sheet.admit(row, column, text).map_err(overflowed)?;
    sheet.put(row, column, value()).map_err(overflowed)
}

fn cell(globals: &Globals<'_>, record: &Record<'_>, sheet: &mut SheetBuilder) -> AppResult<()> {
    let reader = &mut Reader::new(record);
    match record.kind {
        0x0203 => {
            let (row, column) = position(reader)?;
            let xf = reader.u16()?;
            let value = reader.f64()?;
            place(sheet, row, column, None, || globals.number(xf, value))
        }
        0x027E => {
            let (row, column) = position(reader)?;
            let xf = reader.u16()?;
            let value = rk(reader.u32()?);
            place(sheet, row, column, None, || globals.number(xf, value))
        }
        0x00BD => {
            let (row, first) = position(reader)?;
            // Row, first column, then six bytes a cell, then the last column.
            let count = record.data().len().saturating_sub(6) / 6;
            for n in 0..count {
                let xf = reader.u16()?;
                let value = rk(reader.u32()?);
                let column = first.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
                place(sheet, row, column, None, || globals.number(xf, value))?;
            }
            Ok(())
        }
        0x00FD => {
            let (row, column) = position(reader)?;
            reader.skip(2)?;
            let index = reader.u32()? as usize;
            let text = globals.strings.get(index).ok_or_else(damaged)?;
            place(sheet, row, column, Some(text), || Cell::Text(text.clone()))
        }
        0x0204 | 0x00D6 => {
            let (row, column) = position(reader)?;
            reader.skip(2)?;
            let text = globals.string(reader, false)?;
            place(sheet, row, column, Some(&text), || Cell::Text(text.clone()))
        }
        0x0205 => {
            let (row, column) = position(reader)?;
            reader.skip(2)?;
            let (value, is_error) = (reader.u8()?, reader.u8()? == 1);
            place(sheet, row, column, None, || {
                boolean_or_error(value, is_error)
            })
        }
        _ => Ok(()),
    }
}

fn boolean_or_error(value: u8, is_error: bool) -> Cell {
    let text = match (is_error, value) {
        (true, _) => "#错误",
        (false, 0) => "否",
        (false, _) => "是",
    };
    Cell::Text(text.into())
}

/// A formula's cached value; the position of a string value, which the STRING record
/// after it carries.
fn formula(
    globals: &Globals<'_>,
    reader: &mut Reader<'_>,
    sheet: &mut SheetBuilder,
) -> AppResult<Option<(u32, u32)>> {
    let (row, column) = position(reader)?;
    let xf = reader.u16()?;
    let mut value = [0_u8; 8];
    for byte in &mut value {
        *byte = reader.u8()?;
    }
    if value[6..] != [0xFF, 0xFF] {
        let number = f64::from_le_bytes(value);
        place(sheet, row, column, None, || globals.number(xf, number))?;
        return Ok(None);
    }
    match value[0] {
        0 => Ok(Some((row, column))),
        1 => place(sheet, row, column, None, || {
            boolean_or_error(value[2], false)
        })
        .map(|()| None),
        2 => place(sheet, row, column, None, || boolean_or_error(0, true)).map(|()| None),
        _ => Ok(None),
    }
}

fn merges(reader: &mut Reader<'_>, sheet: &mut SheetBuilder) -> AppResult<()> {
    let count = reader.u16()?;
    for _ in 0..count {
        let (first_row, last_row) = (u32::from(reader.u16()?), u32::from(reader.u16()?));
        let (first_column, last_column) = (u32::from(reader.u16()?), u32::from(reader.u16()?));
        sheet
            .merge((first_row, first_column), (last_row, last_column))
            .map_err(overflowed)?;
    }
    Ok(())
}
