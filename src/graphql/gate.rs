//! Every GraphQL operation, over HTTP or a WebSocket, passes through the [`Gate`]: a
//! session's token is checked again, the caller draws on its budget of operations
//! ([`RateLimiter`]), a document named by its hash is found or registered
//! ([`persisted`]), the document is measured before the library parses it
//! ([`limits::measured`]), the request gets its own loaders, every error leaves in our
//! shape ([`limits::shaped`]), and the operation is counted and timed for `/metrics`.
//!
//! This is deliberately not a set of schema extensions: once any extension is installed,
//! async-graphql builds a `ResolveInfo` and runs every extension's hook around every field
//! it resolves, which cost ~7% of the CPU of a 50-mine page although none of ours looks at
//! fields.

use std::any::TypeId;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::DocumentOperations;
use async_graphql::{Data, Executor, Request, Response, Value};
use futures_util::stream::{self, BoxStream, StreamExt};
use tracing::Instrument;

use crate::domain::access::Caller;
use crate::error::AppError;
use crate::graphql::errors::server_error;
use crate::graphql::limits::{measured, shaped};
use crate::graphql::loaders::Loaders;
use crate::graphql::persisted::{self, Persisted};
use crate::graphql::schema::AppSchema;
use crate::graphql::session::recheck;
use crate::infra::metrics::operation_label;
use crate::infra::rate_limit::{Drawer, RateLimiter};
use crate::state::AppState;
use crate::telemetry::{self, OperationLabel};

/// The address a request came from (after trusted proxies), which a caller without a token
/// is held to its budget by. HTTP attaches it to each request, a WebSocket to its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The schema with what every operation needs before and after it runs.
#[derive(Clone)]
pub struct Gate {
    schema: AppSchema,
    state: AppState,
}

impl Gate {
    /// The gate in front of `schema`, serving `state`.
    pub fn new(schema: AppSchema, state: AppState) -> Self {
        Self { schema, state }
    }

    /// Whether `viewer` is kept from the schema: no token, where the deployment keeps
    /// introspection from such callers (their errors then name no type either).
    fn conceals_schema(&self, viewer: Option<&Caller>) -> bool {
        viewer.is_none() && !self.state.anonymous_introspection
    }

    /// Draws on the caller's budget, measures `request` and gives it fresh loaders for
    /// `viewer`; a caller without a token introspects only where the deployment allows it.
    async fn prepared(
        &self,
        mut request: Request,
        viewer: Option<Caller>,
        address: Option<ClientAddress>,
    ) -> Result<Request, Response> {
        if carried::<Admitted>(&request.data).is_none() {
            admitted(&self.state.rate_limits, viewer.as_ref(), address)
                .map_err(|refused| Response::from_errors(vec![server_error(&refused)]))?;
        }
        if self.conceals_schema(viewer.as_ref()) {
            request = request.disable_introspection();
        }
        let refused = |err: AppError| Response::from_errors(vec![server_error(&err)]);
        let (request, persisted) = persisted::resolved(&self.state, request, viewer.as_ref())
            .await
            .map_err(refused)?;
        let mut request = measured(request)
            .await
            .map_err(|error| Response::from_errors(vec![error]))?;
        persisted::refuse_mutation_over_get(&mut request).map_err(refused)?;
        if let Persisted::Register(hash) = persisted {
            persisted::register(&self.state, &hash, &request.query).await;
        }
        Ok(request.data(Loaders::new(&self.state, viewer)))
    }
}

/// Marks a request whose caller has already drawn on its budget (HTTP draws before it
/// reads the body, so that a refusal costs no parsing); the gate draws for every other.
#[derive(Debug, Clone, Copy)]
pub struct Admitted;

