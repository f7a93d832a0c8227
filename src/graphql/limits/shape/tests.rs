use async_graphql::parser::parse_query;

use super::*;

const LIMITS: ShapeLimits = ShapeLimits {
    max_depth: 15,
    max_nesting: 32,
    max_nodes: 5_000,
    max_aliases: 100,
};

fn shape_of(query: &str, variables: serde_json::Value) -> Result<Shape, Refusal> {
    let doc = parse_query(query).expect("parses");
    measure(&doc, &Variables::from_json(variables), LIMITS)
}

/// `levels` fragments, each spreading the one below `spreads` times.
fn chain(levels: usize, spreads: usize) -> String {
    (1..=levels).fold(
        format!("{{ ...F{levels} }} fragment F0 on Query {{ x }}"),
        |query, level| {
            let below = format!("...F{} ", level - 1).repeat(spreads);
            format!("{query} fragment F{level} on Query {{ {below} }}")
        },
    )
}

#[test]
fn plain_documents_are_measured_exactly() {
    let cases = [
        ("{ a }", 1, 0, 1, 0),
        ("{ a { b { c } } }", 3, 2, 3, 0),
        ("{ x: a y: a }", 1, 0, 2, 2),
        ("{ ... on Query { a } }", 1, 1, 2, 0),
        ("{ ...F } fragment F on Query { a { b } }", 2, 2, 3, 0),
        ("{ ...F ...F } fragment F on Query { x: a }", 1, 1, 4, 2),
    ];
    for (query, depth, nesting, nodes, aliases) in cases {
        let shape = shape_of(query, serde_json::json!({})).expect(query);
        assert_eq!(
            shape,
            Shape {
                depth,
                nesting,
                nodes,
                aliases
            },
            "{query}"
        );
    }
}

#[test]
fn exponential_fragment_fan_out_is_refused_without_expanding_it() {
    // 2^30 expanded selections: only memoisation answers this in microseconds.
    assert_eq!(
        shape_of(&chain(30, 2), serde_json::json!({})),
        Err(Refusal::TooLarge)
    );
    // Twenty levels of ten spreads each would overflow any counter.
    assert_eq!(
        shape_of(&chain(20, 10), serde_json::json!({})),
        Err(Refusal::TooLarge)
    );
    // A fan-out that stays within the limits is measured exactly: 2^n fields and
    // 2^(n+1) - 2 spreads.
    let shape = shape_of(&chain(8, 2), serde_json::json!({})).expect("small fan-out");
    assert_eq!(shape.nodes, 256 + 510 + 1);
}

#[test]
fn aliases_count_once_per_expansion() {
    let query = "{ ...A ...B } fragment A on Query { ...F ...F ...F } \
                 fragment B on Query { ...F ...F ...F } fragment F on Query { a: x b: x }";
    assert_eq!(
        shape_of(query, serde_json::json!({})).map(|s| s.aliases),
        Ok(12)
    );
    let many = format!("{{ ...F0 }} fragment F0 on Query {{ {} }}", {
        (0..60)
            .map(|i| format!("a{i}: x"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    assert_eq!(
        shape_of(&many, serde_json::json!({})).map(|s| s.aliases),
        Ok(60)
    );
    let twice = many.replace("{ ...F0 }", "{ ...F0 ...F0 }");
    assert_eq!(
        shape_of(&twice, serde_json::json!({})),
        Err(Refusal::TooManyAliases)
    );
}

#[test]
fn fragment_cycles_are_refused() {
    let query = "{ ...A } fragment A on Query { ...B } fragment B on Query { x ...A }";
    assert_eq!(
        shape_of(query, serde_json::json!({})),
        Err(Refusal::FragmentCycle("A".into()))
    );
}

#[test]
fn depth_and_nesting_limits_hold_through_fragments() {
    let deep_fields = format!("{{ {}x{} }}", "a { ".repeat(15), " }".repeat(15));
    assert_eq!(
        shape_of(&deep_fields, serde_json::json!({})),
        Err(Refusal::TooDeep)
    );
    let mut chain = String::from("{ ...F0 }\n");
    for level in 0..40 {
        chain.push_str(&format!(
            "fragment F{level} on Query {{ ...F{} }}\n",
            level + 1
        ));
    }
    chain.push_str("fragment F40 on Query { x }\n");
    assert_eq!(
        shape_of(&chain, serde_json::json!({})),
        Err(Refusal::TooNested)
    );
}

#[test]
fn large_arguments_weigh_by_size_and_variables_by_their_value() {
    let big = "x".repeat(256 * 1_000);
    let inline = format!("{{ a(s: \"{big}\") }}");
    assert_eq!(
        shape_of(&inline, serde_json::json!({})).map(|s| s.nodes),
        Ok(1 + 1 + 1_000)
    );
    let spread = "query($s: String) { ...F ...F ...F ...F ...F ...F } \
                  fragment F on Query { a(s: $s) }";
    assert_eq!(
        shape_of(spread, serde_json::json!({ "s": big })),
        Err(Refusal::TooLarge)
    );
    assert!(shape_of(spread, serde_json::json!({ "s": "short" })).is_ok());
}
