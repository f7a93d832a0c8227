//! What happens to county plans and transfer plans, as streams of events for the
//! `countyPlanEvents` and `transferPlanEvents` subscriptions.
//!
//! An event is announced inside the transaction that makes it true and delivered only once
//! that transaction commits. On PostgreSQL it travels by `NOTIFY` (sent in the transaction,
//! so only on commit) to every instance's listener, this one's included, so a subscriber on
//! any instance hears every change. On SQLite, whose other processes cannot be notified,
//! the writing process delivers it itself after the commit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::error::{AppError, AppResult};
use crate::infra::dialect;
use crate::infra::listen::keep_listening;
use crate::infra::webhook::{Outbox, Outgoing};
use crate::infra::writes::in_write;

/// Events a slow subscriber may fall behind by before it misses some.
const BUFFER: usize = 1_024;

/// An event that travels between instances as JSON on its own PostgreSQL channel.
pub trait Event: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The channel it travels on.
    const CHANNEL: &'static str;

    /// What the webhook receiver is sent of it, if the event is one it is sent.
    fn outgoing(&self) -> Option<Outgoing> {
        None
    }
}

/// What happened to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlanEventType {
    Created,
    EntryAdded,
    EntryRemoved,
    ListsFiled,
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

impl Event for PlanEvent {
    const CHANNEL: &'static str = "mineright_plan_events";
}

/// What happened to a city transfer plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransferEventType {
    /// A block was admitted.
    Admitted,
    /// An entry was withdrawn.
    Withdrawn,
    /// The plan was approved (published).
    Approved,
    /// A platform reported an outcome.
    OutcomeReported,
    /// A sold block was registered as the mine it became.
    Registered,
}

impl TransferEventType {
    /// Whether the event concerns published data (anyone may hear of it).
    pub fn publishes(self) -> bool {
        matches!(
            self,
            TransferEventType::Approved | TransferEventType::OutcomeReported
        )
    }
}

/// One event about a city's transfer plan of a year (and an entry of it, where one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: TransferEventType,
    pub occurred_at: DateTime<Utc>,
    pub city_code: String,
    pub year: i32,
    pub entry_id: Option<i64>,
    /// The entry it concerns had been published (fed to the platforms): its withdrawal is
    /// then public too.
    #[serde(default)]
    pub entry_published: bool,
}

impl TransferEvent {
    /// A new event about the transfer plan of `city` for `year`.
    pub fn new(
        kind: TransferEventType,
        occurred_at: DateTime<Utc>,
        (city_code, year): (&str, i32),
        entry_id: Option<i64>,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            occurred_at,
            city_code: city_code.to_owned(),
            year,
            entry_id,
            entry_published: false,
        }
    }

    /// The event about an entry that had been published.
    pub fn of_published_entry(self, published: bool) -> Self {
        Self {
            entry_published: published,
            ..self
        }
    }

    /// Whether anyone may hear of it: an approval, an outcome, or the withdrawal of an
    /// entry the platforms had been fed (an unsold block leaving its year).
    pub fn is_public(&self) -> bool {
        self.kind.publishes() || (self.kind == TransferEventType::Withdrawn && self.entry_published)
    }
}

impl Event for TransferEvent {
    const CHANNEL: &'static str = "mineright_transfer_events";

    /// The published events (an approval, an outcome): what a trading platform acts on.
    /// The data names the plan and entry; the receiver reads the entry from the feed.
    fn outgoing(&self) -> Option<Outgoing> {
        if !self.is_public() {
            return None;
        }
        let kind = serde_json::to_value(self.kind).ok()?.as_str()?.to_owned();
        Some(Outgoing {
            id: self.id.clone(),
            kind,
            occurred_at: self.occurred_at,
            data: serde_json::json!({
                "cityCode": self.city_code,
                "year": self.year,
                "entryId": self.entry_id.map(|id| id.to_string()),
            }),
        })
    }
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

/// The events of one kind for this instance's subscribers.
#[derive(Debug)]
pub struct EventBus<E> {
    sender: broadcast::Sender<E>,
    /// Where the events the webhook is sent are queued, when a webhook is configured.
    outbox: Option<Arc<Outbox>>,
    /// Whether this instance hears the events the database carries (set once its
    /// listener is subscribed; at once where no listener is needed).
    hearing: AtomicBool,
}

/// County plan events.
pub type PlanEvents = EventBus<PlanEvent>;
/// Transfer plan events.
pub type TransferEvents = EventBus<TransferEvent>;

impl<E: Event> Default for EventBus<E> {
    fn default() -> Self {
        Self::sending_to(None)
    }
}

impl<E: Event> EventBus<E> {
    /// A bus that also queues the events the webhook is sent in `outbox`.
    pub fn sending_to(outbox: Option<Arc<Outbox>>) -> Self {
        Self {
            sender: broadcast::channel(BUFFER).0,
            outbox,
            hearing: AtomicBool::new(false),
        }
    }

