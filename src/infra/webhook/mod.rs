//! The webhook of docs/api.md: each published transfer-plan event (an approval, an outcome) is
//! POSTed as `{id, type, occurredAt, data}` to the one receiver the deployment names, signed
//! `X-Mineright-Signature: sha256=<hex HMAC-SHA256 of the body>`.
//!
//! The event is written to an outbox (`webhook_deliveries`) in the transaction that makes it
//! true, so nothing is sent that did not happen and nothing is lost while the receiver is
//! down; [`sender`] sends what is due and retries with back-off. A receiver that answered
//! 2xx is not sent the event again unless the sender died before it could record that
//! answer; the event id lets it drop such a repeat.

pub mod sender;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::webhook_delivery;
use hmac::{Hmac, KeyInit, Mac};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;
use sha2::Sha256;
use tokio::sync::Notify;

use crate::clock::{SharedClock, SystemClock};
use crate::error::{AppError, AppResult};

/// The signature header of docs/api.md.
pub const SIGNATURE_HEADER: &str = "X-Mineright-Signature";
/// The shortest secret accepted: an HMAC key a receiver's neighbour cannot guess.
pub const MIN_SECRET_LEN: usize = 16;

/// The receiver and the key its bodies are signed with.
#[derive(Clone)]
pub struct Webhook {
    url: reqwest::Url,
    secret: Vec<u8>,
}

impl fmt::Debug for Webhook {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.shown_url())
            .finish_non_exhaustive()
    }
}

impl Webhook {
    /// The webhook of `url` and `secret`, which come together or not at all: an `http` or
    /// `https` URL, and a secret of at least [`MIN_SECRET_LEN`] bytes (unsigned events
    /// would let anyone who finds the receiver forge them).
    pub fn configure(url: Option<&str>, secret: Option<&str>) -> Result<Option<Self>, String> {
        let (url, secret) = match (url.map(str::trim), secret) {
            (None | Some(""), None) => return Ok(None),
            (None | Some(""), Some(_)) => {
                return Err("MINERIGHT_WEBHOOK_SECRET is set without MINERIGHT_WEBHOOK_URL".into());
            }
            (Some(_), None) => {
                return Err("MINERIGHT_WEBHOOK_URL needs MINERIGHT_WEBHOOK_SECRET".into());
            }
            (Some(url), Some(secret)) => (url, secret),
        };
        // The refusal never repeats the URL: it may carry credentials.
        let url = reqwest::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
            .ok_or_else(|| "MINERIGHT_WEBHOOK_URL is not an http(s) URL".to_owned())?;
        if secret.len() < MIN_SECRET_LEN {
            return Err(format!(
                "MINERIGHT_WEBHOOK_SECRET must be at least {MIN_SECRET_LEN} bytes"
            ));
        }
        Ok(Some(Self {
            url,
            secret: secret.as_bytes().to_vec(),
        }))
    }

    /// The receiver's URL.
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// The receiver's URL as logs and answers show it: without user, password, query or
    /// fragment, where credentials and tokens ride.
    pub fn shown_url(&self) -> String {
        shown(&self.url)
    }

    /// The signature header's value for `body`: `sha256=` and the lower-case hex HMAC.
    pub fn signature(&self, body: &[u8]) -> String {
        format!("sha256={}", hex::encode(hmac_sha256(&self.secret, body)))
    }
}

