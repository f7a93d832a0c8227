//! Logging and traces. Logs go to stderr (stdout belongs to `mineright token` and
//! `mineright schema`), text or JSON, filtered by `MINERIGHT_LOG` or `RUST_LOG`. With
//! `MINERIGHT_OTLP_ENDPOINT` the server also exports traces over OTLP/HTTP (JSON encoding)
//! to a collector (docs/operations.md, "Traces"): the request, a span per GraphQL operation
//! (its name and the caller's role) and a span per SQL statement (its text with
//! placeholders, never its values), so a slow admission can be followed statement by
//! statement. Tokens, variables and names of natural persons never enter a span.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::SystemTime;

use opentelemetry::KeyValue;
use opentelemetry::trace::{Span as _, SpanKind, Status, Tracer as _, TracerProvider as _};
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::{SdkTracerProvider, Tracer};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;

/// The exporting tracer and its provider, once traces are on.
static TRACES: OnceLock<(SdkTracerProvider, Tracer)> = OnceLock::new();

/// The name traces carry as `service.name`.
const SERVICE: &str = "mineright";

/// Installs the global subscriber once; later calls are ignored (tests start many apps).
pub fn init(format: LogFormat) {
    install(format, None);
}

/// As [`init`], exporting traces to the OTLP/HTTP collector at `endpoint` (its base URL,
/// such as `http://collector:4318`) when one is given.
pub fn init_with_traces(format: LogFormat, endpoint: Option<&str>) -> Result<(), String> {
    let traces = match endpoint {
        Some(endpoint) => Some(provider(endpoint)?),
        None => None,
    };
    install(format, traces);
    Ok(())
}

fn install(format: LogFormat, traces: Option<SdkTracerProvider>) {
    let filter = EnvFilter::try_from_env("MINERIGHT_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // Colour only for a terminal: piped logs and files stay plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let logs = match format {
        LogFormat::Text => logs.boxed(),
        LogFormat::Json => logs.json().flatten_event(true).boxed(),
    };
    let otel = traces.map(|provider| {
        let tracer = provider.tracer(SERVICE);
        let layer = tracing_opentelemetry::layer().with_tracer(tracer.clone());
        let _ = TRACES.set((provider, tracer));
        layer
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(logs)
        .with(otel)
        .try_init();
}

/// The batch exporter. Its HTTP client blocks, so it is built (and later shut down) on a
/// thread of its own, never on an async worker.
fn provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    let url = format!("{}/v1/traces", endpoint.trim_end_matches('/'));
    std::thread::spawn(move || {
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(opentelemetry_otlp::Protocol::HttpJson)
            .with_endpoint(url)
            .build()
            .map_err(|err| format!("OTLP exporter: {err}"))?;
        let resource = opentelemetry_sdk::Resource::builder()
            .with_service_name(SERVICE)
            .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build())
    })
    .join()
    .map_err(|_| "the OTLP exporter could not be built".to_owned())?
}

/// Sends the spans still buffered; the server calls it once it has stopped.
pub fn flush() {
    if let Some((provider, _)) = TRACES.get() {
        let provider = provider.clone();
        let _ = std::thread::spawn(move || {
            if let Err(err) = provider.shutdown() {
                eprintln!("mineright: traces not all sent: {err}");
            }
        })
        .join();
    }
}

/// The operation a task is running, for the spans of its statements.
#[derive(Debug, Clone, Default)]
pub struct OperationLabel {
    /// The operation's name (`anonymous` when it has none).
    pub name: String,
    /// The caller's role code, or `ANONYMOUS`.
    pub role: &'static str,
}

tokio::task_local! {
    static OPERATION: RefCell<OperationLabel>;
}

/// Runs `future` as the operation `label`: its statements' spans carry it.
pub async fn as_operation<F: std::future::Future>(label: OperationLabel, future: F) -> F::Output {
    OPERATION.scope(RefCell::new(label), future).await
}

/// Names the running operation once its document has been read.
pub fn name_operation(name: &str) {
    let _ = OPERATION.try_with(|label| label.borrow_mut().name = name.to_owned());
}

/// A span for one SQL statement that took `elapsed`, ending now, under the current span:
/// its text with placeholders, the operation and the role it ran for.
pub fn statement_span(sql: &str, elapsed: std::time::Duration, failed: bool, system: &'static str) {
    let Some((_, tracer)) = TRACES.get() else {
        return;
    };
    let end = SystemTime::now();
    let start = end.checked_sub(elapsed).unwrap_or(end);
    let label = OPERATION
        .try_with(|label| label.borrow().clone())
        .unwrap_or_default();
    let verb = sql
        .split_whitespace()
        .next()
        .unwrap_or("SQL")
        .to_ascii_uppercase();
    let parent = tracing::Span::current().context();
    let mut span = tracer
        .span_builder(format!("{verb} {system}"))
        .with_kind(SpanKind::Client)
        .with_start_time(start)
        .with_attributes(vec![
            KeyValue::new("db.system", system),
            KeyValue::new("db.operation", verb),
            KeyValue::new("db.statement", sql.to_owned()),
            KeyValue::new("graphql.operation.name", label.name),
            KeyValue::new("mineright.role", label.role),
        ])
        .start_with_context(tracer, &parent);
    if failed {
        span.set_status(Status::error("statement failed"));
    }
    span.end_with_timestamp(end);
}
