//! A `.dbf`'s (dBASE III) attributes: a feature's name and master-plan zone, decoded in
//! the encoding the `.cpg` or the file names.

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::shp::le_i32;

/// What the attributes say of one feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Attributes {
    pub(super) name: Option<String>,
    pub(super) zone: Option<String>,
}

/// The columns a feature's name and master-plan zone are read from (upper case).
const NAME_COLUMNS: [&str; 3] = ["NAME", "名称", "MC"];
const ZONE_COLUMNS: [&str; 3] = ["ZONE", "分区", "FQ"];

/// The name and zone of every record of a `.dbf` (dBASE III), decoded with the `.cpg`'s
/// encoding, else the file's language driver, else UTF-8 where valid and GBK where not.
pub(super) fn attributes(dbf: &[u8], cpg: Option<&[u8]>) -> Result<Vec<Attributes>, String> {
    let damaged = || "属性表（.dbf）已损坏".to_owned();
    let u16_at = |at: usize| -> Option<usize> {
        Some(usize::from(u16::from_le_bytes(
            dbf.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let records = usize::try_from(le_i32(dbf, 4).ok_or_else(damaged)?).map_err(|_| damaged())?;
    let (header, width) = (
        u16_at(8).ok_or_else(damaged)?,
        u16_at(10).ok_or_else(damaged)?,
    );
    // Every record holds at least its deletion flag, so the count is bounded by the bytes.
    if width == 0 || header < 33 || header.saturating_add(records.saturating_mul(width)) > dbf.len()
    {
        return Err(damaged());
    }
    let encoding = encoding_of(cpg, dbf[29]);
    // Field descriptors: 32 bytes each from byte 32, ended by 0x0D.
    let (mut name_at, mut zone_at) = (None, None);
    let mut offset = 1;
    for at in (32..header - 1).step_by(32) {
        if dbf[at] == 0x0D || at + 32 > header {
            break;
        }
        let raw = &dbf[at..at + 11];
        let title = decode(
            encoding,
            &raw[..raw.iter().position(|&b| b == 0).unwrap_or(11)],
        );
        let length = usize::from(dbf[at + 16]);
        let column = (offset, length);
        let title = title.trim().to_uppercase();
        if name_at.is_none() && NAME_COLUMNS.contains(&title.as_str()) {
            name_at = Some(column);
        }
        if zone_at.is_none() && ZONE_COLUMNS.contains(&title.as_str()) {
            zone_at = Some(column);
        }
        offset += length;
    }
    if offset > width {
        return Err(damaged());
    }
    let value = |record: &[u8], column: Option<(usize, usize)>| {
        let (start, length) = column?;
        let text = decode(encoding, record.get(start..start + length)?);
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.to_owned())
    };
    Ok((0..records)
        .map(|i| {
            let record = &dbf[header + i * width..header + (i + 1) * width];
            Attributes {
                name: value(record, name_at),
                zone: value(record, zone_at),
            }
        })
        .collect())
}

/// The attributes' encoding: the `.cpg`'s word, else the language driver (0x4D is code
/// page 936, GBK), else `None` (UTF-8 where valid, GBK where not).
pub(super) fn encoding_of(cpg: Option<&[u8]>, driver: u8) -> Option<&'static Encoding> {
    let word = cpg
        .map(|bytes| String::from_utf8_lossy(bytes).trim().to_ascii_uppercase())
        .unwrap_or_default();
    match word.as_str() {
        "UTF-8" | "UTF8" | "65001" => Some(UTF_8),
        "GBK" | "GB2312" | "GB18030" | "936" | "CP936" => Some(GB18030),
        _ if driver == 0x4D => Some(GB18030),
        _ => None,
    }
}

pub(super) fn decode(encoding: Option<&'static Encoding>, bytes: &[u8]) -> String {
    match encoding {
        Some(encoding) => encoding.decode(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => GB18030.decode(bytes).0.into_owned(),
        },
    }
}
