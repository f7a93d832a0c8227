//! What a stamped scan may be: a PDF, JPEG or PNG, told by its first bytes and never by
//! its name; a name that claims another type than the content is refused too (a "PDF"
//! that is not one is a mistake or a trick either way), and a name claiming no scan type
//! at all (`x.html`, `run.exe`) is kept and served with the extension of what the content
//! is, so that no browser or desktop opens a scan as something else. How much a record
//! and an official may store is bounded ([`ScanQuota`]).

use crate::domain::ValidationError;

/// The types a scan may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanType {
    Pdf,
    Jpeg,
    Png,
}

impl ScanType {
    /// The MIME type served with it.
    pub fn mime(self) -> &'static str {
        match self {
            ScanType::Pdf => "application/pdf",
            ScanType::Jpeg => "image/jpeg",
            ScanType::Png => "image/png",
        }
    }

    /// The extension a name of this type ends with.
    pub fn extension(self) -> &'static str {
        match self {
            ScanType::Pdf => "pdf",
            ScanType::Jpeg => "jpg",
            ScanType::Png => "png",
        }
    }

    /// The type stored as `mime`.
    pub fn from_mime(mime: &str) -> Option<Self> {
        [ScanType::Pdf, ScanType::Jpeg, ScanType::Png]
            .into_iter()
            .find(|kind| kind.mime() == mime)
    }

    /// The type `content` is, by its signature.
    pub fn of(content: &[u8]) -> Option<Self> {
        if content.starts_with(b"%PDF-") {
            Some(ScanType::Pdf)
        } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ScanType::Jpeg)
        } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ScanType::Png)
        } else {
            None
        }
    }

    /// The type a file name claims by its extension, if it names one of ours.
    fn claimed(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(ScanType::Pdf),
            "jpg" | "jpeg" => Some(ScanType::Jpeg),
            "png" => Some(ScanType::Png),
            _ => None,
        }
    }
}

/// Checks an upload: not empty, one of the three types, and not named as another.
pub fn check(name: &str, content: &[u8]) -> Result<ScanType, ValidationError> {
    let found = ScanType::of(content).ok_or_else(|| {
        ValidationError::new("file", "扫描件须为 PDF、JPEG 或 PNG（按文件内容判断）")
    })?;
    match ScanType::claimed(name) {
        Some(claimed) if claimed != found => Err(ValidationError::new(
            "file",
            format!("文件名表明是 {}，内容却是 {}", claimed.mime(), found.mime()),
        )),
        _ => Ok(found),
    }
}

/// The name a scan of type `kind` is kept and served under: `name` when its extension
/// already says the type, else `name` with the type's extension in place of its own.
pub fn stored_name(name: &str, kind: ScanType) -> String {
    let stem = match name.rsplit_once('.') {
        Some(_) if ScanType::claimed(name) == Some(kind) => return name.to_owned(),
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{stem}.{}", kind.extension())
}

/// How much of the scan store one record and one official (a token subject) may fill: the
/// store is the database, which every other record shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanQuota {
    pub per_record: u64,
    pub per_official: u64,
}

impl ScanQuota {
    /// Refuses a scan of `size` bytes that would take its record (holding `record` bytes)
    /// or its official (who brought `official` bytes) past their quota.
    pub fn admit(&self, size: u64, record: u64, official: u64) -> Result<(), ValidationError> {
        let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
        if record.saturating_add(size) > self.per_record {
            return Err(ValidationError::new(
                "file",
                format!(
                    "该记录的扫描件已有 {} MiB，加上本文件将超过每条记录 {} MiB 的上限",
                    mib(record),
                    mib(self.per_record)
                ),
            ));
        }
        if official.saturating_add(size) > self.per_official {
            return Err(ValidationError::new(
                "file",
                format!(
                    "您已上传扫描件 {} MiB，加上本文件将超过每人 {} MiB 的上限",
                    mib(official),
                    mib(self.per_official)
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_and_a_lying_name_is_refused() {
        let pdf = b"%PDF-1.7\n...";
        let png = b"\x89PNG\r\n\x1a\n....";
        assert_eq!(check("盖章件.pdf", pdf), Ok(ScanType::Pdf));
        assert_eq!(check("scan", png), Ok(ScanType::Png));
        assert_eq!(
            check("photo.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(ScanType::Jpeg)
        );
        assert!(check("盖章件.pdf", png).is_err(), "a PNG named .pdf");
        assert!(check("盖章件.pdf", b"hello").is_err(), "no scan at all");
        assert!(check("a.png", b"").is_err());
    }

    #[test]
    fn a_name_claiming_no_scan_type_takes_the_contents_extension() {
        assert_eq!(stored_name("x.html", ScanType::Pdf), "x.pdf");
        assert_eq!(stored_name("run.exe", ScanType::Png), "run.png");
        assert_eq!(stored_name("扫描件", ScanType::Jpeg), "扫描件.jpg");
        assert_eq!(stored_name("盖章件.PDF", ScanType::Pdf), "盖章件.PDF");
        assert_eq!(stored_name("photo.jpeg", ScanType::Jpeg), "photo.jpeg");
        assert_eq!(stored_name(".bashrc", ScanType::Pdf), ".bashrc.pdf");
        for kind in [ScanType::Pdf, ScanType::Jpeg, ScanType::Png] {
            assert_eq!(ScanType::from_mime(kind.mime()), Some(kind));
        }
        assert_eq!(ScanType::from_mime("text/html"), None);
    }

    #[test]
    fn the_quota_holds_for_the_record_and_for_the_official() {
        let quota = ScanQuota {
            per_record: 10,
            per_official: 20,
        };
        assert!(quota.admit(10, 0, 0).is_ok());
        assert!(quota.admit(4, 6, 16).is_ok());
        let record = quota.admit(5, 6, 0).expect_err("record full");
        assert!(record.message.contains("每条记录"), "{}", record.message);
        let official = quota.admit(5, 0, 16).expect_err("official full");
        assert!(official.message.contains("每人"), "{}", official.message);
        assert!(quota.admit(u64::MAX, 1, 1).is_err());
    }
}
