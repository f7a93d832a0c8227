//! What `transferPlanEvents` delivers: one event about a city transfer plan, with the plan
//! as the subscriber may read it now.

use async_graphql::{Enum, ID, Object};
use chrono::{DateTime, Utc};

use super::transfer_plan::TransferPlan;
use crate::domain::access::Caller;
use crate::infra::events::{self, TransferEvent};
use crate::service::admission::transfer;
use crate::state::AppState;

/// What happened to a city transfer plan.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "events::TransferEventType")]
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

/// One event about a city transfer plan.
pub struct TransferPlanEvent {
    event: TransferEvent,
    state: AppState,
    viewer: Option<Caller>,
}

impl TransferPlanEvent {
    /// `event` as heard by `viewer`, who reads the plan through `state` when asked for it.
    pub fn new(event: TransferEvent, state: AppState, viewer: Option<Caller>) -> Self {
        TransferPlanEvent {
            event,
            state,
            viewer,
        }
    }
}

/// One event about a city transfer plan.
#[Object]
impl TransferPlanEvent {
    /// The event's id: a receiver drops an event it has already seen.
    async fn id(&self) -> ID {
        ID(self.event.id.clone())
    }
    /// What happened to the plan.
    #[graphql(name = "type")]
    async fn kind(&self) -> TransferEventType {
        self.event.kind.into()
    }
    /// When it happened (UTC).
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.occurred_at
    }
    /// The year of the transfer plan.
    async fn year(&self) -> i32 {
        self.event.year
    }
    /// Six-digit division code of the plan's city.
    async fn city_code(&self) -> &str {
        &self.event.city_code
    }
    /// The entry the event concerns, where one.
    async fn entry_id(&self) -> Option<ID> {
        self.event.entry_id.map(|id| ID(id.to_string()))
    }
    /// The transfer plan as it reads now, as the subscriber may see it.
    async fn plan(&self) -> async_graphql::Result<Option<TransferPlan>> {
        Ok(transfer::plan(
            &self.state,
            self.viewer.as_ref(),
            self.event.year,
            Some(&self.event.city_code),
        )
        .await?
        .map(TransferPlan))
    }
}
