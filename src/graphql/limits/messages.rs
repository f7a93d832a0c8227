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

/// The `n`th double-quoted name in `text`.
fn quoted(text: &str, n: usize) -> Option<&str> {
    text.split('"').nth(2 * n + 1)
}

/// The last segment of a dotted argument path (`input.status` → `status`).
fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn reworded(field: Option<&str>, message: String) -> Option<Reworded> {
    Some(Reworded {
        field: field.map(|f| f.trim_start_matches('$').to_owned()),
        message,
    })
}

/// Re-words a library refusal; `None` for a text this table does not know (the caller
/// keeps a generic Chinese message then).
pub fn reword(english: &str) -> Option<Reworded> {
    let q = |n| quoted(english, n).unwrap_or_default();
    if english.starts_with(" -->") || english.starts_with("-->") {
        let position = english
            .trim_start()
            .trim_start_matches("-->")
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .replace(':', "行第");
        return reworded(
            Some("query"),
            format!("GraphQL 语法错误：第{position}列附近"),
        );
    }
    if english.starts_with("Invalid value for argument") {
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
        return reworded(Some(argument), format!("{argument}：取值无效"));
    }
    if english.starts_with("Failed to parse") {
        let detail = english.split_once("\": ").map_or("", |(_, d)| d);
        let message = if detail
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        {
            detail.to_owned()
        } else if detail.starts_with("Only integers from") {
            "整数须在 -2147483648 到 2147483647 之间".to_owned()
        } else {
            format!("无法解析为 {} 类型的值", q(0))
        };
        return reworded(None, message);
    }
    if english.starts_with("Expected input type") {
        return reworded(None, format!("参数须为 {} 类型的值", q(0)));
    }
    if english.starts_with("Unknown field") {
        return reworded(Some(q(0)), format!("类型 {} 没有字段 {}", q(1), q(0)));
    }
    if english.starts_with("Unknown argument") {
        return reworded(Some(q(0)), format!("字段 {} 没有参数 {}", q(1), q(0)));
    }
    if english.contains("is required but not provided") {
        return reworded(Some(q(1)), format!("字段 {} 缺少必填参数 {}", q(0), q(1)));
    }
    if english.starts_with("Variable") && english.ends_with("is not defined.") {
        let name = english
            .trim_start_matches("Variable ")
            .trim_end_matches(" is not defined.")
            .trim_matches(|c| c == '"' || c == '$');
        return reworded(Some(name), format!("未提供变量 {name} 的值"));
    }
    if english.starts_with("Variable") && english.contains("is not used") {
        return reworded(
            Some(q(0)),
            format!("变量 {} 未被使用", q(0).trim_start_matches('$')),
        );
    }
    if english.starts_with("Variable") && english.contains("is not defined") {
        return reworded(
            Some(q(0)),
            format!("变量 {} 未声明", q(0).trim_start_matches('$')),
        );
    }
    if english.starts_with("Variable") && english.contains("used in position expecting") {
        return reworded(
            Some(q(0)),
            format!(
                "变量 {} 的类型 {} 与所需类型 {} 不符",
                q(0).trim_start_matches('$'),
                q(1),
                q(2)
            ),
        );
    }
    if english.starts_with("Unknown fragment") {
        return reworded(Some("query"), format!("未定义的片段 {}", q(0)));
    }
    if english.starts_with("Unknown type") {
        return reworded(Some("query"), format!("未知的类型 {}", q(0)));
    }
    if english.starts_with("Unknown directive") {
        return reworded(Some("query"), format!("未知的指令 {}", q(0)));
    }
    if english.starts_with("Operation name required") {
        return reworded(
            Some("operationName"),
            "请求含多个操作时须指定 operationName".into(),
        );
    }
    if english.starts_with("Unknown operation named") {
        return reworded(Some("operationName"), format!("未知的操作名 {}", q(0)));
    }
    if english.starts_with("Schema is not configured for") {
        return reworded(
            Some("query"),
            "不支持该类操作（订阅请使用 WebSocket）".into(),
        );
    }
    if english.starts_with("invalid number") {
        return reworded(Some("query"), "数值超出可表示的范围".into());
    }
    None
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
