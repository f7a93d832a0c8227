//! What an operator alerts on (docs/operations.md, "Metrics"): every GraphQL operation's
//! count and latency by operation name, errors by code, and at scrape time the database
//! pool, the statements run and the build, in Prometheus's text format.
//!
//! Operation names are chosen by clients, so they are bounded before they become labels: a
//! name that is not a GraphQL name becomes `invalid`, an unnamed operation `anonymous`,
//! and past [`MAX_OPERATIONS`] distinct names the rest count as `other`. Error codes are
//! ours (api.md), bounded likewise.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Distinct operation names kept as labels; later ones count as `other`.
pub const MAX_OPERATIONS: usize = 200;
/// Distinct error codes kept as labels.
const MAX_CODES: usize = 64;
/// Upper bounds of the latency buckets, seconds (the last, +Inf, is implied).
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// One operation name's figures.
#[derive(Debug, Clone, Default)]
struct Operation {
    count: u64,
    failed: u64,
    /// Observations at or below each bucket's bound (not cumulative until rendered).
    buckets: [u64; BUCKETS.len()],
    seconds: f64,
}

#[derive(Debug, Default)]
struct Figures {
    operations: BTreeMap<String, Operation>,
    errors: BTreeMap<String, u64>,
}

impl Figures {
    /// One more error of `code`; past [`MAX_CODES`] distinct codes, only known ones count.
    fn count_error(&mut self, code: &str) {
        let code = if is_graphql_name(code) {
            code
        } else {
            "invalid"
        };
        if self.errors.contains_key(code) || self.errors.len() < MAX_CODES {
            *self.errors.entry(code.to_owned()).or_default() += 1;
        }
    }
}

/// The process's figures, shared by every request.
#[derive(Debug)]
pub struct Metrics {
    figures: Mutex<Figures>,
    started: Instant,
    /// Milliseconds after `started` at which the stored assessments' catch-up last finished
    /// a pass (0: not yet).
    caught_up_ms: std::sync::atomic::AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            figures: Mutex::default(),
            started: Instant::now(),
            caught_up_ms: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

/// What the database pool holds at scrape time.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolFigures {
    /// Connections open.
    pub open: u32,
    /// Of those, idle.
    pub idle: usize,
    /// The most the pool may open.
    pub max: u32,
    /// SQL statements run since start.
    pub statements: u64,
}

/// Lookups of an in-memory cache: found there, or read from the database.
#[derive(Debug, Default)]
pub struct CacheCounts {
    hits: std::sync::atomic::AtomicU64,
    misses: std::sync::atomic::AtomicU64,
}

