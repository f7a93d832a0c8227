//! Strings no field accepts, refused before any resolver or database sees them: control
//! characters other than tab and line breaks (a NUL byte is an error inside PostgreSQL, not
//! a value), and strings over [`MAX_STRING_BYTES`].

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Value as ConstValue, Variables};
use async_graphql_value::Value;

use crate::domain::ValidationError;

/// Longest string any argument or variable may hold; real fields have lower limits of
/// their own (names 200 characters, search terms 100).
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// Problems reported at most, so that a flood of bad strings cannot flood the answer.
const MAX_REPORTED: usize = 20;

fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn problem(field: &str, text: &str) -> Option<ValidationError> {
    if text.len() > MAX_STRING_BYTES {
        Some(ValidationError::new(
            field,
            format!("字符串超过{}KiB上限", MAX_STRING_BYTES / 1024),
        ))
    } else if text.chars().any(forbidden) {
        Some(ValidationError::new(field, "不能含有控制字符"))
    } else {
        None
    }
}

/// Every string of the request's variables and of the document's arguments that no field
/// accepts, each named by the innermost input field (or argument, or variable) holding it.
pub fn hostile_strings(doc: &ExecutableDocument, variables: &Variables) -> Vec<ValidationError> {
    let mut found = Vec::new();
    for (name, value) in variables.iter() {
        const_strings(name.as_str(), value, &mut found);
    }
    for (_, operation) in doc.operations.iter() {
        selection_strings(&operation.node.selection_set.node, &mut found);
    }
    for fragment in doc.fragments.values() {
        selection_strings(&fragment.node.selection_set.node, &mut found);
    }
    found.truncate(MAX_REPORTED);
    found
}

fn const_strings(root: &str, value: &ConstValue, found: &mut Vec<ValidationError>) {
    let mut stack: Vec<(&str, &ConstValue)> = vec![(root, value)];
    while let Some((field, value)) = stack.pop() {
        if found.len() >= MAX_REPORTED {
            return;
        }
        match value {
            ConstValue::String(text) => found.extend(problem(field, text)),
            ConstValue::Enum(name) => found.extend(problem(field, name.as_str())),
            ConstValue::List(items) => stack.extend(items.iter().map(|item| (field, item))),
            ConstValue::Object(fields) => stack.extend(
                fields
                    .iter()
                    .map(|(key, item)| (key_name(key, field), item)),
            ),
            _ => {}
        }
    }
}

fn key_name<'a>(key: &'a Name, parent: &'a str) -> &'a str {
    if key.is_empty() { parent } else { key.as_str() }
}

fn value_strings<'a>(root: &'a str, value: &'a Value, found: &mut Vec<ValidationError>) {
    let mut stack: Vec<(&str, &Value)> = vec![(root, value)];
    while let Some((field, value)) = stack.pop() {
        if found.len() >= MAX_REPORTED {
            return;
        }
        match value {
            Value::String(text) => found.extend(problem(field, text)),
            Value::List(items) => stack.extend(items.iter().map(|item| (field, item))),
            Value::Object(fields) => stack.extend(
                fields
                    .iter()
                    .map(|(key, item)| (key_name(key, field), item)),
            ),
            _ => {}
        }
    }
}

fn selection_strings(set: &SelectionSet, found: &mut Vec<ValidationError>) {
    let mut stack = vec![set];
    while let Some(set) = stack.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    for (name, value) in &field.node.arguments {
                        value_strings(name.node.as_str(), &value.node, found);
                    }
                    stack.push(&field.node.selection_set.node);
                }
                Selection::InlineFragment(fragment) => {
                    stack.push(&fragment.node.selection_set.node);
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn fields_of(query: &str, variables: serde_json::Value) -> Vec<String> {
        let doc = parse_query(query).expect("parses");
        hostile_strings(&doc, &Variables::from_json(variables))
            .into_iter()
            .map(|problem| problem.field)
            .collect()
    }

    #[test]
    fn nul_bytes_anywhere_are_named_by_their_field() {
        assert_eq!(
            fields_of(
                "{ counties(cityCode: \"\\u0000\") { code } }",
                serde_json::json!({})
            ),
            vec!["cityCode"]
        );
        assert_eq!(
            fields_of(
                "query($input: MineInput!) { x(input: $input) }",
                serde_json::json!({ "input": { "name": "ok", "holder": "a\u{0}b" } })
            ),
            vec!["holder"]
        );
        assert_eq!(
            fields_of(
                "{ ...F } fragment F on Query { mines(filter: { search: \"\\u0007\" }) { totalCount } }",
                serde_json::json!({})
            ),
            vec!["search"]
        );
    }

    #[test]
    fn line_breaks_and_tabs_pass_and_oversized_strings_do_not() {
        assert!(fields_of("{ x(note: \"a\\nb\\tc\") }", serde_json::json!({})).is_empty());
        let huge = "x".repeat(MAX_STRING_BYTES + 1);
        assert_eq!(
            fields_of(
                "query($s: String) { x(s: $s) }",
                serde_json::json!({ "s": huge })
            ),
            vec!["s"]
        );
    }
}
