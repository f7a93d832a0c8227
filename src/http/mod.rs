//! The axum router: GraphQL over POST and GET (queries only), WebSocket, GraphiQL, health,
//! readiness and the SDL.
//!
//! Layers, outermost first: request id (set) → trace span carrying the id → request id
//! (propagated to the response) → security headers → CORS (when origins are allowed) →
//! timeout. The 1 MiB body limit and the JSON-only rule for POST sit on `/graphql` itself,
//! because the streaming GraphQL extractor does not honour axum's default limit.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Executor, ParseRequestError};
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use http_body_util::Limited;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::domain::access::Caller;
use crate::error::AppError;
use crate::graphql::errors::server_error;
use crate::graphql::persisted::{QueriesOnly, changes_data, mutation_over_get};
use crate::graphql::{Admitted, AppSchema, ClientAddress, Gate, admitted, sdl};
use crate::infra::db::is_ready;
use crate::service::tokens::authenticate;
use crate::state::AppState;

mod browser;
mod client;
mod exports;
mod metrics;
mod multipart;
mod websocket;

pub use browser::parse_origins;
pub use metrics::separate as metrics_router;

/// Largest GraphQL JSON body accepted (docs/api.md).
pub const GRAPHQL_BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
struct HttpState {
    app: AppState,
    gate: Gate,
    upload_limit: usize,
    /// The digest of the token that reads `/metrics` here; `None`: not served here.
    metrics_token: Option<[u8; 32]>,
    /// Reverse proxies whose `X-Forwarded-For` names the caller.
    trusted_proxies: Arc<[IpAddr]>,
}

/// The peer of a connection, when the server was started with it (not in-process calls).
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

/// How the router answers, beyond the schema and the state.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Longest time for one request (then 503).
    pub request_timeout: Duration,
    /// Origins whose browser pages may call the API (CORS); empty: none.
    pub cors_origins: Vec<HeaderValue>,
    /// Largest multipart body (an upload).
    pub upload_limit: usize,
    /// The token that reads `/metrics` on this listener; `None`: not served here.
    pub metrics_token: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the caller.
    pub trusted_proxies: Vec<IpAddr>,
}

/// Builds the router serving `schema`.
pub fn router(app: AppState, schema: AppSchema, settings: HttpSettings) -> Router {
    let gate = Gate::new(schema, app.clone());
    let state = HttpState {
        app,
        gate,
        upload_limit: settings.upload_limit,
        metrics_token: settings.metrics_token.as_deref().map(metrics::token_digest),
        trusted_proxies: settings.trusted_proxies.into(),
    };
    let graphql = get(graphql_get)
        .post(graphql_post)
        .layer(middleware::from_fn_with_state(
            settings.upload_limit,
            limit_body,
        ));
    let trace = TraceLayer::new_for_http()
        .make_span_with(request_span)
        // One line per finished request (status and latency) inside its span.
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));
    let mut router = Router::new()
        .route("/graphql", graphql)
        .route("/graphql/ws", get(websocket::graphql_ws))
        .route("/", get(browser::graphiql))
        .route("/assets/{file}", get(browser::asset))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/schema.graphql", get(schema_sdl))
        .merge(exports::routes())
        .merge(metrics::routes())
        .with_state(state)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            settings.request_timeout,
        ))
        // gzip or brotli when the client accepts it: a page of mines with their findings
        // shrinks several times, which county networks and mobile clients feel.
        .layer(CompressionLayer::new());
    if let Some(cors) = browser::cors(settings.cors_origins) {
        router = router.layer(cors);
    }
    for header in browser::security_headers() {
        router = router.layer(header);
    }
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The span every request runs in, carrying its id. The path only: a GET's query string
/// holds its document and variables, which may name natural persons.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    let path = request.uri().path();
    tracing::info_span!(
        "request",
        otel.name = %format!("{} {path}", request.method()),
        otel.kind = "server",
        method = %request.method(),
        path,
        request_id
    )
}

