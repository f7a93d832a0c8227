//! GraphQL over WebSocket (graphql-transport-ws). Browsers cannot set headers on a
//! WebSocket, so the token travels in the `connection_init` payload; it is kept with the
//! session and checked again before every operation (see [`crate::graphql::session`]), so
//! expiry and revocation apply to open sockets too.
//!
//! Refusals follow the protocol's close codes: a bad, missing-but-expected or revoked token
//! closes the socket with 4403. Messages are capped like HTTP bodies.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Extension;
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};

use super::client::client_address;
use super::{GRAPHQL_BODY_LIMIT, HttpState, Peer};
use crate::error::{AppError, Unauthenticated};
use crate::graphql::ClientAddress;
use crate::graphql::session::SessionToken;
use crate::service::tokens::authenticate;

/// graphql-transport-ws close code for a refused `connection_init` or a token refused
/// mid-session.
pub const FORBIDDEN_CLOSE: u16 = 4403;
/// Close code of a socket the server closes because it is stopping (RFC 6455: going away).
pub const GOING_AWAY_CLOSE: u16 = 1001;
const GOING_AWAY_REASON: &str = "server shutting down";
/// The reason sent with [`FORBIDDEN_CLOSE`]; also how an init refusal is recognised on its
/// way out (the library closes refused inits with 1002 and the error's message).
const FORBIDDEN_REASON: &str = "Forbidden";

/// The bearer header carried by a `connection_init` payload: `Authorization` (either case,
/// at the top or under `headers`) or a bare `token`. A payload that is not an object, or a
/// token that is not a string, is refused rather than read as anonymous.
fn payload_bearer(payload: &serde_json::Value) -> Result<Option<String>, AppError> {
    let payload = match payload {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::Object(map) => map,
        _ => return Err(AppError::Unauthenticated(Unauthenticated::Malformed)),
    };
    let headers = payload.get("headers");
    let authorization = ["Authorization", "authorization"].iter().find_map(|key| {
        payload
            .get(*key)
            .or_else(|| headers.and_then(|h| h.get(*key)))
    });
    if let Some(value) = authorization {
        return value
            .as_str()
            .map(|v| Some(v.to_owned()))
            .ok_or(AppError::Unauthenticated(Unauthenticated::Malformed));
    }
    match payload.get("token") {
        Some(token) => token
            .as_str()
            .map(|t| Some(format!("Bearer {t}")))
            .ok_or(AppError::Unauthenticated(Unauthenticated::Malformed)),
        None => Ok(None),
    }
}

/// Whether an outgoing message is the library's close of a refused `connection_init`, or
/// an operation refused because the session's token no longer holds: either way the socket
/// closes with 4403.
fn refusal(message: &Message) -> bool {
    match message {
        Message::Close(Some(frame)) => frame.code == 1002 && frame.reason == FORBIDDEN_REASON,
        Message::Text(text) => {
            text.contains(crate::graphql::session::SESSION_REFUSED)
                && serde_json::from_str::<serde_json::Value>(text).is_ok_and(|value| {
                    value["payload"]
                        .as_array()
                        .or_else(|| value["payload"]["errors"].as_array())
                        .is_some_and(|errors| {
                            errors.iter().any(|e| {
                                e["extensions"]["reason"]
                                    == crate::graphql::session::SESSION_REFUSED
                            })
                        })
                })
        }
        _ => false,
    }
}

/// The WebSocket endpoint.
pub(super) async fn graphql_ws(
    State(state): State<HttpState>,
    headers: HeaderMap,
    peer: Peer,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A token on the upgrade request alone would otherwise be ignored and the session run
    // anonymously: such a client must send it in `connection_init`.
    let upgrade_token = headers.contains_key(header::AUTHORIZATION);
    let peer = peer.map(|Extension(peer)| peer);
    let address = client_address(peer.as_ref(), &headers, &state.trusted_proxies);
    upgrade
        .max_message_size(GRAPHQL_BODY_LIMIT)
        .max_frame_size(GRAPHQL_BODY_LIMIT)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| session(state, socket, protocol, upgrade_token, address))
}

/// One socket's life: the graphql-transport-ws session, until the client leaves or the
/// server begins to stop; then the socket is closed with 1001 (going away), so that clients
/// reconnect elsewhere rather than read a dropped connection as an error.
async fn session(
    state: HttpState,
    socket: WebSocket,
    protocol: GraphQLProtocol,
    upgrade_token: bool,
    address: Option<std::net::IpAddr>,
) {
    let mut closing = state.app.closing.subscribe();
    let app = state.app.clone();
    let (sink, stream) = socket.split();
    // The session and the closing handshake share the sink: the session's half is given up
    // when the server stops, the close frame then goes out through the same sink.
    let shared = Arc::new(tokio::sync::Mutex::new(sink));
    let sink = futures_util::sink::unfold(shared.clone(), |shared, message: Message| async move {
        shared.lock().await.send(message).await?;
        Ok::<_, axum::Error>(shared)
    })
    .with(|message: Message| async move {
        Ok::<_, axum::Error>(if refusal(&message) {
            Message::Close(Some(CloseFrame {
                code: FORBIDDEN_CLOSE,
                reason: FORBIDDEN_REASON.into(),
            }))
        } else {
            message
        })
    });
    let served = GraphQLWebSocket::new_with_pair(sink, stream, state.gate.clone(), protocol)
        .on_connection_init(move |payload| async move {
            let forbidden = || async_graphql::Error::new(FORBIDDEN_REASON);
            let header = payload_bearer(&payload).map_err(|_| forbidden())?;
            if upgrade_token && header.is_none() {
                return Err(forbidden());
            }
            let caller = match authenticate(&app, header.as_deref()).await {
                Ok(caller) => caller,
                Err(AppError::Unauthenticated(_)) => return Err(forbidden()),
                Err(err) => return Err(async_graphql::ErrorExtensions::extend(&err)),
            };
            let mut data = async_graphql::Data::default();
            if let Some(address) = address {
                data.insert(ClientAddress(address));
            }
            if let Some(caller) = caller {
                data.insert(caller);
            }
            if let Some(header) = header {
                data.insert(SessionToken(header));
            }
            Ok(data)
        })
        .serve();
    tokio::select! {
        () = served => {}
        true = async { closing.wait_for(|closing| *closing).await.is_ok() } => {
            let mut sink = shared.lock().await;
            let going_away = Message::Close(Some(CloseFrame {
                code: GOING_AWAY_CLOSE,
                reason: GOING_AWAY_REASON.into(),
            }));
            if sink.send(going_away).await.is_ok() {
                let _ = sink.close().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_an_object_or_nothing_is_a_connection_init_payload() {
        assert_eq!(payload_bearer(&json!(null)).ok(), Some(None));
        assert_eq!(
            payload_bearer(&json!({ "Authorization": "Bearer x" })).ok(),
            Some(Some("Bearer x".to_owned()))
        );
        assert_eq!(
            payload_bearer(&json!({ "token": "x" })).ok(),
            Some(Some("Bearer x".to_owned()))
        );
        for refused in [
            json!("Bearer x"),
            json!(["Bearer x"]),
            json!(42),
            json!({ "Authorization": 7 }),
            json!({ "token": null }),
        ] {
            assert!(payload_bearer(&refused).is_err(), "{refused}");
        }
        assert_eq!(payload_bearer(&json!({})).ok(), Some(None));
    }
}
