//! The library's English refusals (syntax, validation, argument coercion), re-worded in
//! Chinese with the input field they concern, so that every refusal reads the same way as
//! our own: `BAD_USER_INPUT`, a `field`, a message an official can act on. The original
//! text stays available to developers in `extensions.detail`.

/// A refusal re-worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reworded {
    /// The input field, argument or variable concerned, where the text names one.
    pub field: Option<String>,
    /// The Chinese message.
    pub message: String,
}

/// The `n`th double-quoted name in `text`; empty when the text quotes fewer.
fn quoted(text: &str, n: usize) -> &str {
    text.split('"').nth(2 * n + 1).unwrap_or_default()
}

/// The last segment of a dotted argument path (`input.status` → `status`).
fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// The `n`th double-quoted name in `english`, without a variable's `$`.
fn variable(english: &str, n: usize) -> &str {
    quoted(english, n).trim_start_matches('$')
}

/// A re-wording naming `field` (a variable without its `$`).
fn reworded(field: Option<&str>, message: String) -> Reworded {
    Reworded {
        field: field.map(|f| f.trim_start_matches('$').to_owned()),
        message,
    }
}

/// One kind of library refusal: how its text is recognised, and how it reads in Chinese.
struct Rule {
    /// Whether a library text is of this kind.
    recognises: fn(&str) -> bool,
    /// The Chinese re-wording of a text of this kind.
    rewords: fn(&str) -> Reworded,
}