/// POSTs must be JSON or multipart (else 415), then their limit: 1 MiB for JSON,
/// `upload_limit` for multipart (an import). A declared `Content-Length` over it is refused
/// at once; any other body is read through the limit, and the GraphQL extractor's failure
/// becomes 413 in [`rejection_response`]. Both answer in GraphQL's error shape.
async fn limit_body(
    State(upload_limit): State<usize>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let post = request.method() == axum::http::Method::POST;
    let kind = body_kind(request.headers());
    if post && kind.is_none() {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &AppError::invalid(
                "content-type",
                "请求体须为 application/json（上传文件用 multipart/form-data）",
            ),
        );
    }
    let limit = match kind {
        Some(BodyKind::Multipart) => upload_limit,
        _ => GRAPHQL_BODY_LIMIT,
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return too_large_response(limit);
    }
    next.run(request.map(|body| Body::new(Limited::new(body, limit))))
        .await
}

/// The bodies GraphQL reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Multipart,
}

/// What a POST declares: JSON, or multipart for uploads; anything else (a form, plain
/// text: what a cross-site page can send without a preflight) is `None`, answered 415.
fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())?;
    match essence.as_str() {
        "application/json" => Some(BodyKind::Json),
        "multipart/form-data" => Some(BodyKind::Multipart),
        _ => None,
    }
}

fn too_large_response(limit: usize) -> Response {
    error_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        &AppError::invalid("body", format!("请求体超过 {} 上限", human_size(limit))),
    )
}

/// `limit` in KiB or MiB, as the refusal says it.
fn human_size(limit: usize) -> String {
    if limit >= 1 << 20 && limit.is_multiple_of(1 << 20) {
        format!("{} MiB", limit >> 20)
    } else {
        format!("{} KiB", limit.div_ceil(1 << 10))
    }
}

/// A GraphQL-shaped error body with an HTTP status, logged once (inside the request's span,
/// so with its request id).
/// The body is built by the same mapping as every resolver's error, so a refusal of input
/// carries its `field` and `problems` here too, and an internal cause is logged there.
fn error_response(status: StatusCode, err: &AppError) -> Response {
    tracing::info!(status = status.as_u16(), code = err.code(), message = %err.message(), "request refused");
    let body = serde_json::json!({ "errors": [server_error(err)] });
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// The caller the request's `Authorization` header names (none: anonymous), or the
/// response refusing it (401 for a bad token).
async fn caller_of(app: &AppState, headers: &HeaderMap) -> Result<Option<Caller>, Response> {
    let header = headers
        .get(header::AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or(""));
    match authenticate(app, header).await {
        Ok(caller) => Ok(caller),
        Err(err @ AppError::Unauthenticated(_)) => {
            Err(error_response(StatusCode::UNAUTHORIZED, &err))
        }
        Err(err) => Err(error_response(StatusCode::SERVICE_UNAVAILABLE, &err)),
    }
}

/// Who is calling, once it has drawn on its budget.
struct Admission {
    caller: Option<Caller>,
    address: Option<IpAddr>,
}

/// Authenticates and draws on the caller's budget from the headers alone, before the body
/// is read, so that a caller over its budget costs no parsing: 401 for a bad token, 429
/// with `Retry-After` for a spent budget.
async fn admit(
    state: &HttpState,
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
) -> Result<Admission, Response> {
    let caller = caller_of(&state.app, headers).await?;
    let address = client::client_address(peer, headers, &state.trusted_proxies);
    if let Err(refused) = admitted(
        &state.app.rate_limits,
        caller.as_ref(),
        address.map(ClientAddress),
    ) {
        state.app.metrics.refused(refused.code());
        return Err(client::rate_limited(&refused));
    }
    Ok(Admission { caller, address })
}

/// Runs the request of an admitted caller, with the caller and its address attached.
async fn execute(
    state: &HttpState,
    admission: Admission,
    mut request: async_graphql::Request,
) -> Response {
    request = request.data(Admitted);
    if let Some(caller) = admission.caller {
        request = request.data(caller);
    }
    if let Some(address) = admission.address {
        request = request.data(ClientAddress(address));
    }
    GraphQLResponse::from(state.gate.execute(request).await).into_response()
}

/// A POST: JSON through the library's reader, multipart (an upload) through ours, which
/// holds its `operations` to the JSON limit.
async fn graphql_post(State(state): State<HttpState>, request: Request<Body>) -> Response {
    let headers = request.headers().clone();
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>();
    let admission = match admit(&state, &headers, peer).await {
        Ok(admission) => admission,
        Err(refused) => return refused,
    };
    let graphql = if body_kind(&headers) == Some(BodyKind::Multipart) {
        match multipart::request(&headers, request.into_body(), state.upload_limit).await {
            Ok(graphql) => graphql,
            Err(refused) => return refused.response(),
        }
    } else {
        match GraphQLRequest::<GraphQLRejection>::from_request(request, &state).await {
            Ok(graphql) => graphql.into_inner(),
            Err(GraphQLRejection(err)) => return rejection_response(err),
        }
    };
    execute(&state, admission, graphql).await
}

/// Whether a body error is the 1 MiB limit tripping on a body without `Content-Length`
/// (a chunked upload), which the limit layer cannot refuse up front. The body reader may
/// re-wrap the limit error as text, so the message is compared too.
fn is_length_limit(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>()
            || current.to_string() == LENGTH_LIMIT_MESSAGE
        {
            return true;
        }
        cause = current.source();
    }
    false
}

