//! WebSocket sessions authenticate once at `connection_init`; this extension checks the
//! session's token again before every operation, so a token that expired or was revoked
//! while the socket stayed open is refused from then on.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerResult};

use crate::error::AppError;
use crate::service::tokens::authenticate;
use crate::state::AppState;

/// `extensions.reason` of an operation refused because its session's token expired or was
/// revoked.
pub const SESSION_REFUSED: &str = "SESSION_REFUSED";

/// The `Authorization` value a WebSocket session was opened with.
pub struct SessionToken(pub String);

/// Schema extension re-authenticating session operations.
pub struct SessionRecheck;

impl ExtensionFactory for SessionRecheck {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SessionRecheck)
    }
}

#[async_trait::async_trait]
impl Extension for SessionRecheck {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let (Some(SessionToken(header)), Some(state)) =
            (ctx.data_opt::<SessionToken>(), ctx.data_opt::<AppState>())
            && let Err(err) = authenticate(state, Some(header)).await
        {
            let mut refused = err.server_error();
            if matches!(err, AppError::Unauthenticated) {
                // Marks the refusal so the socket closes with 4403 (see `http::websocket`);
                // a database that cannot answer fails the operation, not the session.
                refused
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("reason", SESSION_REFUSED);
            }
            return Err(refused);
        }
        next.run(ctx, request).await
    }
}
