//! CSV in UTF-8 or GB18030 (what Excel writes on a Chinese system), read one field at a
//! time into a buffer of one cell's length: a line of a million separators or a field of
//! twenty megabytes is refused at the first field past a limit, never held whole.

use std::borrow::Cow;

use csv_core::{ReadFieldResult, ReaderBuilder};

use super::{overflowed, refused};
use crate::domain::import::Cell;
use crate::domain::import::sheet::{Exceeded, LIMITS, Sheet, SheetBuilder};
use crate::error::AppResult;

/// The name a CSV's one sheet is refused under.
const SHEET: &str = "CSV";

/// The cells of a CSV file.
pub fn read(bytes: &[u8]) -> AppResult<Sheet> {
    let text = decode(bytes)
        .ok_or_else(|| refused("不是电子表格：请上传 xlsx、xls、ods，或 UTF-8 / GBK 编码的 csv"))?;
    let mut reader = ReaderBuilder::new().build();
    let mut sheet = SheetBuilder::new(SHEET, LIMITS);
    let mut input = text.as_bytes();
    let mut field = vec![0_u8; LIMITS.cell_chars * 4];
    let mut held = 0;
    let (mut row, mut column) = (0_u32, 0_u32);
    loop {
        let (result, read, written) = reader.read_field(input, &mut field[held..]);
        input = &input[read..];
        held += written;
        match result {
            // With the whole text given, an empty input asks for the end of the file.
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                return Err(overflowed(sheet.refusal(row, column, Exceeded::CellChars)));
            }
            ReadFieldResult::Field { record_end } => {
                let value = String::from_utf8_lossy(&field[..held]);
                if !value.trim().is_empty() {
                    sheet.admit(row, column, Some(&value)).map_err(overflowed)?;
                    sheet
                        .put(row, column, Cell::Text(value.into_owned()))
                        .map_err(overflowed)?;
                }
                held = 0;
                if record_end {
                    row = row.saturating_add(1);
                    column = 0;
                } else {
                    column = column.saturating_add(1);
                }
            }
            ReadFieldResult::End => break,
        }
    }
    Ok(sheet.finish())
}

/// The text of a CSV file: UTF-8 (with or without a byte-order mark, read in place), else
/// GB18030; `None` for binary content.
fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Cow::Borrowed(text));
    }
    let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    (!had_errors).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_or_gbk_reads_alike() {
        let utf8 = "矿山名称,采矿许可证号\n甲矿,C1\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        for bytes in [utf8.as_bytes().to_vec(), gbk.into_owned()] {
            let sheet = read(&bytes).expect("read");
            assert_eq!(
                sheet.rows[1],
                [Cell::Text("甲矿".into()), Cell::Text("C1".into())]
            );
        }
    }

    #[test]
    fn quoted_fields_keep_their_separators_and_line_breaks() {
        let sheet = read("a,\"b,c\nd\"\r\n,e\n".as_bytes()).expect("read");
        assert_eq!(
            sheet.rows,
            vec![
                vec![Cell::Text("a".into()), Cell::Text("b,c\nd".into())],
                vec![Cell::Empty, Cell::Text("e".into())],
            ]
        );
    }

    #[test]
    fn a_line_of_separators_costs_nothing_until_a_field_passes_the_columns() {
        let empty_columns = ",".repeat(1_000_000) + "\n";
        assert!(read(empty_columns.as_bytes()).is_ok_and(|s| s.rows.is_empty()));
        let far = ",".repeat(1_000_000) + "x\n";
        let refused = read(far.as_bytes()).expect_err("a field in column 1,000,001");
        assert!(
            format!("{refused:?}").contains("超过 100 列"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_field_longer_than_a_cell_is_refused_by_its_cell() {
        let long = format!("a,{}\n", "x".repeat(200_000));
        let refused = read(long.as_bytes()).expect_err("too long");
        assert!(format!("{refused:?}").contains("B1"), "{refused:?}");
    }
}
