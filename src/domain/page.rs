//! Keyset pagination: `first` bounded, `after` an opaque cursor over a numeric key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::ValidationError;

/// Page size when `first` is omitted.
pub const DEFAULT_PAGE: usize = 20;
/// Largest page docs/api.md allows.
pub const MAX_PAGE: usize = 100;

/// A parsed page request: how many rows, and the key to continue after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: usize,
    pub after: Option<i64>,
}

impl PageRequest {
    /// Parses `first` (0..=100, default 20) and `after` (a cursor this server issued).
    pub fn parse(first: Option<i32>, after: Option<&str>) -> Result<Self, ValidationError> {
        let limit = match first {
            None => DEFAULT_PAGE,
            Some(n) if (0..=MAX_PAGE as i32).contains(&n) => n as usize,
            Some(_) => {
                return Err(ValidationError::new(
                    "first",
                    format!("每页数量须在0到{MAX_PAGE}之间"),
                ));
            }
        };
        let after = after.map(decode_cursor).transpose()?;
        Ok(Self { limit, after })
    }
}

/// Encodes a row key as an opaque cursor.
pub fn encode_cursor(key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("k:{key}"))
}

fn decode_cursor(cursor: &str) -> Result<i64, ValidationError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("k:").and_then(|key| key.parse().ok()))
        .ok_or_else(|| ValidationError::new("after", "无效的分页游标"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let page = PageRequest::parse(Some(5), Some(&encode_cursor(42))).expect("valid");
        assert_eq!(
            page,
            PageRequest {
                limit: 5,
                after: Some(42)
            }
        );
    }

    #[test]
    fn first_is_bounded_and_defaulted() {
        assert_eq!(
            PageRequest::parse(None, None).expect("valid").limit,
            DEFAULT_PAGE
        );
        assert_eq!(
            PageRequest::parse(Some(100), None).expect("valid").limit,
            100
        );
        assert_eq!(
            PageRequest::parse(Some(101), None)
                .expect_err("too big")
                .field,
            "first"
        );
        assert_eq!(
            PageRequest::parse(Some(-1), None)
                .expect_err("negative")
                .field,
            "first"
        );
    }

    #[test]
    fn foreign_cursors_are_refused() {
        assert_eq!(
            PageRequest::parse(None, Some("bm90LWEtY3Vyc29y"))
                .expect_err("bad")
                .field,
            "after"
        );
        assert_eq!(
            PageRequest::parse(None, Some("%%%"))
                .expect_err("bad")
                .field,
            "after"
        );
    }
}
