//! Hostile documents (issue 6's target): the 30-level fragment fan-out, about 1 KB that
//! expands to 2^30 fields, must be refused in under 50 ms through the real server; and the
//! linear measurement itself on a 1 MiB document.
//!
//! Run: `cargo bench --bench hostile`.

use std::hint::black_box;

use async_graphql::Variables;
use async_graphql::parser::parse_query;
use criterion::{Criterion, criterion_group, criterion_main};
use mineright::app::App;
use mineright::config::Config;
use mineright::graphql::limits::shape::{ShapeLimits, measure};
use mineright::graphql::limits::{MAX_ALIASES, MAX_DEPTH, MAX_NESTING};

/// `levels` fragments, each spreading the one below twice.
fn fan_out(levels: usize) -> String {
    (1..=levels).fold(
        format!("{{ ...F{levels} }} fragment F0 on Query {{ __typename }}"),
        |query, level| {
            let below = level - 1;
            format!("{query} fragment F{level} on Query {{ ...F{below} ...F{below} }}")
        },
    )
}

fn bench_fan_out_over_http(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::new(dir.path().to_path_buf());
    config.listen = "127.0.0.1:0".into();
    let app = rt.block_on(App::build(&config, false)).expect("app");
    let addr = app.local_addr().expect("bound");
    rt.spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::new();
    let body = serde_json::json!({ "query": fan_out(30) });
    let url = format!("http://{addr}/graphql");
    c.bench_function("fan_out_30_refused_over_http", |b| {
        b.to_async(&rt).iter(|| async {
            let answer: serde_json::Value = client
                .post(&url)
                .json(&body)
                .send()
                .await
                .expect("sent")
                .json()
                .await
                .expect("json");
            assert_eq!(
                answer["errors"][0]["extensions"]["code"],
                "QUERY_TOO_COMPLEX"
            );
            black_box(answer)
        })
    });
}

fn bench_measure_one_mebibyte(c: &mut Criterion) {
    // About 1 MiB of sibling fields: the largest document the body limit lets through.
    let fields = "a { b c } ".repeat(100_000);
    let query = format!("{{ {fields} }}");
    let doc = parse_query(&query).expect("parses");
    // No size limit, so the whole document is walked.
    let limits = ShapeLimits {
        max_depth: MAX_DEPTH,
        max_nesting: MAX_NESTING,
        max_nodes: u64::MAX,
        max_aliases: MAX_ALIASES,
    };
    let variables = Variables::default();
    c.bench_function("measure_1_mib_document", |b| {
        b.iter(|| black_box(measure(&doc, &variables, limits)))
    });
}

criterion_group!(benches, bench_fan_out_over_http, bench_measure_one_mebibyte);
criterion_main!(benches);
