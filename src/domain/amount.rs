//! Money as officials and platforms write it: 万元 as a decimal string (never a float), so
//! that 12500.5 is stored and shown exactly as reported.

use super::ValidationError;

/// An amount in 万元: digits, optionally a point and one to six decimals, at most twelve
/// integer digits; `positive` refuses zero.
pub fn wan_yuan(text: &str, field: &str, positive: bool) -> Result<String, ValidationError> {
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let valid = digits(whole)
        && whole.len() <= 12
        && fraction.is_none_or(|f| digits(f) && f.len() <= 6)
        && (!positive || text.bytes().any(|b| (b'1'..=b'9').contains(&b)));
    if valid {
        Ok(text.to_owned())
    } else {
        let least = if positive { "大于0" } else { "不小于0" };
        Err(ValidationError::new(
            field,
            format!("金额须为{least}的十进制数（万元），如 1250.5"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_decimal_strings_of_wan_yuan() {
        for (text, positive, ok) in [
            ("125.5", true, true),
            (" 12500 ", true, true),
            ("0", false, true),
            ("0", true, false),
            ("0.000", true, false),
            ("0.5", true, true),
            ("1.", true, false),
            (".5", true, false),
            ("1.1234567", true, false),
            ("-3", false, false),
            ("1e3", false, false),
            ("1234567890123", false, false),
            ("", false, false),
        ] {
            assert_eq!(wan_yuan(text, "amount", positive).is_ok(), ok, "{text:?}");
        }
        assert_eq!(
            wan_yuan(" 12500 ", "amount", true).ok().as_deref(),
            Some("12500")
        );
    }
}