/// The text of `http_body_util::LengthLimitError`.
const LENGTH_LIMIT_MESSAGE: &str = "length limit exceeded";

/// A request the GraphQL extractor could not read, answered in GraphQL's error shape: 413 for
/// an oversized body, 400 otherwise (array batches included).
fn rejection_response(err: ParseRequestError) -> Response {
    let too_large = match &err {
        ParseRequestError::PayloadTooLarge => true,
        ParseRequestError::Io(io) => {
            io.get_ref().is_some_and(|inner| is_length_limit(inner))
                || io.to_string() == LENGTH_LIMIT_MESSAGE
        }
        _ => false,
    };
    if too_large {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            &AppError::invalid("body", "请求体超过 1 MiB 上限"),
        );
    }
    let message = match err {
        ParseRequestError::UnsupportedBatch => "不支持批量请求，请逐个发送".to_owned(),
        other => {
            tracing::info!(error = %other, "unreadable GraphQL request");
            "无法解析的 GraphQL 请求".to_owned()
        }
    };
    error_response(StatusCode::BAD_REQUEST, &AppError::invalid("body", message))
}

/// GET carries queries only: a document holding a mutation is refused (405), so that a link
/// or a prefetch can never change data.
async fn graphql_get(
    State(state): State<HttpState>,
    headers: HeaderMap,
    peer: Peer,
    request: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let request = match request {
        Ok(request) => request,
        Err(GraphQLRejection(err)) => return rejection_response(err),
    };
    let has_mutation = async_graphql::parser::parse_query(&request.0.query)
        .is_ok_and(|document| changes_data(&document));
    if has_mutation {
        let mut response = error_response(StatusCode::METHOD_NOT_ALLOWED, &mutation_over_get());
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let peer = peer.map(|Extension(peer)| peer);
    let admission = match admit(&state, &headers, peer.as_ref()).await {
        Ok(admission) => admission,
        Err(refused) => return refused,
    };
    execute(&state, admission, request.into_inner().data(QueriesOnly)).await
}

async fn readyz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    if is_ready(&state.app.db, Duration::from_secs(2)).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// The SDL, to every caller unless the deployment keeps introspection from callers without
/// a token (then 404 to them, as if there were none).
async fn schema_sdl(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    if !state.app.anonymous_introspection {
        match caller_of(&state.app, &headers).await {
            Ok(Some(_)) => {}
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(refused) => return refused,
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], sdl()).into_response()
}
