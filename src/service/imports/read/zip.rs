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
/// Where an XLSX keeps its shared strings.
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

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
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    // A declared total over the limit is refused without inflating anything; entries that
    // declare nothing (a data descriptor) are measured like the rest.
    if archive.decompressed_size().unwrap_or(0) > u128::from(MAX_UNPACKED) {
        return Err(too_big(MAX_UNPACKED, "工作簿"));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|_| damaged())?;
        let shared = entry.name().is_ok_and(|name| name == SHARED_STRINGS);
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
