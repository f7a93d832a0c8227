//! A file's first sheet as cells: XLSX, XLS or ODS by their content (never their name),
//! else CSV in UTF-8 or GB18030 (what Excel writes on a Chinese system). Anything else is
//! "not a spreadsheet". A workbook whose parts would unpack to more than
//! [`MAX_UNPACKED`] is refused before it is unpacked (a zip bomb costs nothing).

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};

use crate::domain::import::{Cell, Merged};
use crate::error::{AppError, AppResult};

/// The most a workbook may unpack to.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The most rows a sheet may have.
pub const MAX_ROWS: usize = 100_000;

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A sheet: cells row by row from A1, and its merged ranges (0-based, inclusive).
#[derive(Debug, Clone, Default)]
pub struct SheetData {
    pub rows: Vec<Vec<Cell>>,
    pub merged: Vec<Merged>,
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::invalid("file", message)
}

/// The first sheet of `bytes`.
pub fn first_sheet(bytes: &[u8]) -> AppResult<SheetData> {
    if bytes.starts_with(ZIP) {
        check_unpacked(bytes)?;
        workbook(bytes)
    } else if bytes.starts_with(OLE) {
        workbook(bytes)
    } else {
        csv(bytes)
    }
}

/// Refuses a zip whose entries declare more than [`MAX_UNPACKED`] in all.
fn check_unpacked(bytes: &[u8]) -> AppResult<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| refused("文件已损坏或不是电子表格（xlsx、xls、ods、csv）"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map(|entry| entry.size())
            .map_err(|_| refused("文件已损坏"))?;
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED {
        return Err(refused(format!(
            "工作簿解压后超过 {} MiB，请拆分后导入",
            MAX_UNPACKED / 1024 / 1024
        )));
    }
    Ok(())
}

fn workbook(bytes: &[u8]) -> AppResult<SheetData> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| refused("文件已损坏或不是电子表格（xlsx、xls、ods、csv）"))?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| refused("工作簿没有工作表"))?;
    let range = book
        .worksheet_range(&name)
        .map_err(|_| refused("第一个工作表无法读取"))?;
    let (height, width) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
    if height as usize > MAX_ROWS + 10 {
        return Err(refused(format!("超过 {MAX_ROWS} 行，请拆分后导入")));
    }
    let rows = (0..height)
        .map(|r| (0..width).map(|c| cell(range.get_value((r, c)))).collect())
        .collect();
    let merged = match &mut book {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|d| (d.start, d.end))
    .collect();
    Ok(SheetData { rows, merged })
}

fn cell(data: Option<&Data>) -> Cell {
    match data {
        None | Some(Data::Empty) => Cell::Empty,
        Some(Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text)) => {
            Cell::Text(text.clone())
        }
        Some(Data::Float(n)) => Cell::Number(*n),
        // Cell values fit f64 exactly far beyond any count or code in these tables.
        #[allow(clippy::cast_precision_loss)]
        Some(Data::Int(n)) => Cell::Number(*n as f64),
        Some(Data::Bool(b)) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Some(Data::DateTime(d)) => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), |t| Cell::Date(t.date())),
        Some(Data::Error(_)) => Cell::Text("#错误".into()),
    }
}

fn csv(bytes: &[u8]) -> AppResult<SheetData> {
    let text = decode(bytes)
        .ok_or_else(|| refused("不是电子表格：请上传 xlsx、xls、ods，或 UTF-8 / GBK 编码的 csv"))?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| refused(format!("CSV 格式有误：{err}")))?;
        if rows.len() > MAX_ROWS + 10 {
            return Err(refused(format!("超过 {MAX_ROWS} 行，请拆分后导入")));
        }
        rows.push(
            record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(SheetData {
        rows,
        merged: Vec::new(),
    })
}

/// The text of a CSV file: UTF-8 (with or without a byte-order mark), else GB18030; `None`
/// for binary content.
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    let mut text = String::new();
    if Cursor::new(bytes).read_to_string(&mut text).is_ok() {
        return Some(text);
    }
    let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    (!had_errors).then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_or_gbk_reads_alike() {
        let utf8 = "矿山名称,采矿许可证号\n甲矿,C1\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        for bytes in [utf8.as_bytes().to_vec(), gbk.into_owned()] {
            let sheet = first_sheet(&bytes).expect("read");
            assert_eq!(
                sheet.rows[1],
                [Cell::Text("甲矿".into()), Cell::Text("C1".into())]
            );
        }
    }

    #[test]
    fn binary_that_is_no_spreadsheet_is_refused() {
        let pdf = b"%PDF-1.7\n\x00\x01binary";
        assert!(first_sheet(pdf).is_err());
        assert!(first_sheet(b"PK\x03\x04not really a zip").is_err());
    }
}
