//! Query limits and error codes for what happens before resolvers run.
//!
//! Every document is measured first by [`shape::measure`], in time linear in its size and
//! before async-graphql's own checks (which expand fragments spread by spread and could be
//! made to run for hours by a kilobyte of nested fragments): depth, nesting, weighted size
//! and aliases after expansion. A large document is parsed and measured on the blocking
//! pool, so no async worker stalls on it. Complexity (paged lists cost `first ×` their
//! selection, whole-county assessments their declared cost) and depth are then checked by
//! the library on the validated document, whose size is bounded by now. A refusal carries
//! `extensions.code = QUERY_TOO_COMPLEX`; syntax and validation errors get
//! `BAD_USER_INPUT`, and any error still without a code gets one, so every error carries a
//! code ([`shaped`]).

pub mod messages;
pub mod shape;
pub mod strings;

use async_graphql::{Request, Response, ServerError};

use shape::{Refusal, ShapeLimits};

use crate::error::AppError;
use crate::graphql::errors::server_error;

/// Deepest query accepted: GraphiQL's introspection query is about 13 levels.
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted; paged lists cost `first ×` their selection, so a page of
/// 100 mines with county, mineral and their nested fields fits.
pub const MAX_COMPLEXITY: usize = 20_000;
/// What a field that assesses a whole county or city (or runs a what-if's neighbour
/// search) costs: at most a few of them fit in one request.
pub const SCAN_COST: usize = 5_000;
/// Most aliased fields accepted in one document, counted after fragment expansion.
pub const MAX_ALIASES: u64 = 100;
/// Deepest nesting of selection sets, fragments included (async-graphql's own limit).
pub const MAX_NESTING: usize = 32;
/// Most selections after fragment expansion, weighted by argument size: GraphiQL's
/// introspection query weighs about 200.
pub const MAX_NODES: u64 = 5_000;
/// Documents shorter than this are parsed on the async worker: they take microseconds,
/// and a hop to the blocking pool would cost more than it saves.
const INLINE_PARSE_BYTES: usize = 16 * 1024;

const SHAPE_LIMITS: ShapeLimits = ShapeLimits {
    max_depth: MAX_DEPTH,
    max_nesting: MAX_NESTING,
    max_nodes: MAX_NODES,
    max_aliases: MAX_ALIASES,
};

