//! Text as officials type it, made into text the registry can trust: Unicode NFC, trimmed,
//! bounded, and free of characters that make two names look alike or hide what they say
//! (control characters, bidirectional overrides, zero-width characters).

use unicode_normalization::UnicodeNormalization;

use super::ValidationError;

/// Whether a text may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a code, a number: one line.
    Single,
    /// A reason or a note: line breaks and tabs allowed.
    Multi,
}

/// A field's rules: its schema name, its Chinese label and its longest length.
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    /// The input field name, as `extensions.field` reports it.
    pub field: &'static str,
    /// The label an official reads (矿山名称, …).
    pub label: &'static str,
    /// Most characters accepted, after normalisation.
    pub max_chars: usize,
    /// Single- or multi-line.
    pub lines: Lines,
}

/// A search term: matched with `LIKE` against names, holders and licence numbers, so it
/// is kept short (a 100 KB pattern is refused by SQLite itself).
pub const SEARCH: TextField = TextField::single("search", "搜索词", 100);

/// Characters that change how text is displayed without being seen: bidirectional
/// embeddings, overrides and isolates, and zero-width characters.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

impl TextField {
    /// A one-line field.
    pub const fn single(field: &'static str, label: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            label,
            max_chars,
            lines: Lines::Single,
        }
    }

    /// The cleaned text, `None` when nothing is left after trimming, or why it is refused.
    pub fn clean(&self, value: &str) -> Result<Option<String>, ValidationError> {
        let text: String = value.replace("\r\n", "\n").nfc().collect();
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let allowed_control = |c: char| self.lines == Lines::Multi && (c == '\n' || c == '\t');
        if text
            .chars()
            .any(|c| (c.is_control() && !allowed_control(c)) || invisible(c))
        {
            let what = if self.lines == Lines::Single {
                "不能含有换行、控制字符或不可见字符"
            } else {
                "不能含有控制字符或不可见字符"
            };
            return Err(ValidationError::new(
                self.field,
                format!("{}{what}", self.label),
            ));
        }
        if text.chars().count() > self.max_chars {
            return Err(ValidationError::new(
                self.field,
                format!("{}不能超过{}个字符", self.label, self.max_chars),
            ));
        }
        Ok(Some(text.to_owned()))
    }

    /// As [`TextField::clean`], but an empty text is refused.
    pub fn required(&self, value: &str) -> Result<String, ValidationError> {
        self.clean(value)?
            .ok_or_else(|| ValidationError::new(self.field, format!("{}不能为空", self.label)))
    }
}

/// The canonical form of a licence number: NFKC (full-width letters and digits become
/// ASCII), no white space of any width, ASCII letters upper-case. Two numbers that differ
/// only in those ways are the same licence.
pub fn licence_key(cleaned: &str) -> String {
    cleaned
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: TextField = TextField::single("name", "矿山名称", 10);
    const NOTE: TextField = TextField {
        field: "note",
        label: "备注",
        max_chars: 100,
        lines: Lines::Multi,
    };

    #[test]
    fn text_is_normalised_to_nfc_and_trimmed() {
        // "é" as e + combining acute becomes the single precomposed character.
        assert_eq!(NAME.clean(" Cafe\u{301}\u{3000}"), Ok(Some("Café".into())));
        assert_eq!(NAME.clean("  \u{3000} "), Ok(None));
        assert_eq!(
            NOTE.clean("第一行\r\n第二行"),
            Ok(Some("第一行\n第二行".into()))
        );
    }

    #[test]
    fn hidden_and_control_characters_are_refused_naming_the_field() {
        for bad in [
            "矿\u{0}山",
            "\u{200B}\u{200B}",
            "abc\u{202E}cba",
            "两\n行",
            "\u{2066}x",
            "tab\there",
            "\u{7}",
        ] {
            let refused = NAME.clean(bad).expect_err(bad);
            assert_eq!(refused.field, "name", "{bad:?}");
        }
        assert!(NOTE.clean("两\n行\t制表").is_ok());
        assert!(NOTE.clean("nul\u{0}").is_err());
    }

    #[test]
    fn length_is_counted_in_characters_after_normalisation() {
        assert!(NAME.clean(&"矿".repeat(10)).is_ok());
        assert!(NAME.clean(&"矿".repeat(11)).is_err());
        assert_eq!(
            NAME.required("   ").expect_err("empty").message,
            "矿山名称不能为空"
        );
    }

    #[test]
    fn licence_numbers_equal_but_for_case_width_or_spaces_share_one_key() {
        let key = licence_key("C1405252020017120000001");
        for variant in [
            "c1405252020017120000001",
            "C 14052520 2001 7120000001",
            "Ｃ１４０５２５２０２００１７１２００００００１",
            "C1405252020017120000001\u{3000}",
        ] {
            assert_eq!(licence_key(variant), key, "{variant}");
        }
    }
}