/// `url` without user, password, query or fragment.
pub fn shown(url: &reqwest::Url) -> String {
    let mut shown = url.clone();
    // Neither can fail on an http(s) URL with a host, which is all a webhook accepts.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// HMAC-SHA256 of `body` under `key` (any key length is valid for HMAC).
fn hmac_sha256(key: &[u8], body: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// What the receiver is sent of one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outgoing {
    /// The event's id (the same the subscription carries).
    pub id: String,
    /// The event's type (the same the subscription carries).
    #[serde(rename = "type")]
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    /// The event's subject.
    pub data: serde_json::Value,
}

/// The events waiting for the receiver: written with their events, sent by [`sender`],
/// which [`Outbox::wake`] calls at once rather than at its next look.
#[derive(Debug)]
pub struct Outbox {
    wake: Notify,
    /// The queue's clock: the wall clock in a server (retries wait real seconds, whatever
    /// clock the application's dates come from); a test's own clock moves it without sleeping.
    clock: SharedClock,
}

impl Default for Outbox {
    fn default() -> Self {
        Self::on(Arc::new(SystemClock))
    }
}

impl Outbox {
    /// An outbox whose queue reads time from `clock`.
    pub fn on(clock: SharedClock) -> Self {
        Self {
            wake: Notify::new(),
            clock,
        }
    }

    /// The queue's time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Queues `event` in `tx`, so it is sent if and only if `tx` commits.
    pub async fn enqueue(&self, tx: &impl ConnectionTrait, event: &Outgoing) -> AppResult<()> {
        let body = serde_json::to_string(event).map_err(AppError::internal)?;
        let now = self.now();
        webhook_delivery::ActiveModel {
            event_id: Set(event.id.clone()),
            event_type: Set(event.kind.clone()),
            body: Set(body),
            created_at: Set(now),
            attempts: Set(0),
            next_attempt_at: Set(now),
            delivered_at: Set(None),
            last_error: Set(None),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        Ok(())
    }

    /// Tells the sender an event was committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    async fn woken(&self) {
        self.wake.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_rfc_4231_hmac_of_the_body() {
        // RFC 4231 test case 2.
        let hook = Webhook {
            url: reqwest::Url::parse("http://localhost/").unwrap_or_else(|_| unreachable!()),
            secret: b"Jefe".to_vec(),
        };
        assert_eq!(
            hook.signature(b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn url_and_secret_come_together_and_the_secret_is_long_enough() {
        let secret = "0123456789abcdef";
        assert!(matches!(Webhook::configure(None, None), Ok(None)));
        assert!(
            Webhook::configure(Some("https://platform.example/hook"), Some(secret))
                .is_ok_and(|h| h.is_some())
        );
        for (url, secret) in [
            (Some("https://platform.example/hook"), None),
            (None, Some(secret)),
            (Some("ftp://platform.example/hook"), Some(secret)),
            (Some("not a url"), Some(secret)),
            (Some("https://platform.example/hook"), Some("short")),
        ] {
            assert!(
                Webhook::configure(url, secret).is_err(),
                "{url:?} {secret:?}"
            );
        }
    }

    #[test]
    fn the_secret_is_never_printed() {
        let hook = Webhook::configure(
            Some("https://platform.example/hook"),
            Some("0123456789abcdef-secret"),
        )
        .ok()
        .flatten();
        let printed = format!("{hook:?}");
        assert!(printed.contains("platform.example"), "{printed}");
        assert!(!printed.contains("0123456789abcdef"), "{printed}");
    }

    #[test]
    fn credentials_and_queries_in_the_url_are_never_shown() {
        let url = "https://platform:p4ssw0rd@platform.example:8443/hook?token=t0ken#frag";
        let hook = Webhook::configure(Some(url), Some("0123456789abcdef"))
            .ok()
            .flatten()
            .expect("a webhook");
        assert_eq!(hook.shown_url(), "https://platform.example:8443/hook");
        assert_eq!(
            hook.url().as_str(),
            url,
            "the request still goes where configured"
        );
        let printed = format!("{hook:?}");
        for secret in ["p4ssw0rd", "t0ken", "platform:"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        let refused =
            Webhook::configure(Some("ftp://user:p4ssw0rd@host/"), Some("0123456789abcdef"))
                .err()
                .unwrap_or_default();
        assert!(!refused.contains("p4ssw0rd"), "{refused}");
    }
}