fn coded(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

fn too_complex(message: String) -> ServerError {
    coded(ServerError::new(message, None), "QUERY_TOO_COMPLEX")
}

/// Parses `request` (the parsed document stays with it, so the library does not parse it
/// again) and measures it against [`SHAPE_LIMITS`].
fn parse_and_measure(mut request: Request) -> Result<Request, ServerError> {
    let variables = request.variables.clone();
    let doc = request
        .parsed_query()
        .map_err(|err| coded(err, "BAD_USER_INPUT"))?;
    shape::measure(doc, &variables, SHAPE_LIMITS).map_err(refusal_error)?;
    let hostile = strings::hostile_strings(doc, &variables);
    if !hostile.is_empty() {
        return Err(server_error(&AppError::Invalid(hostile)));
    }
    Ok(request)
}

/// The library's refusals of a document over [`MAX_COMPLEXITY`] and [`MAX_DEPTH`].
const LIBRARY_TOO_COMPLEX: &str = "Query is too complex.";
const LIBRARY_TOO_DEEP: &str = "Query is nested too deep.";

/// Gives a library error our shape: a known refusal is re-worded in Chinese with its field
/// and `BAD_USER_INPUT`; an uncoded error raised `before_execution` (by validation) is the
/// request's fault; any other uncoded error is ours, logged and sent as `INTERNAL` without
/// its text. Errors that already carry a field (every `AppError`) pass unchanged. With the
/// schema `concealed`, a refusal names only the field the caller wrote: neither the
/// library's text nor any type it names leaves.
fn normalised(mut error: ServerError, before_execution: bool, concealed: bool) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("field").is_some() {
        return error;
    }
    let code = match extensions.get("code") {
        None if before_execution && error.message == LIBRARY_TOO_COMPLEX => {
            return too_complex(format!("查询过于复杂：复杂度超过上限 {MAX_COMPLEXITY}"));
        }
        None if before_execution && error.message == LIBRARY_TOO_DEEP => {
            return too_complex(format!("查询过于复杂：嵌套超过 {MAX_DEPTH} 层"));
        }
        None if before_execution => Some("BAD_USER_INPUT"),
        None => None,
        Some(async_graphql::Value::String(code)) if code == "BAD_USER_INPUT" => {
            Some("BAD_USER_INPUT")
        }
        Some(_) => return error,
    };
    let english = std::mem::take(&mut error.message);
    let (field, message) = match (messages::reword(&english), code) {
        (Some(reworded), _) => (reworded.field, reworded.message),
        (None, Some(_)) => (None, "请求不符合 GraphQL 模式".to_owned()),
        (None, None) => {
            tracing::error!(error = %english, "uncoded error");
            error.message = AppError::internal(&english).message();
            extensions.set("code", "INTERNAL");
            return error;
        }
    };
    let field = field
        .or_else(|| {
            error.path.iter().rev().find_map(|segment| match segment {
                async_graphql::PathSegment::Field(name) => Some(name.clone()),
                async_graphql::PathSegment::Index(_) => None,
            })
        })
        .unwrap_or_else(|| "query".to_owned());
    if concealed {
        let mut refused = server_error(&AppError::invalid(
            &field,
            format!("请求不符合 GraphQL 模式（{field}）"),
        ));
        refused.locations = error.locations;
        return refused;
    }
    // The same shape as every other refusal of input, plus the library's own text.
    let mut refused = server_error(&AppError::invalid(&field, message));
    refused
        .extensions
        .get_or_insert_with(Default::default)
        .set("detail", english);
    refused.locations = error.locations;
    refused.path = error.path;
    refused
}

fn refusal_error(refusal: Refusal) -> ServerError {
    match refusal {
        Refusal::TooDeep => too_complex(format!("查询过于复杂：嵌套超过 {MAX_DEPTH} 层")),
        Refusal::TooNested => too_complex(format!(
            "查询过于复杂：选择集与片段嵌套超过 {MAX_NESTING} 层"
        )),
        Refusal::TooLarge => too_complex(format!(
            "查询过于复杂：展开片段后的字段规模超过上限 {MAX_NODES}"
        )),
        Refusal::TooManyAliases => too_complex(format!(
            "查询过于复杂：展开片段后别名超过上限 {MAX_ALIASES} 个"
        )),
        Refusal::FragmentCycle(name) => server_error(&AppError::invalid(
            "query",
            format!("片段 {name} 循环引用自身"),
        )),
    }
}

/// Parses and measures `request` before the library sees it (the parsed document stays
/// with the request): on the async worker when short, on the blocking pool when long.
pub async fn measured(request: Request) -> Result<Request, ServerError> {
    if request.query.len() < INLINE_PARSE_BYTES {
        return parse_and_measure(request);
    }
    tokio::task::spawn_blocking(move || parse_and_measure(request))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "document measurement did not finish");
            coded(ServerError::new("服务器内部错误", None), "INTERNAL")
        })?
}

/// `response` with every error in our shape ([`normalised`]). An error without a path in a
/// response without data was raised before execution began: by validation or by the
/// library's depth and complexity limits. `concealed`: the caller may not see the schema
/// (no token, introspection kept from such callers).
pub fn shaped(mut response: Response, concealed: bool) -> Response {
    let unexecuted = response.data == async_graphql::Value::Null;
    response.errors = std::mem::take(&mut response.errors)
        .into_iter()
        .map(|error| {
            let before_execution = unexecuted && error.path.is_empty();
            normalised(error, before_execution, concealed)
        })
        .collect();
    response
}