/// The known refusals, in the order they are tried: the first rule that recognises a
/// text re-words it (more specific texts come before the general ones they also match).
const RULES: &[Rule] = &[
    Rule {
        recognises: |e| e.starts_with(" -->") || e.starts_with("-->"),
        rewords: syntax_error,
    },
    Rule {
        recognises: |e| e.starts_with("Invalid value for argument"),
        rewords: invalid_argument,
    },
    Rule {
        recognises: |e| e.starts_with("Failed to parse"),
        rewords: unparsable_scalar,
    },
    Rule {
        recognises: |e| e.starts_with("Expected input type"),
        rewords: |e| reworded(None, format!("参数须为 {} 类型的值", quoted(e, 0))),
    },
    Rule {
        recognises: |e| e.starts_with("Unknown field"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 0)),
                format!("类型 {} 没有字段 {}", quoted(e, 1), quoted(e, 0)),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Unknown argument"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 0)),
                format!("字段 {} 没有参数 {}", quoted(e, 1), quoted(e, 0)),
            )
        },
    },
    Rule {
        recognises: |e| e.contains("is required but not provided"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 1)),
                format!("字段 {} 缺少必填参数 {}", quoted(e, 0), quoted(e, 1)),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Variable") && e.ends_with("is not defined."),
        rewords: variable_without_value,
    },
    Rule {
        recognises: |e| e.starts_with("Variable") && e.contains("is not used"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 0)),
                format!("变量 {} 未被使用", variable(e, 0)),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Variable") && e.contains("is not defined"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 0)),
                format!("变量 {} 未声明", variable(e, 0)),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Variable") && e.contains("used in position expecting"),
        rewords: |e| {
            reworded(
                Some(quoted(e, 0)),
                format!(
                    "变量 {} 的类型 {} 与所需类型 {} 不符",
                    variable(e, 0),
                    quoted(e, 1),
                    quoted(e, 2)
                ),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Unknown fragment"),
        rewords: |e| reworded(Some("query"), format!("未定义的片段 {}", quoted(e, 0))),
    },
    Rule {
        recognises: |e| e.starts_with("Unknown type"),
        rewords: |e| reworded(Some("query"), format!("未知的类型 {}", quoted(e, 0))),
    },
    Rule {
        recognises: |e| e.starts_with("Unknown directive"),
        rewords: |e| reworded(Some("query"), format!("未知的指令 {}", quoted(e, 0))),
    },
    Rule {
        recognises: |e| e.starts_with("Operation name required"),
        rewords: |_| {
            reworded(
                Some("operationName"),
                "请求含多个操作时须指定 operationName".into(),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Unknown operation named"),
        rewords: |e| {
            reworded(
                Some("operationName"),
                format!("未知的操作名 {}", quoted(e, 0)),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("Schema is not configured for"),
        rewords: |_| {
            reworded(
                Some("query"),
                "不支持该类操作（订阅请使用 WebSocket）".into(),
            )
        },
    },
    Rule {
        recognises: |e| e.starts_with("invalid number"),
        rewords: |_| reworded(Some("query"), "数值超出可表示的范围".into()),
    },
];

/// Re-words a library refusal; `None` for a text this table does not know (the caller
/// keeps a generic Chinese message then).
pub fn reword(english: &str) -> Option<Reworded> {
    RULES
        .iter()
        .find(|rule| (rule.recognises)(english))
        .map(|rule| (rule.rewords)(english))
}

/// A syntax error, whose text starts with ` --> line:column`.
fn syntax_error(english: &str) -> Reworded {
    let position = english
        .trim_start()
        .trim_start_matches("-->")
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .replace(':', "行第");
    reworded(
        Some("query"),
        format!("GraphQL 语法错误：第{position}列附近"),
    )
}

/// An argument's value refused: an unknown enum value or input field, a missing required
/// field, or a value of the wrong type.
fn invalid_argument(english: &str) -> Reworded {
    let q = |n| quoted(english, n);
    let argument = last_segment(q(0));
    if english.contains("does not contain the value") {
        return reworded(
            Some(argument),
            format!("{argument}：{} 没有取值 {}", q(1), q(2)),
        );
    }
    if english.contains("unknown field") {
        return reworded(
            Some(q(1)),
            format!("{argument}：{} 没有输入字段 {}", q(2), q(1)),
        );
    }
    if english.contains("is required but not provided") {
        return reworded(Some(q(1)), format!("{argument}：缺少必填字段 {}", q(1)));
    }
    if english.contains("expected type") {
        return reworded(
            Some(argument),
            format!("{argument}：须为 {} 类型的值", q(1)),
        );
    }
    reworded(Some(argument), format!("{argument}：取值无效"))
}

/// A scalar that failed to parse: our own scalars' Chinese detail is kept as it is.
fn unparsable_scalar(english: &str) -> Reworded {
    let detail = english.split_once("\": ").map_or("", |(_, d)| d);
    let message = if detail
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        detail.to_owned()
    } else if detail.starts_with("Only integers from") {
        "整数须在 -2147483648 到 2147483647 之间".to_owned()
    } else {
        format!("无法解析为 {} 类型的值", quoted(english, 0))
    };
    reworded(None, message)
}

/// A variable the operation uses without a value: `Variable i is not defined.`
fn variable_without_value(english: &str) -> Reworded {
    let name = english
        .trim_start_matches("Variable ")
        .trim_end_matches(" is not defined.")
        .trim_matches(|c| c == '"' || c == '$');
    reworded(Some(name), format!("未提供变量 {name} 的值"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_refusals_name_their_field_in_chinese() {
        let cases = [
            (
                r#"Invalid value for argument "input.status", enumeration type "OperatingStatus" does not contain the value "NOPE""#,
                "status",
                "status：OperatingStatus 没有取值 NOPE",
            ),
            (
                r#"Invalid value for argument "input", unknown field "bogus" of type "MineInput""#,
                "bogus",
                "input：MineInput 没有输入字段 bogus",
            ),
            (
                r#"Invalid value for argument "input", field "remainingReserves" of type "Float!" is required but not provided"#,
                "remainingReserves",
                "input：缺少必填字段 remainingReserves",
            ),
            (
                r#"Invalid value for argument "input.productionScale", expected type "Float""#,
                "productionScale",
                "productionScale：须为 Float 类型的值",
            ),
            (
                r#"Unknown field "nope" on type "Mine"."#,
                "nope",
                "类型 Mine 没有字段 nope",
            ),
            (
                r#"Unknown argument "bogus" on field "mines" of type "Query"."#,
                "bogus",
                "字段 mines 没有参数 bogus",
            ),
            (
                r#"Field "mine" argument "id" of type "Query" is required but not provided"#,
                "id",
                "字段 mine 缺少必填参数 id",
            ),
            ("Variable i is not defined.", "i", "未提供变量 i 的值"),
            (r#"Variable "$x" is not used"#, "x", "变量 x 未被使用"),
            (
                "Operation name required in request.",
                "operationName",
                "请求含多个操作时须指定 operationName",
            ),
            (
                " --> 1:19\n  |\n1 | { minerals { code \n  |  ^---\n  = expected selection",
                "query",
                "GraphQL 语法错误：第1行第19列附近",
            ),
            (
                "invalid number: number out of range at line 1 column 5",
                "query",
                "数值超出可表示的范围",
            ),
        ];
        for (english, field, message) in cases {
            let reworded = reword(english).expect(english);
            assert_eq!(reworded.field.as_deref(), Some(field), "{english}");
            assert_eq!(reworded.message, message, "{english}");
        }
    }

    #[test]
    fn scalar_failures_keep_our_own_chinese_detail() {
        let reworded = reword(r#"Failed to parse "Date": 日期格式须为 YYYY-MM-DD：2020-02-30"#)
            .expect("known");
        assert_eq!(reworded.message, "日期格式须为 YYYY-MM-DD：2020-02-30");
        let int = reword(
            r#"Failed to parse "Int": Only integers from -2147483648 to 2147483647 are accepted."#,
        )
        .expect("known");
        assert_eq!(int.message, "整数须在 -2147483648 到 2147483647 之间");
        let kind = reword(r#"Expected input type "Date", found 1."#).expect("known");
        assert_eq!(kind.message, "参数须为 Date 类型的值");
        assert_eq!(reword("something else entirely"), None);
    }
}
