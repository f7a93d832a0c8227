//! What a stamped scan may be: a PDF, JPEG or PNG, told by its first bytes and never by
//! its name; a name that claims another type than the content is refused too (a "PDF"
//! that is not one is a mistake or a trick either way).

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
}
