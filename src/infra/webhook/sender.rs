//! Sends the outbox to the receiver: claims what is due, POSTs it, records the answer.
//!
//! A claim is one write transaction that pushes the rows' `next_attempt_at` out by a lease:
//! on PostgreSQL it selects them `FOR UPDATE SKIP LOCKED`, so instances sharing the
//! database claim disjoint rows without waiting on each other; on SQLite the write lock
//! serialises claims. A sender that dies mid-delivery leaves its claim to lapse, and the
//! row is sent again (the receiver drops the repeat by its id).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::webhook_delivery::{self, Column};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{Outbox, SIGNATURE_HEADER, Webhook};
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;

/// Rows claimed at once.
const BATCH: u64 = 16;
/// The longest one POST may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim holds its rows: longer than the whole batch can take, attempts being
/// sent one after another, so no other sender takes them while this one still works.
const LEASE: Duration = Duration::from_secs(ATTEMPT_TIMEOUT.as_secs() * BATCH + 60);
/// How often an idle sender looks for rows another instance queued or that came due.
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// The first retry's wait; each failure doubles it, up to [`LONGEST_WAIT`].
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait between two attempts: a receiver down for a day is retried every
/// quarter of an hour, never given up.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// The longest failure reason kept.
const REASON_CHARS: usize = 500;

/// The wait before the next attempt after `failures` failed ones (1, 2, 4 … seconds, at
/// most [`LONGEST_WAIT`]).
pub fn back_off(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(20);
    FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT)
}

/// The HTTP client the sender posts with: a timeout per attempt, and no redirects (a
/// receiver that moved says so by configuration, not by redirecting signed events).
pub fn client() -> AppResult<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(ATTEMPT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(AppError::internal)
}

/// Sends the outbox to `webhook` for as long as the process runs.
pub fn spawn(
    db: DatabaseConnection,
    webhook: Webhook,
    outbox: Arc<Outbox>,
) -> AppResult<tokio::task::JoinHandle<()>> {
    let client = client()?;
    Ok(tokio::spawn(async move {
        loop {
            match send_due(&db, &client, &webhook, &outbox).await {
                Ok(0) => {
                    tokio::select! {
                        () = outbox.woken() => {}
                        () = tokio::time::sleep(LOOK_EVERY) => {}
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = ?err, "webhook outbox unreadable; retrying");
                    tokio::time::sleep(LOOK_EVERY).await;
                }
            }
        }
    }))
}

/// Claims and sends one batch of the rows due at the outbox's time; returns how many it
/// sent (0 when none was due).
pub async fn send_due(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    webhook: &Webhook,
    outbox: &Outbox,
) -> AppResult<usize> {
    let batch = claim(db, outbox).await?;
    for row in &batch {
        let answer = post(client, webhook, row).await;
        settle(db, row, answer, outbox.now()).await?;
    }
    Ok(batch.len())
}

fn due(now: DateTime<Utc>) -> sea_orm::Select<webhook_delivery::Entity> {
    webhook_delivery::Entity::find()
        .filter(Column::DeliveredAt.is_null())
        .filter(Column::NextAttemptAt.lte(now))
}

/// The due rows (oldest first), each claimed for [`LEASE`] and counted as an attempt.
async fn claim(
    db: &DatabaseConnection,
    outbox: &Outbox,
) -> AppResult<Vec<webhook_delivery::Model>> {
    let now = outbox.now();
    // A read first: an idle sender must not take SQLite's write lock every second.
    if due(now).count(db).await? == 0 {
        return Ok(Vec::new());
    }
    in_write(db, async |tx| {
        let rows = due(now)
            .order_by_asc(Column::Id)
            .limit(BATCH)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .all(tx)
            .await?;
        if !rows.is_empty() {
            let until = now + LEASE;
            webhook_delivery::Entity::update_many()
                .col_expr(Column::NextAttemptAt, Expr::value(until))
                .col_expr(
                    Column::Attempts,
                    sea_orm::sea_query::ExprTrait::add(Expr::col(Column::Attempts), 1),
                )
                .filter(Column::Id.is_in(rows.iter().map(|r| r.id)))
                .exec(tx)
                .await?;
        }
        Ok(rows)
    })
    .await
}

/// One POST of `row`: `Ok` on a 2xx answer, else why not.
async fn post(
    client: &reqwest::Client,
    webhook: &Webhook,
    row: &webhook_delivery::Model,
) -> Result<(), String> {
    let response = client
        .post(webhook.url().clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, webhook.signature(row.body.as_bytes()))
        .body(row.body.clone())
        .send()
        .await
        // Said with the URL as logs may show it (the error's own names the whole URL).
        .map_err(|err| format!("{} ({})", err.without_url(), webhook.shown_url()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("the receiver answered {}", response.status()))
    }
}

/// Records the answer: delivered, or due again after the back-off.
async fn settle(
    db: &DatabaseConnection,
    row: &webhook_delivery::Model,
    answer: Result<(), String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let update = webhook_delivery::Entity::update_many().filter(Column::Id.eq(row.id));
    let update = match answer {
        Ok(()) => {
            tracing::info!(event = %row.event_id, attempts = row.attempts + 1, "webhook delivered");
            update
                .col_expr(Column::DeliveredAt, Expr::value(Some(now)))
                .col_expr(Column::LastError, Expr::value(None::<String>))
        }
        Err(reason) => {
            let failures = u32::try_from(row.attempts + 1).unwrap_or(u32::MAX);
            let wait = back_off(failures);
            tracing::warn!(event = %row.event_id, failures, retry_in = ?wait, %reason, "webhook delivery failed");
            update
                .col_expr(Column::NextAttemptAt, Expr::value(now + wait))
                .col_expr(
                    Column::LastError,
                    Expr::value(Some(reason.chars().take(REASON_CHARS).collect::<String>())),
                )
        }
    };
    update.exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_a_second_up_to_a_quarter_of_an_hour() {
        let waits: Vec<u64> = [0, 1, 2, 3, 4, 10, 11, 30, u32::MAX]
            .into_iter()
            .map(|failures| back_off(failures).as_secs())
            .collect();
        assert_eq!(waits, [1, 1, 2, 4, 8, 512, 900, 900, 900]);
    }
}