    /// Whether this instance hears events now: an event committed before its listener
    /// subscribed is not heard, so tests (and readiness) wait for this.
    pub fn hearing(&self) -> bool {
        self.hearing.load(Ordering::Acquire)
    }

    /// Every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<E> {
        self.sender.subscribe()
    }

    /// How many subscriptions hear this bus now: a subscription is registered once its
    /// stream is first polled, which a client cannot see, so tests wait on this count
    /// before they make the event.
    pub fn listeners(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Announces `event` inside `tx`: on PostgreSQL it is sent when `tx` commits; the
    /// webhook's copy is queued in `tx`.
    pub async fn within(&self, tx: &impl ConnectionTrait, event: &E) -> AppResult<()> {
        if let (Some(outbox), Some(outgoing)) = (&self.outbox, event.outgoing()) {
            outbox.enqueue(tx, &outgoing).await?;
        }
        if dialect::shared_by_instances(tx) {
            let payload = serde_json::to_string(event).map_err(AppError::internal)?;
            dialect::notify(tx, E::CHANNEL, &payload).await?;
        }
        Ok(())
    }

    /// Delivers `event` after its transaction committed, unless the database is shared by
    /// instances: then the listener delivers it, to every instance alike.
    pub fn committed(&self, heard_through_database: bool, event: E) {
        if let Some(outbox) = &self.outbox
            && event.outgoing().is_some()
        {
            outbox.wake();
        }
        if !heard_through_database {
            // No subscriber is not an error.
            let _ = self.sender.send(event);
        }
    }

    /// On PostgreSQL, forwards every instance's events to this one's subscribers for as
    /// long as the returned task runs; on SQLite there is nothing to follow.
    pub fn follow(self: Arc<Self>, db: DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        if !dialect::shared_by_instances(&db) {
            // This process delivers its own events after commit: nothing to wait for.
            self.hearing.store(true, Ordering::Release);
            return None;
        }
        Some(tokio::spawn(async move {
            keep_listening(
                &db,
                E::CHANNEL,
                E::CHANNEL,
                || async {
                    self.hearing.store(true, Ordering::Release);
                    Ok(())
                },
                |payload| match serde_json::from_str::<E>(payload) {
                    Ok(event) => {
                        let _ = self.sender.send(event);
                    }
                    Err(err) => tracing::warn!(error = %err, "unreadable event"),
                },
            )
            .await;
        }))
    }
}

/// Runs a mutation in one write transaction that also announces its event (if it made
/// one) on `bus`; the event reaches subscribers only once the transaction has committed.
pub async fn announcing<T, E: Event>(
    db: &DatabaseConnection,
    bus: &EventBus<E>,
    core: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> AppResult<(T, Option<E>)>,
) -> AppResult<T> {
    announcing_each(db, bus, async |tx| {
        let (value, event) = core(tx).await?;
        Ok((value, event.into_iter().collect()))
    })
    .await
}

/// [`announcing`] for a mutation that makes several events (an admission that carries an
/// unsold entry out of its year, then enters the block in another), delivered in order.
pub async fn announcing_each<T, E: Event>(
    db: &DatabaseConnection,
    bus: &EventBus<E>,
    core: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> AppResult<(T, Vec<E>)>,
) -> AppResult<T> {
    let (value, events) = in_write(db, async |tx| {
        let (value, events) = core(tx).await?;
        for event in &events {
            bus.within(tx, event).await?;
        }
        Ok((value, events))
    })
    .await?;
    for event in events {
        bus.committed(dialect::shared_by_instances(db), event);
    }
    Ok(value)
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
        events.committed(false, event.clone());
        assert_eq!(first.recv().await.ok(), Some(event.clone()));
        assert_eq!(second.recv().await.ok(), Some(event));
    }
}
