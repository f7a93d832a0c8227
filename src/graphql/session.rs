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
            let refused = if matches!(err, AppError::Unauthenticated) {
                err
            } else {
                AppError::Unauthenticated
            };
            return Err(refused.server_error());
        }
        next.run(ctx, request).await
    }
}
