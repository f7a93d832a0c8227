//! Every GraphQL operation, over HTTP or a WebSocket, passes through the [`Gate`]: a
//! session's token is checked again, the document is measured before the library parses it
//! ([`limits::measured`]), the request gets its own loaders, and every error leaves in our
//! shape ([`limits::shaped`]).
//!
//! This is deliberately not a set of schema extensions: once any extension is installed,
//! async-graphql builds a `ResolveInfo` and runs every extension's hook around every field
//! it resolves, which cost ~7% of the CPU of a 50-mine page although none of ours looks at
//! fields.

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::{Data, Executor, Request, Response};
use futures_util::stream::{self, BoxStream, StreamExt};

use crate::domain::access::Caller;
use crate::graphql::limits::{measured, shaped};
use crate::graphql::loaders::Loaders;
use crate::graphql::schema::AppSchema;
use crate::graphql::session::recheck;
use crate::state::AppState;

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

    /// Measures `request` and gives it fresh loaders for `viewer`.
    async fn prepared(
        &self,
        request: Request,
        viewer: Option<Caller>,
    ) -> Result<Request, Response> {
        let request = measured(request)
            .await
            .map_err(|error| Response::from_errors(vec![error]))?;
        Ok(request.data(Loaders::new(&self.state, viewer)))
    }
}

/// The caller a request carries (HTTP attaches it to the request, a WebSocket session to
/// its data).
fn caller_in(data: &Data) -> Option<Caller> {
    data.get(&TypeId::of::<Caller>())
        .and_then(|caller| caller.downcast_ref::<Caller>())
        .cloned()
}

impl Executor for Gate {
    async fn execute(&self, request: Request) -> Response {
        let viewer = caller_in(&request.data);
        match self.prepared(request, viewer).await {
            Ok(request) => shaped(self.schema.execute(request).await),
            Err(refused) => shaped(refused),
        }
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
            let viewer = caller_in(&request.data).or_else(|| caller_in(&session));
            match gate.prepared(request, viewer).await {
                Ok(request) => gate
                    .schema
                    .execute_stream_with_session_data(request, session)
                    .map(shaped)
                    .boxed(),
                Err(refused) => stream::once(async move { shaped(refused) }).boxed(),
            }
        })
        .flatten()
        .boxed()
    }
}
