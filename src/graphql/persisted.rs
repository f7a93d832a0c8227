//! Automatic persisted queries and trusted documents, as the gate applies them before a
//! document is measured (docs/operations.md, "Persisted queries"). The protocol is
//! Apollo's: `extensions.persistedQuery = { version: 1, sha256Hash }`; a hash alone runs a
//! known document or answers `PersistedQueryNotFound`, after which the client sends the
//! hash with the text, which is checked against it and registered once it has passed the
//! limits.

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Request, Value};

use crate::domain::access::Caller;
use crate::error::AppError;
use crate::infra::persisted_queries::sha256_hex;
use crate::state::AppState;

/// The one protocol version there is.
const VERSION: i64 = 1;
/// The field refusals name.
const FIELD: &str = "extensions.persistedQuery";

/// Marks a request that came by GET: a document found by its hash must not hold a
/// mutation either.
#[derive(Debug, Clone, Copy)]
pub struct QueriesOnly;

/// What the gate still has to do once the document has passed the limits.
pub enum Persisted {
    /// Nothing: no hash, or a document already known.
    Nothing,
    /// Register the text sent under its hash.
    Register(String),
}

/// The hash a request names, when it names one; a malformed `persistedQuery` is refused.
fn named_hash(request: &Request) -> Result<Option<String>, AppError> {
    let Some(persisted) = request.extensions.get("persistedQuery") else {
        return Ok(None);
    };
    let Value::Object(fields) = persisted else {
        return Err(AppError::invalid(FIELD, "persistedQuery 须为对象"));
    };
    let version = match fields.get("version") {
        Some(Value::Number(number)) => number.as_i64(),
        _ => None,
    };
    if version != Some(VERSION) {
        return Err(AppError::invalid(FIELD, "persistedQuery.version 须为 1"));
    }
    match fields.get("sha256Hash") {
        Some(Value::String(hash))
            if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(Some(hash.to_ascii_lowercase()))
        }
        _ => Err(AppError::invalid(
            FIELD,
            "persistedQuery.sha256Hash 须为 64 位十六进制 SHA-256",
        )),
    }
}

/// Puts the document a hash names into `request`, or checks the text sent against its
/// hash; holds callers whose role must keep to trusted documents to them.
pub async fn resolved(
    state: &AppState,
    mut request: Request,
    viewer: Option<&Caller>,
) -> Result<(Request, Persisted), AppError> {
    let trusted = state.persisted.trusted();
    let must_trust = trusted.required(viewer.map(|caller| caller.role));
    let Some(hash) = named_hash(&request)? else {
        if must_trust && !trusted.lists(&sha256_hex(&request.query)) {
            return Err(AppError::DocumentNotTrusted);
        }
        return Ok((request, Persisted::Nothing));
    };
    if must_trust && !trusted.lists(&hash) {
        return Err(AppError::DocumentNotTrusted);
    }
    if !request.query.is_empty() {
        if sha256_hex(&request.query) != hash {
            return Err(AppError::invalid(
                FIELD,
                "persistedQuery.sha256Hash 与所附文档的 SHA-256 不符",
            ));
        }
        return Ok((request, Persisted::Register(hash)));
    }
    match state.persisted.find(&state.db, &hash).await? {
        Some(query) => {
            request.query = query;
            Ok((request, Persisted::Nothing))
        }
        None => Err(AppError::PersistedQueryNotFound),
    }
}

/// Whether `document` holds an operation that is not a query: a GET may not run it, so
/// that a link or a prefetch can never change data (stated once for HTTP and here).
pub fn changes_data(document: &ExecutableDocument) -> bool {
    document
        .operations
        .iter()
        .any(|(_, operation)| operation.node.ty != OperationType::Query)
}

/// The refusal of a document that changes data, sent by GET.
pub fn mutation_over_get() -> AppError {
    AppError::invalid("query", "GET 请求只能执行查询，变更请使用 POST")
}

/// A document found by its hash for a GET must hold queries only, as any GET must.
pub fn refuse_mutation_over_get(request: &mut Request) -> Result<(), AppError> {
    let queries_only = request
        .data
        .get(&std::any::TypeId::of::<QueriesOnly>())
        .is_some();
    if queries_only && request.parsed_query().is_ok_and(changes_data) {
        return Err(mutation_over_get());
    }
    Ok(())
}

/// Registers a document that has passed the limits; a failure to store it costs the
/// client one more round trip later, never this answer.
pub async fn register(state: &AppState, hash: &str, query: &str) {
    let now = state.clock.now().timestamp();
    if let Err(err) = state.persisted.register(&state.db, hash, query, now).await {
        tracing::warn!(error = %err, "persisted query not stored");
    }
}
