//! What happens to county plans, as a stream of events for `countyPlanEvents`.
//!
//! An event is announced inside the transaction that makes it true and delivered only once
//! that transaction commits. On PostgreSQL it travels by `NOTIFY` (sent in the transaction,
//! so only on commit) to every instance's listener, this one's included, so a subscriber on
//! any instance hears every change. On SQLite, whose other processes cannot be notified,
//! the writing process delivers it itself after the commit.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::error::{AppError, AppResult};
use crate::service::listen::keep_listening;

/// The PostgreSQL channel plan events travel on (the payload is the event as JSON).
const CHANNEL: &str = "mineright_plan_events";
/// Events a slow subscriber may fall behind by before it misses some.
const BUFFER: usize = 1_024;

/// What happened to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlanEventType {
    Created,
    EntryAdded,
    EntryRemoved,
    Submitted,
    Recalled,
    Approved,
    Returned,
    Revised,
    DutyCompleted,
}

impl PlanEventType {
    /// Whether the event publishes a plan (anyone may hear of it).
    pub fn publishes(self) -> bool {
        self == PlanEventType::Approved
    }
}

/// One event: its id (for dropping duplicates), type, time and the plan it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: PlanEventType,
    pub occurred_at: DateTime<Utc>,
    pub plan_id: i64,
    pub county_code: String,
    /// The plan's status after the event.
    pub status: String,
}

impl PlanEvent {
    /// A new event about plan `plan_id` of `county_code`, now in status `status`.
    pub fn new(
        kind: PlanEventType,
        occurred_at: DateTime<Utc>,
        plan_id: i64,
        county_code: &str,
        status: &str,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            occurred_at,
            plan_id,
            county_code: county_code.to_owned(),
            status: status.to_owned(),
        }
    }
}

/// The events of this instance's subscribers.
#[derive(Debug)]
pub struct PlanEvents {
    sender: broadcast::Sender<PlanEvent>,
}

impl Default for PlanEvents {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BUFFER).0,
        }
    }
}

impl PlanEvents {
    /// Every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<PlanEvent> {
        self.sender.subscribe()
    }

    /// Announces `event` inside `tx`: on PostgreSQL it is sent when `tx` commits.
    pub async fn within(&self, tx: &impl ConnectionTrait, event: &PlanEvent) -> AppResult<()> {
        if tx.get_database_backend() == DatabaseBackend::Postgres {
            let payload = serde_json::to_string(event).map_err(AppError::internal)?;
            tx.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
        Ok(())
    }

    /// Delivers `event` after its transaction committed (SQLite; PostgreSQL's listener
    /// delivers it there).
    pub fn committed(&self, backend: DatabaseBackend, event: PlanEvent) {
        if backend != DatabaseBackend::Postgres {
            // No subscriber is not an error.
            let _ = self.sender.send(event);
        }
    }

    /// On PostgreSQL, forwards every instance's events to this one's subscribers for as
    /// long as the returned task runs; on SQLite there is nothing to follow.
    pub fn follow(self: Arc<Self>, db: DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        (db.get_database_backend() == DatabaseBackend::Postgres).then(|| {
            tokio::spawn(async move {
                keep_listening(
                    &db,
                    CHANNEL,
                    "plan events",
                    || async { Ok(()) },
                    |payload| match serde_json::from_str(payload) {
                        Ok(event) => {
                            let _ = self.sender.send(event);
                        }
                        Err(err) => tracing::warn!(error = %err, "unreadable plan event"),
                    },
                )
                .await;
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_travel_as_json_with_their_type_in_capitals() {
        let event = PlanEvent::new(
            PlanEventType::DutyCompleted,
            DateTime::from_timestamp(0, 0).unwrap_or_default(),
            7,
            "140525",
            "APPROVED",
        );
        let text = serde_json::to_string(&event).unwrap_or_default();
        assert!(text.contains(r#""type":"DUTY_COMPLETED""#), "{text}");
        assert_eq!(serde_json::from_str::<PlanEvent>(&text).ok(), Some(event));
    }

    #[test]
    fn only_an_approval_publishes() {
        assert!(PlanEventType::Approved.publishes());
        assert!(!PlanEventType::Submitted.publishes());
    }

    #[tokio::test]
    async fn a_committed_sqlite_event_reaches_every_subscriber() {
        let events = PlanEvents::default();
        let mut first = events.subscribe();
        let mut second = events.subscribe();
        let event = PlanEvent::new(
            PlanEventType::Submitted,
            Utc::now(),
            1,
            "140525",
            "SUBMITTED",
        );
        events.committed(DatabaseBackend::Sqlite, event.clone());
        assert_eq!(first.recv().await.ok(), Some(event.clone()));
        assert_eq!(second.recv().await.ok(), Some(event));
    }
}
