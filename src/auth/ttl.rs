//! The token lifetime grammar of docs/api.md: a whole number followed by `s`, `m`, `h` or `d`.

use std::time::Duration;

/// Parses `30m`, `8h`, `7d`, `45s`; `None` for anything else, zero included.
pub fn parse_ttl(text: &str) -> Option<Duration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let seconds_per_unit = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return None,
    };
    let digits = &text[..text.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    let seconds = amount.checked_mul(seconds_per_unit)?;
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_units() {
        assert_eq!(parse_ttl("30m"), Some(Duration::from_secs(1_800)));
        assert_eq!(parse_ttl("8h"), Some(Duration::from_secs(28_800)));
        assert_eq!(parse_ttl("7d"), Some(Duration::from_secs(604_800)));
        assert_eq!(parse_ttl("45s"), Some(Duration::from_secs(45)));
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "",
            "8",
            "h",
            "0h",
            "-1h",
            "1.5h",
            "8 h",
            "8w",
            "99999999999999999999d",
        ] {
            assert_eq!(parse_ttl(bad), None, "{bad:?}");
        }
    }
}