/// Takes one operation from the budget of the caller's token, or of its address when it
/// has none. An address-less request (only in-process callers make them) draws on the
/// unspecified address's budget, so that nothing escapes the limit.
pub fn admitted(
    limiter: &RateLimiter,
    viewer: Option<&Caller>,
    address: Option<ClientAddress>,
) -> Result<(), AppError> {
    let drawer = match viewer {
        Some(caller) => Drawer::Token(caller.jti.clone()),
        None => Drawer::address(address.map_or(Ipv4Addr::UNSPECIFIED.into(), |a| a.0)),
    };
    limiter
        .admit(drawer, viewer.map(|caller| caller.role), Instant::now())
        .map_err(AppError::RateLimited)
}

/// The `T` a request carries (HTTP attaches the caller and the address to the request, a
/// WebSocket session to its data).
fn carried<T: Clone + Send + Sync + 'static>(data: &Data) -> Option<T> {
    data.get(&TypeId::of::<T>())
        .and_then(|value| value.downcast_ref::<T>())
        .cloned()
}

/// The name of the one operation a parsed document holds (`query MinesPage { … }`), when it
/// is named; a document of several names them by `operationName`.
fn named_in(request: &mut Request) -> Option<String> {
    match &request.parsed_query().ok()?.operations {
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            operations.keys().next().map(ToString::to_string)
        }
        _ => None,
    }
}

impl Gate {
    /// One operation over HTTP: executed in its trace span, named once its document is
    /// read, carrying the caller's `role`; its statements' spans carry both.
    async fn run(&self, request: Request, role: &'static str) -> Response {
        let started = Instant::now();
        let mut name = request.operation_name.clone();
        let viewer = carried::<Caller>(&request.data);
        let address = carried::<ClientAddress>(&request.data);
        let concealed = self.conceals_schema(viewer.as_ref());
        let response = match self.prepared(request, viewer, address).await {
            Ok(mut request) => {
                name = name.or_else(|| named_in(&mut request));
                let label = operation_label(name.as_deref());
                telemetry::name_operation(label);
                let span = tracing::info_span!(
                    "graphql",
                    otel.name = %format!("graphql {label}"),
                    graphql.operation.name = label,
                    mineright.role = role,
                );
                shaped(
                    self.schema.execute(request).instrument(span).await,
                    concealed,
                )
            }
            Err(refused) => shaped(refused, concealed),
        };
        let codes: Vec<&str> = response
            .errors
            .iter()
            .map(
                |error| match error.extensions.as_ref().and_then(|e| e.get("code")) {
                    Some(Value::String(code)) => code.as_str(),
                    Some(Value::Enum(code)) => code.as_str(),
                    _ => "INTERNAL",
                },
            )
            .collect();
        self.state
            .metrics
            .observe(name.as_deref(), started.elapsed(), &codes);
        response
    }
}

impl Executor for Gate {
    async fn execute(&self, request: Request) -> Response {
        let role =
            carried::<Caller>(&request.data).map_or("ANONYMOUS", |caller| caller.role.code());
        let label = OperationLabel {
            name: "anonymous".into(),
            role,
        };
        telemetry::as_operation(label, self.run(request, role)).await
    }

    fn execute_stream(
        &self,
        request: Request,
        session: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let gate = self.clone();
        let session = session.unwrap_or_default();
        stream::once(async move {
            if let Err(refused) = recheck(&gate.state, &session).await {
                return stream::once(async move { Response::from_errors(vec![refused]) }).boxed();
            }
            let viewer = carried::<Caller>(&request.data).or_else(|| carried(&session));
            let address = carried::<ClientAddress>(&request.data).or_else(|| carried(&session));
            let concealed = gate.conceals_schema(viewer.as_ref());
            match gate.prepared(request, viewer, address).await {
                Ok(request) => gate
                    .schema
                    .execute_stream_with_session_data(request, session)
                    .map(move |response| shaped(response, concealed))
                    .boxed(),
                Err(refused) => stream::once(async move { shaped(refused, concealed) }).boxed(),
            }
        })
        .flatten()
        .boxed()
    }
}