impl CacheCounts {
    /// One lookup answered from memory.
    pub fn hit(&self) {
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// One lookup that went to the database.
    pub fn miss(&self) {
        self.misses
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn figures(&self) -> (u64, u64) {
        let load = |n: &std::sync::atomic::AtomicU64| n.load(std::sync::atomic::Ordering::Relaxed);
        (load(&self.hits), load(&self.misses))
    }
}

/// The gates' and caches' figures, as Prometheus text: `gates` by name, `caches` by name.
pub fn render_work(
    gates: &[(&str, crate::infra::capacity::GateFigures)],
    caches: &[(&str, &CacheCounts)],
) -> String {
    let mut out = String::from(
        "# HELP mineright_gate_entries_total Callers of a gate on heavy work (whole-scope \
         assessments, uploads) by outcome.\n# TYPE mineright_gate_entries_total counter\n",
    );
    for (gate, figures) in gates {
        for (outcome, count) in [
            ("immediate", figures.immediate),
            ("waited", figures.waited),
            ("refused", figures.refused),
        ] {
            let _ = writeln!(
                out,
                "mineright_gate_entries_total{{gate=\"{gate}\",outcome=\"{outcome}\"}} {count}"
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP mineright_gate_wait_seconds_total Seconds callers spent waiting for a place.\n\
         # TYPE mineright_gate_wait_seconds_total counter"
    );
    for (gate, figures) in gates {
        let _ = writeln!(
            out,
            "mineright_gate_wait_seconds_total{{gate=\"{gate}\"}} {}",
            figures.wait_seconds
        );
    }
    let _ = writeln!(
        out,
        "# HELP mineright_gate_in_use Places of a gate taken now.\n# TYPE mineright_gate_in_use gauge"
    );
    for (gate, figures) in gates {
        let _ = writeln!(
            out,
            "mineright_gate_in_use{{gate=\"{gate}\"}} {}",
            figures.in_use
        );
    }
    let _ = writeln!(
        out,
        "# HELP mineright_cache_lookups_total Lookups of in-memory caches: hit (memory) or \
         miss (database).\n# TYPE mineright_cache_lookups_total counter"
    );
    for (cache, counts) in caches {
        let (hits, misses) = counts.figures();
        let _ = writeln!(
            out,
            "mineright_cache_lookups_total{{cache=\"{cache}\",outcome=\"hit\"}} {hits}\n\
             mineright_cache_lookups_total{{cache=\"{cache}\",outcome=\"miss\"}} {misses}"
        );
    }
    out
}

/// The label an operation name becomes (also a trace span's name: bounded and safe).
pub fn operation_label(name: Option<&str>) -> &str {
    match name {
        None | Some("") => "anonymous",
        Some(name) if is_graphql_name(name) && name.len() <= 64 => name,
        Some(_) => "invalid",
    }
}

/// `[_A-Za-z][_0-9A-Za-z]*`: what GraphQL allows as a name, and safe in a label value.
fn is_graphql_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

impl Metrics {
    /// Records one operation: its name as the client sent it, how long it took and the
    /// codes of its errors.
    pub fn observe(&self, name: Option<&str>, took: Duration, codes: &[&str]) {
        let Ok(mut figures) = self.figures.lock() else {
            return;
        };
        let mut label = operation_label(name);
        if !figures.operations.contains_key(label) && figures.operations.len() >= MAX_OPERATIONS {
            label = "other";
        }
        let seconds = took.as_secs_f64();
        let operation = figures.operations.entry(label.to_owned()).or_default();
        operation.count += 1;
        operation.seconds += seconds;
        if !codes.is_empty() {
            operation.failed += 1;
        }
        if let Some(bucket) = BUCKETS.iter().position(|&bound| seconds <= bound) {
            operation.buckets[bucket] += 1;
        }
        for &code in codes {
            figures.count_error(code);
        }
    }

    /// The stored assessments' catch-up has just finished a pass.
    pub fn caught_up(&self) {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.caught_up_ms
            .store(ms.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// Seconds since the catch-up last finished a pass (since start when it has not).
    fn catch_up_age(&self) -> f64 {
        let at = self.caught_up_ms.load(std::sync::atomic::Ordering::Relaxed);
        (self.started.elapsed().as_millis() as f64 - at as f64).max(0.0) / 1000.0
    }

    /// Counts the error of a request refused before it became an operation (a spent
    /// budget is refused before the body is read).
    pub fn refused(&self, code: &str) {
        if let Ok(mut figures) = self.figures.lock() {
            figures.count_error(code);
        }
    }

    /// Every figure in Prometheus's text exposition format (version 0.0.4).
    pub fn render(&self, pool: PoolFigures) -> String {
        let mut out = String::new();
        let figures = match self.figures.lock() {
            Ok(figures) => figures,
            Err(poisoned) => poisoned.into_inner(),
        };
        let _ = writeln!(
            out,
            "# HELP mineright_build_info The running build.\n# TYPE mineright_build_info gauge\n\
             mineright_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(
            out,
            "# HELP mineright_uptime_seconds Seconds since the process started.\n\
             # TYPE mineright_uptime_seconds gauge\nmineright_uptime_seconds {:.3}",
            self.started.elapsed().as_secs_f64()
        );
        let _ = writeln!(
            out,
            "# HELP mineright_assessments_catch_up_age_seconds Seconds since the stored \
             assessments' catch-up last finished a pass (since start before the first).\n\
             # TYPE mineright_assessments_catch_up_age_seconds gauge\n\
             mineright_assessments_catch_up_age_seconds {:.3}",
            self.catch_up_age()
        );
        render_operations(&mut out, &figures.operations);
        let _ = writeln!(
            out,
            "# HELP mineright_graphql_errors_total GraphQL errors by extensions.code.\n\
             # TYPE mineright_graphql_errors_total counter"
        );
        for (code, count) in &figures.errors {
            let _ = writeln!(
                out,
                "mineright_graphql_errors_total{{code=\"{code}\"}} {count}"
            );
        }
        render_pool(&mut out, pool);
        out
    }
}

/// A counter per operation name: its help and type lines, then one line per name.
fn per_operation(
    out: &mut String,
    (name, help): (&str, &str),
    operations: &BTreeMap<String, Operation>,
    value: fn(&Operation) -> u64,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (operation, figures) in operations {
        let _ = writeln!(
            out,
            "{name}{{operation=\"{operation}\"}} {}",
            value(figures)
        );
    }
}

fn render_operations(out: &mut String, operations: &BTreeMap<String, Operation>) {
    per_operation(
        out,
        (
            "mineright_graphql_operations_total",
            "GraphQL operations by operation name.",
        ),
        operations,
        |o| o.count,
    );
    per_operation(
        out,
        (
            "mineright_graphql_operations_failed_total",
            "Operations answered with an error.",
        ),
        operations,
        |o| o.failed,
    );
    let _ = writeln!(
        out,
        "# HELP mineright_graphql_operation_seconds Time to answer a GraphQL operation.\n\
         # TYPE mineright_graphql_operation_seconds histogram"
    );
    for (name, operation) in operations {
        let mut below = 0;
        for (bound, count) in BUCKETS.iter().zip(operation.buckets) {
            below += count;
            let _ = writeln!(
                out,
                "mineright_graphql_operation_seconds_bucket{{operation=\"{name}\",le=\"{bound}\"}} {below}"
            );
        }
        let _ = writeln!(
            out,
            "mineright_graphql_operation_seconds_bucket{{operation=\"{name}\",le=\"+Inf\"}} {}\n\
             mineright_graphql_operation_seconds_sum{{operation=\"{name}\"}} {}\n\
             mineright_graphql_operation_seconds_count{{operation=\"{name}\"}} {}",
            operation.count, operation.seconds, operation.count
        );
    }
}

fn render_pool(out: &mut String, pool: PoolFigures) {
    for (name, help, kind, value) in [
        (
            "mineright_db_connections_open",
            "Database connections open.",
            "gauge",
            f64::from(pool.open),
        ),
        (
            "mineright_db_connections_idle",
            "Database connections open and idle.",
            "gauge",
            pool.idle as f64,
        ),
        (
            "mineright_db_connections_max",
            "The most connections the pool may open.",
            "gauge",
            f64::from(pool.max),
        ),
        (
            "mineright_db_statements_total",
            "SQL statements run since start.",
            "counter",
            pool.statements as f64,
        ),
    ] {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catch-up's age counts from start until its first pass, then from each pass.
    #[test]
    fn the_catch_up_age_restarts_with_each_pass() {
        let metrics = Metrics::default();
        std::thread::sleep(Duration::from_millis(30));
        assert!(metrics.catch_up_age() >= 0.03);
        metrics.caught_up();
        assert!(metrics.catch_up_age() < 0.03);
        let text = metrics.render(PoolFigures::default());
        assert!(
            text.contains("\nmineright_assessments_catch_up_age_seconds 0.0"),
            "{text}"
        );
    }

    /// Client-chosen names are bounded before they become labels.
    #[test]
    fn operation_names_become_bounded_labels() {
        let metrics = Metrics::default();
        metrics.observe(Some("MinesPage"), Duration::from_millis(20), &[]);
        metrics.observe(None, Duration::from_millis(20), &["UNAUTHENTICATED"]);
        metrics.observe(Some("bad\"}name"), Duration::from_millis(20), &[]);
        for i in 0..MAX_OPERATIONS + 50 {
            metrics.observe(Some(&format!("Q{i}")), Duration::from_millis(1), &[]);
        }
        let text = metrics.render(PoolFigures::default());
        assert!(text.contains("mineright_graphql_operations_total{operation=\"MinesPage\"} 1"));
        assert!(text.contains("{operation=\"anonymous\"} 1"));
        assert!(text.contains("{operation=\"invalid\"} 1"));
        assert!(text.contains("mineright_graphql_errors_total{code=\"UNAUTHENTICATED\"} 1"));
        let labelled = text
            .lines()
            .filter(|line| line.starts_with("mineright_graphql_operations_total{"))
            .count();
        assert_eq!(labelled, MAX_OPERATIONS + 1, "the rest count as other");
        assert!(!text.contains("bad\""));
    }

    /// The histogram's buckets are cumulative and end at the count.
    #[test]
    fn latency_buckets_are_cumulative() {
        let metrics = Metrics::default();
        for millis in [3, 30, 300, 60_000] {
            metrics.observe(Some("Slow"), Duration::from_millis(millis), &[]);
        }
        let text = metrics.render(PoolFigures::default());
        for (bound, below) in [
            ("0.005", 1),
            ("0.05", 2),
            ("0.5", 3),
            ("30", 3),
            ("+Inf", 4),
        ] {
            let line = format!(
                "mineright_graphql_operation_seconds_bucket{{operation=\"Slow\",le=\"{bound}\"}} {below}"
            );
            assert!(text.contains(&line), "{line} in {text}");
        }
        assert!(text.contains("mineright_graphql_operation_seconds_count{operation=\"Slow\"} 4"));
    }
}
