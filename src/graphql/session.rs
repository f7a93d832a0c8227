//! WebSocket sessions authenticate once at `connection_init`; every operation of a session
//! checks the session's token again first ([`recheck`], run by the gate), so a token that
//! expired or was revoked while the socket stayed open is refused from then on.

use std::any::TypeId;

use async_graphql::{Data, ServerError};

use crate::error::AppError;
use crate::service::tokens::authenticate;
use crate::state::AppState;

/// `extensions.reason` of an operation refused because its session's token expired or was
/// revoked.
pub const SESSION_REFUSED: &str = "SESSION_REFUSED";

/// The `Authorization` value a WebSocket session was opened with.
pub struct SessionToken(pub String);

/// Authenticates the token `session` was opened with again, if it was opened with one.
pub async fn recheck(state: &AppState, session: &Data) -> Result<(), ServerError> {
    let Some(SessionToken(header)) = session
        .get(&TypeId::of::<SessionToken>())
        .and_then(|data| data.downcast_ref::<SessionToken>())
    else {
        return Ok(());
    };
    authenticate(state, Some(header)).await.map_err(|err| {
        let mut refused = err.server_error();
        if matches!(err, AppError::Unauthenticated) {
            // Marks the refusal so the socket closes with 4403 (see `http::websocket`); a
            // database that cannot answer fails the operation, not the session.
            refused
                .extensions
                .get_or_insert_with(Default::default)
                .set("reason", SESSION_REFUSED);
        }
        refused
    })?;
    Ok(())
}
