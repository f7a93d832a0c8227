//! A file's first sheet as cells: XLSX, XLS or ODS by their content (never their name),
//! else CSV in UTF-8 or GB18030. Anything else is "not a spreadsheet".
//!
//! Every reader is bounded by construction, whatever the file claims: a workbook's zip is
//! inflated once into nothing and counted before a reader opens it ([`zip`]); cells come
//! one at a time and are admitted by the domain's [`SheetBuilder`] before their value is
//! held, so a cell named a million rows away, a row repeated a million times or a line of
//! a million fields is refused at its first cell past the limits, naming the sheet and the
//! cell. What one import can hold is therefore its file, the workbook's shared strings
//! (at most [`zip::MAX_SHARED_STRINGS`] unpacked) and the limits of
//! [`crate::domain::import::sheet::LIMITS`].
//!
//! [`SheetBuilder`]: crate::domain::import::sheet::SheetBuilder

mod csv;
mod ods;
mod xls;
mod xlsx;
pub mod zip;

use crate::domain::import::sheet::{Overflow, Sheet};
use crate::error::{AppError, AppResult};

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn refused(message: impl Into<String>) -> AppError {
    AppError::invalid("file", message)
}

fn damaged() -> AppError {
    refused("文件已损坏或不是电子表格（xlsx、xls、ods、csv）")
}

fn overflowed(overflow: Overflow) -> AppError {
    refused(overflow.to_string())
}

/// The first sheet of `bytes`.
pub fn first_sheet(bytes: &[u8]) -> AppResult<Sheet> {
    if bytes.starts_with(ZIP) {
        match zip::measure(bytes)? {
            zip::Container::Xlsx => xlsx::read(bytes),
            zip::Container::Ods => ods::read(bytes),
        }
    } else if bytes.starts_with(OLE) {
        xls::read(bytes)
    } else {
        csv::read(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_that_is_no_spreadsheet_is_refused() {
        let pdf = b"%PDF-1.7\n\x00\x01binary";
        assert!(first_sheet(pdf).is_err());
        assert!(first_sheet(b"PK\x03\x04not really a zip").is_err());
        assert!(first_sheet(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1not an ole file").is_err());
    }
}
