//! A workbook's zip container, measured before any reader trusts it.
//!
//! A zip entry declares its unpacked size, and a bomb may declare an honest huge size or
//! lie with a small one. Both are caught the same way: every entry is inflated once into
//! nothing, counting, and the count stops at the limit. A reader that runs afterwards can
//! then hold at most what was counted.

use std::io::{self, Cursor, Read};

use zip::ZipArchive;

use super::refused;
use crate::error::{AppError, AppResult};

/// The most all parts of a workbook may unpack to.
pub const MAX_UNPACKED: u64 = 128 * 1024 * 1024;
/// The most a workbook's shared strings may unpack to (every string is held at once).
pub const MAX_SHARED_STRINGS: u64 = 32 * 1024 * 1024;
/// How an XLSX's shared-strings part is named (whatever its folder or letter case, as the
/// workbook reader finds it).
const SHARED_STRINGS: &str = "sharedstrings.xml";
/// The most entries a container may hold (each is listed in memory when it is opened).
pub const MAX_ENTRIES: usize = 10_000;

/// What the container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Xlsx,
    Ods,
}

fn damaged() -> AppError {
    refused("文件已损坏或不是电子表格（xlsx、xls、ods、csv）")
}

fn too_big(limit: u64, what: &str) -> AppError {
    refused(format!(
        "{what}解压后超过 {} MiB，请拆分后导入",
        limit / 1024 / 1024
    ))
}

/// Inflates every entry of `bytes` once, refusing a container that unpacks beyond
/// [`MAX_UNPACKED`] (or its shared strings beyond [`MAX_SHARED_STRINGS`]) whatever its
/// entries declare, an entry that unpacks to more than it declares, and anything
/// damaged; then tells an XLSX from an ODS.
pub fn measure(bytes: &[u8]) -> AppResult<Container> {
    // The entry count is read from the end record before the archive is opened, since
    // opening lists every entry it declares.
    match declared_entries(bytes) {
        Some(entries) if usize::from(entries) <= MAX_ENTRIES => {}
        Some(_) => {
            return Err(refused(format!(
                "工作簿含有超过 {MAX_ENTRIES} 个部件，请另存后导入"
            )));
        }
        None => return Err(damaged()),
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    // A declared total over the limit is refused without inflating anything; entries that
    // declare nothing (a data descriptor) are measured like the rest.
    if archive.decompressed_size().unwrap_or(0) > u128::from(MAX_UNPACKED) {
        return Err(too_big(MAX_UNPACKED, "工作簿"));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|_| damaged())?;
        let shared = entry
            .name()
            .is_ok_and(|name| name.to_ascii_lowercase().ends_with(SHARED_STRINGS));
        let room = MAX_UNPACKED - total;
        let (limit, what, stated) = if shared && room > MAX_SHARED_STRINGS {
            (MAX_SHARED_STRINGS, "工作簿的共享文字", MAX_SHARED_STRINGS)
        } else {
            (room, "工作簿", MAX_UNPACKED)
        };
        let claimed = entry.size();
        let read =
            io::copy(&mut (&mut entry).take(limit + 1), &mut io::sink()).map_err(|_| damaged())?;
        if read > limit {
            return Err(too_big(stated, what));
        }
        // An entry that inflates to more (or less) than it declares was made to mislead.
        if read != claimed {
            return Err(damaged());
        }
        total += read;
    }
    if archive.index_for_name("content.xml").is_some() {
        Ok(Container::Ods)
    } else if archive.index_for_name("xl/workbook.xml").is_some() {
        Ok(Container::Xlsx)
    } else {
        Err(damaged())
    }
}

/// The entry count the end-of-central-directory record declares (the largest, should
/// several candidates end the file exactly), or `None` without one or for a ZIP64 archive
/// (its count is elsewhere, and no upload this size needs one).
fn declared_entries(bytes: &[u8]) -> Option<u16> {
    const END: &[u8] = b"PK\x05\x06";
    const END_LEN: usize = 22;
    let search = bytes.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let mut most: Option<u16> = None;
    for at in (search..bytes.len()).filter(|&at| bytes[at..].starts_with(END)) {
        let Some(record) = bytes.get(at..at + END_LEN) else {
            continue;
        };
        let comment = usize::from(u16::from_le_bytes([record[20], record[21]]));
        if at + END_LEN + comment != bytes.len() {
            continue;
        }
        let entries = u16::from_le_bytes([record[10], record[11]]);
        let offset = u32::from_le_bytes([record[16], record[17], record[18], record[19]]);
        if entries == u16::MAX || offset == u32::MAX {
            return None;
        }
        most = most.max(Some(entries));
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_count_is_read_from_the_end_record() {
        let mut end = b"PK\x05\x06".to_vec();
        end.extend([0, 0, 0, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let file = [b"prefix".as_slice(), &end].concat();
        assert_eq!(declared_entries(&file), Some(3));
        // A second record hidden in the comment of the first: the larger count counts.
        let mut hidden = end.clone();
        hidden[10..12].copy_from_slice(&9_000_u16.to_le_bytes());
        let mut outer = end.clone();
        outer[20..22].copy_from_slice(&(hidden.len() as u16).to_le_bytes());
        let file = [b"prefix".as_slice(), &outer, &hidden].concat();
        assert_eq!(declared_entries(&file), Some(9_000));
        let mut zip64 = end.clone();
        zip64[10..12].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(declared_entries(&zip64), None);
        assert_eq!(declared_entries(b"PK\x03\x04 no end record"), None);
    }
}
