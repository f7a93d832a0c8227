//! The pieces of the BIFF record stream (Excel 97–2003, and 5.0/95) that an import reads:
//! records with their CONTINUE parts, strings that may run across them, RK numbers and
//! date serials. Every read is checked against what the record holds; a short record is a
//! damaged file, never a panic.

use chrono::{Days, NaiveDate};

/// A record's type.
pub const CONTINUE: u16 = 0x003C;

/// One record: its type and its data, with the data of the CONTINUE records after it.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub kind: u16,
    pub parts: Vec<&'a [u8]>,
}

impl<'a> Record<'a> {
    /// The record's own data (without its continuations).
    pub fn data(&self) -> &'a [u8] {
        self.parts.first().copied().unwrap_or_default()
    }
}

/// The records of `stream` from `offset`, each with its continuations; `None` past the
/// end, `Some(Err)` at a record that runs past the stream.
pub struct Records<'a> {
    stream: &'a [u8],
    offset: usize,
}

/// The stream breaks a record's bounds: the file is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

impl<'a> Records<'a> {
    pub fn from(stream: &'a [u8], offset: usize) -> Self {
        Self { stream, offset }
    }

    fn raw(&mut self) -> Option<Result<(u16, &'a [u8]), Damaged>> {
        let header = self.stream.get(self.offset..self.offset.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let start = self.offset + 4;
        let Some(data) = self.stream.get(start..start + len) else {
            return Some(Err(Damaged));
        };
        self.offset = start + len;
        Some(Ok((kind, data)))
    }

    fn peek_kind(&self) -> Option<u16> {
        let header = self.stream.get(self.offset..self.offset + 2)?;
        Some(u16::from_le_bytes([header[0], header[1]]))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Damaged>;

    fn next(&mut self) -> Option<Self::Item> {
        let (kind, data) = match self.raw()? {
            Ok(raw) => raw,
            Err(damaged) => return Some(Err(damaged)),
        };
        let mut parts = vec![data];
        while self.peek_kind() == Some(CONTINUE) {
            match self.raw()? {
                Ok((_, more)) => parts.push(more),
                Err(damaged) => return Some(Err(damaged)),
            }
        }
        Some(Ok(Record { kind, parts }))
    }
}

/// A little-endian reader over a record's parts. Numbers and skips cross part boundaries
/// as they are; a string's characters that cross one find a new flags byte at the start
/// of the next part (which says whether the rest is one or two bytes a character).
pub struct Reader<'a> {
    parts: Vec<&'a [u8]>,
    part: usize,
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(record: &Record<'a>) -> Self {
        Self {
            parts: record.parts.clone(),
            part: 0,
            at: 0,
        }
    }

    /// Moves past the end of a used-up part; whether there is data left.
    fn settle(&mut self) -> bool {
        while self.part < self.parts.len() && self.at >= self.parts[self.part].len() {
            self.part += 1;
            self.at = 0;
        }
        self.part < self.parts.len()
    }

    pub fn u8(&mut self) -> Result<u8, Damaged> {
        if !self.settle() {
            return Err(Damaged);
        }
        let byte = self.parts[self.part][self.at];
        self.at += 1;
        Ok(byte)
    }

    pub fn u16(&mut self) -> Result<u16, Damaged> {
        Ok(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    pub fn u32(&mut self) -> Result<u32, Damaged> {
        Ok(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    pub fn f64(&mut self) -> Result<f64, Damaged> {
        let mut bytes = [0_u8; 8];
        for byte in &mut bytes {
            *byte = self.u8()?;
        }
        Ok(f64::from_le_bytes(bytes))
    }

    pub fn skip(&mut self, mut count: usize) -> Result<(), Damaged> {
        while count > 0 {
            if !self.settle() {
                return Err(Damaged);
            }
            let here = (self.parts[self.part].len() - self.at).min(count);
            self.at += here;
            count -= here;
        }
        Ok(())
    }

    /// `count` characters, one byte each (Latin-1 in BIFF8) or two (UTF-16LE) as `wide`
    /// says, crossing parts as BIFF8 strings do.
    pub fn chars(&mut self, count: usize, mut wide: bool) -> Result<String, Damaged> {
        let mut text = String::new();
        let mut units: Vec<u16> = Vec::new();
        let mut left = count;
        while left > 0 {
            if self.at >= self.parts.get(self.part).map_or(0, |p| p.len()) {
                // A string that runs on into the next part starts it with its flags.
                self.part += 1;
                self.at = 0;
                if self.part >= self.parts.len() {
                    return Err(Damaged);
                }
                wide = self.u8()? & 1 == 1;
            }
            if wide {
                units.push(self.u16()?);
            } else {
                flush(&mut units, &mut text);
                text.push(char::from(self.u8()?));
            }
            left -= 1;
        }
        flush(&mut units, &mut text);
        Ok(text)
    }

    /// A BIFF8 string of `length` characters after its length: its flags, then (as they
    /// say) its run and extension counts, its characters, and the runs and extension,
    /// which are skipped.
    pub fn unicode(&mut self, length: usize) -> Result<String, Damaged> {
        let flags = self.u8()?;
        let runs = if flags & 0x08 != 0 { self.u16()? } else { 0 };
        let extra = if flags & 0x04 != 0 { self.u32()? } else { 0 };
        let text = self.chars(length, flags & 1 == 1)?;
        self.skip(usize::from(runs) * 4)?;
        self.skip(extra as usize)?;
        Ok(text)
    }

    /// `count` bytes as they are (a BIFF5 string, decoded by its code page).
    pub fn bytes(&mut self, count: usize) -> Result<Vec<u8>, Damaged> {
        (0..count).map(|_| self.u8()).collect()
    }
}

fn flush(units: &mut Vec<u16>, text: &mut String) {
    text.extend(char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or('\u{FFFD}')));
}

/// An RK number: a 30-bit integer or the top 30 bits of a double, perhaps in hundredths.
pub fn rk(value: u32) -> f64 {
    let hundredths = value & 1 == 1;
    let number = if value & 2 == 2 {
        f64::from((value as i32) >> 2)
    } else {
        f64::from_bits(u64::from(value & 0xFFFF_FFFC) << 32)
    };
    if hundredths { number / 100.0 } else { number }
}

/// The day a date serial names (its time of day dropped), in the 1900 system (with
/// Excel's phantom 29 February 1900) or the 1904 system.
pub fn date_of_serial(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    // Whole days; the range check above keeps the value within u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let days = serial.trunc() as u64;
    let (epoch, days) = match (is_1904, days) {
        (true, d) => (NaiveDate::from_ymd_opt(1904, 1, 1)?, d),
        (false, 0..=59) => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
        // Serial 60 is 29 February 1900, a day that never was: read as the 28th.
        (false, 60) => (NaiveDate::from_ymd_opt(1899, 12, 31)?, 59),
        (false, d) => (NaiveDate::from_ymd_opt(1899, 12, 30)?, d),
    };
    epoch.checked_add_days(Days::new(days))
}

/// Whether number format `code` (a built-in index's or a custom format's text) shows a
/// date: the built-in date formats (Chinese ones included), or a custom format with a
/// year, month or day outside quoted text, escapes and bracketed sections.
pub fn is_date_format(index: u16, custom: Option<&str>) -> bool {
    if let Some(code) = custom {
        let mut plain = String::new();
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => chars.by_ref().take_while(|&c| c != '"').for_each(drop),
                '[' => chars.by_ref().take_while(|&c| c != ']').for_each(drop),
                '\\' | '_' | '*' => {
                    chars.next();
                }
                c => plain.push(c.to_ascii_lowercase()),
            }
        }
        return plain.contains(['y', 'd']) || (plain.contains('m') && !plain.contains('0'));
    }
    matches!(index, 14..=17 | 22 | 27..=36 | 50..=58)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers_decode_as_excel_writes_them() {
        assert_eq!(rk(0x3FF0_0000), 1.0);
        assert_eq!(rk((123 << 2) | 2), 123.0);
        assert_eq!(rk((12345 << 2) | 3), 123.45);
        assert_eq!(rk(((-7_i32 << 2) | 2) as u32), -7.0);
    }

    #[test]
    fn serials_name_their_days_in_both_systems() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_of_serial(45_838.5, false), day(2025, 6, 30));
        assert_eq!(date_of_serial(1.0, false), day(1900, 1, 1));
        assert_eq!(date_of_serial(61.0, false), day(1900, 3, 1));
        assert_eq!(date_of_serial(0.0, true), day(1904, 1, 1));
        assert_eq!(date_of_serial(f64::NAN, false), None);
        assert_eq!(date_of_serial(1e300, false), None);
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format(14, None));
        assert!(is_date_format(57, None));
        assert!(!is_date_format(2, None));
        assert!(is_date_format(200, Some("yyyy\"年\"m\"月\"d\"日\"")));
        assert!(is_date_format(200, Some("[$-804]yyyy/m/d")));
        assert!(!is_date_format(200, Some("0.00\"万吨\"")));
        assert!(!is_date_format(200, Some("[Red]#,##0")));
    }

    #[test]
    fn a_string_running_into_a_continuation_takes_its_new_width() {
        let record = Record {
            kind: 0x00FC,
            parts: vec![b"ab", &[1, 0x2D, 0x4E]],
        };
        let mut reader = Reader::new(&record);
        assert_eq!(reader.chars(3, false), Ok("ab中".to_owned()));
        assert_eq!(reader.u8(), Err(Damaged));
    }

    #[test]
    fn records_gather_their_continuations_and_a_short_one_is_damage() {
        let stream = [
            0xFC, 0, 1, 0, b'x', //
            0x3C, 0, 1, 0, b'y', //
            0x0A, 0, 0, 0,
        ];
        let records: Vec<_> = Records::from(&stream, 0).collect();
        assert_eq!(records.len(), 2);
        let first = records[0].as_ref().expect("first");
        assert_eq!((first.kind, first.parts.len()), (0xFC, 2));
        let short = [0x0A, 0, 9, 0, 1];
        assert!(matches!(
            Records::from(&short, 0).next(),
            Some(Err(Damaged))
        ));
    }
}
