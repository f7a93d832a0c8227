//! Hearing other instances through PostgreSQL `LISTEN`: revocations, plan and transfer events share
//! one way of listening, catching up and reconnecting.

use std::time::Duration;

use sea_orm::DatabaseConnection;
use sea_orm::sqlx::postgres::PgListener;

/// Pause before a lost listener reconnects.
const RECONNECT: Duration = Duration::from_secs(1);

/// Listens on `channel` for as long as the process runs: after each (re)connection
/// `catch_up` runs once the listener is subscribed (what was sent meanwhile is lost), then
/// `each` gets every payload; a lost connection is logged as `what` and reopened.
pub async fn keep_listening<Fut: Future<Output = Result<(), String>>>(
    db: &DatabaseConnection,
    channel: &str,
    what: &str,
    catch_up: impl Fn() -> Fut,
    each: impl Fn(&str),
) {
    loop {
        if let Err(err) = listen_once(db, channel, &catch_up, &each).await {
            tracing::warn!(error = %err, listener = what, "listener lost; reconnecting");
        }
        tokio::time::sleep(RECONNECT).await;
    }
}

async fn listen_once<Fut: Future<Output = Result<(), String>>>(
    db: &DatabaseConnection,
    channel: &str,
    catch_up: &impl Fn() -> Fut,
    each: &impl Fn(&str),
) -> Result<(), String> {
    let mut listener = PgListener::connect_with(db.get_postgres_connection_pool())
        .await
        .map_err(|err| err.to_string())?;
    listener
        .listen(channel)
        .await
        .map_err(|err| err.to_string())?;
    catch_up().await?;
    loop {
        match listener.try_recv().await.map_err(|err| err.to_string())? {
            Some(notification) => each(notification.payload()),
            None => return Err("connection closed".into()),
        }
    }
}
