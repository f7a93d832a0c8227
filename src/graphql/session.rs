//! WebSocket sessions authenticate once at `connection_init`; every operation of a session
//! checks the session's token again first ([`recheck`], run by the gate), and an open
//! subscription checks it before each event and on a timer ([`holds`]), so a token that
//! expired or was revoked while the socket stayed open is refused from then on and the
//! socket closes with 4403.

use std::any::TypeId;

use async_graphql::{Data, ErrorExtensions, ServerError};

use crate::error::AppError;
use crate::graphql::errors::server_error;
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
        let mut refused = server_error(&err);
        if matches!(err, AppError::Unauthenticated(_)) {
            mark(refused.extensions.get_or_insert_with(Default::default));
        }
        refused
    })?;
    Ok(())
}

/// Marks a refusal so the socket closes with 4403 (see `http::websocket`); a database that
/// cannot answer fails the operation, not the session.
fn mark(extensions: &mut async_graphql::ErrorExtensionValues) {
    extensions.set("reason", SESSION_REFUSED);
}

/// Whether a session opened with `header` may still hear events: `Err` with the error that
/// ends its subscription (marked for 4403 when the token is refused).
pub async fn holds(state: &AppState, header: &str) -> Result<(), async_graphql::Error> {
    match authenticate(state, Some(header)).await {
        Ok(_) => Ok(()),
        Err(err @ AppError::Unauthenticated(_)) => {
            Err(async_graphql::Error::from(err).extend_with(|_, extensions| mark(extensions)))
        }
        Err(other) => Err(other.into()),
    }
}
