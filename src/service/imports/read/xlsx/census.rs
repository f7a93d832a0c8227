//! Every XML part of an XLSX streamed once, counted and checked, before the workbook
//! reader opens it.
//!
//! Opening a workbook reads its shared strings, styles, sheet list and relationships whole,
//! and some of it multiplies: each cell format copies its font and number format, a declared
//! string count is reserved before a string is read, an overlong cell reference overflows
//! the reader's arithmetic. So the elements that become lists are counted against caps
//! (whatever part holds them, since the workbook's own relationships choose the parts), the
//! strings a format copies are held to Excel's own lengths, and every cell and range
//! reference must fit Excel's grid (at most `XFD1048576`).

use std::collections::HashMap;
use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::super::{damaged, refused};
use crate::domain::import::sheet::LIMITS;
use crate::error::{AppError, AppResult};

/// The most of each listed element a workbook may hold (by local name, in any part).
const CAPS: [(&str, usize); 10] = [
    ("si", LIMITS.cells),
    ("xf", 16_384),
    ("font", 16_384),
    ("fill", 16_384),
    ("border", 16_384),
    ("numFmt", 16_384),
    ("sheet", 1_000),
    ("Relationship", 10_000),
    ("definedName", 10_000),
    ("mergeCell", LIMITS.merged),
];

/// The longest number format (Excel's own limit), in characters.
const MAX_FORMAT_CHARS: usize = 255;
/// The longest font name (Excel's own limit is 31), in characters.
const MAX_FONT_NAME_CHARS: usize = 255;

/// Checks every XML part of `bytes` (a container [`super::super::zip::measure`] has passed).
pub fn check(bytes: &[u8]) -> AppResult<()> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|_| damaged())?;
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf).map_err(|_| damaged())? {
                Event::Start(e) | Event::Empty(e) => element(&e, &mut counts)?,
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(())
}

fn too_many(what: &str, cap: usize) -> AppError {
    refused(format!("工作簿中的 {what} 超过 {cap} 个，请精简后导入"))
}

/// Counts and checks one element.
fn element(e: &BytesStart<'_>, counts: &mut HashMap<&'static str, usize>) -> AppResult<()> {
    let local = e.local_name();
    let local = local.as_ref();
    if let Some((name, cap)) = CAPS.iter().find(|(name, _)| *name == local) {
        let count = counts.entry(name).or_default();
        *count += 1;
        if *count > *cap {
            return Err(too_many(name, *cap));
        }
    }
    match local {
        "sst" => {
            let declared = attribute(e, "uniqueCount")?;
            let too_many = |count: &String| {
                count
                    .trim()
                    .parse::<u64>()
                    .map_or(true, |n| n > LIMITS.cells as u64)
            };
            if declared.as_ref().is_some_and(too_many) {
                return Err(refused(format!(
                    "工作簿声明的文字条数超过 {} 条，请拆分后导入",
                    LIMITS.cells
                )));
            }
        }
        "c" | "row" => {
            if let Some(at) = attribute(e, "r")? {
                let plausible = if local == "row" {
                    digits_within(&at, 7)
                } else {
                    cell_reference(&at)
                };
                if !plausible {
                    return Err(bad_reference(&at));
                }
            }
        }
        "dimension" | "mergeCell" => {
            if let Some(range) = attribute(e, "ref")? {
                let mut corners = range.split(':');
                let (Some(first), second, None) = (corners.next(), corners.next(), corners.next())
                else {
                    return Err(bad_reference(&range));
                };
                if !cell_reference(first) || !second.is_none_or(cell_reference) {
                    return Err(bad_reference(&range));
                }
            }
        }
        "numFmt" => longest(e, "formatCode", MAX_FORMAT_CHARS, "数字格式")?,
        "name" => longest(e, "val", MAX_FONT_NAME_CHARS, "字体名称")?,
        _ => {}
    }
    Ok(())
}

fn attribute(e: &BytesStart<'_>, name: &str) -> AppResult<Option<String>> {
    Ok(e.try_get_attribute(name)
        .map_err(|_| damaged())?
        .map(|a| a.value.into_owned()))
}

fn longest(e: &BytesStart<'_>, name: &str, chars: usize, what: &str) -> AppResult<()> {
    match attribute(e, name)? {
        Some(value) if value.chars().count() > chars => Err(refused(format!(
            "工作簿中的{what}超过 {chars} 个字符，请精简后导入"
        ))),
        _ => Ok(()),
    }
}

fn bad_reference(text: &str) -> AppError {
    let shown: String = text.chars().take(20).collect();
    refused(format!(
        "工作簿中的单元格引用“{shown}”超出表格范围（最大 XFD1048576）"
    ))
}

/// Whether `text` is one to `max` ASCII digits.
fn digits_within(text: &str, max: usize) -> bool {
    (1..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is an A1 reference within Excel's grid's notation: up to three letters,
/// up to seven digits, each optionally `$`-anchored (a whole row or column counts).
fn cell_reference(text: &str) -> bool {
    let text = text.strip_prefix('$').unwrap_or(text);
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &text[letters..];
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    letters <= 3 && (letters > 0 || !rest.is_empty()) && (rest.is_empty() || digits_within(rest, 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_fit_excels_grid() {
        for good in ["A1", "XFD1048576", "$B$2", "AA10", "C", "7"] {
            assert!(cell_reference(good), "{good}");
        }
        for bad in ["AAAAAAAAAAA1", "A99999999", "", "$", "A1B", "A-1", "１"] {
            assert!(!cell_reference(bad), "{bad}");
        }
        assert!(digits_within("1048576", 7));
        assert!(!digits_within("10485760", 7));
        assert!(!digits_within("", 7));
    }
}
