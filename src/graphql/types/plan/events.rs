//! What `countyPlanEvents` delivers: one event about a county plan, with the plan as the
//! subscriber may read it now.

use async_graphql::{Enum, ID, Object};
use chrono::{DateTime, Utc};

use super::county_plan::{CountyPlan, PlanStatus};
use crate::domain::access::Caller;
use crate::infra::events::{self, PlanEvent};
use crate::service::plans::reading;
use crate::state::AppState;

/// What happened to a plan.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "events::PlanEventType")]
pub enum PlanEventType {
    /// A county opened its plan.
    Created,
    /// An entry was added.
    EntryAdded,
    /// An entry was removed.
    EntryRemoved,
    /// The county filed the plan's three lists with the city.
    ListsFiled,
    /// The county submitted the plan.
    Submitted,
    /// The county recalled its submission.
    Recalled,
    /// The city approved the plan (it is published).
    Approved,
    /// The city returned the plan with a comment.
    Returned,
    /// A revision of an approved plan was opened.
    Revised,
    /// A follow-up duty was completed.
    DutyCompleted,
}

/// One event about a county plan.
pub struct CountyPlanEvent {
    event: PlanEvent,
    state: AppState,
    viewer: Option<Caller>,
}

impl CountyPlanEvent {
    /// `event` as heard by `viewer`, who reads the plan through `state` when asked for it.
    pub fn new(event: PlanEvent, state: AppState, viewer: Option<Caller>) -> Self {
        CountyPlanEvent {
            event,
            state,
            viewer,
        }
    }
}

/// One event about a county plan.
#[Object]
impl CountyPlanEvent {
    /// The event's id: a receiver drops an event it has already seen.
    async fn id(&self) -> ID {
        ID(self.event.id.clone())
    }
    /// What happened to the plan.
    #[graphql(name = "type")]
    async fn kind(&self) -> PlanEventType {
        self.event.kind.into()
    }
    /// When it happened (UTC).
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.occurred_at
    }
    /// Id of the plan revision concerned.
    async fn plan_id(&self) -> ID {
        ID(self.event.plan_id.to_string())
    }
    /// Six-digit division code of the plan's county.
    async fn county_code(&self) -> &str {
        &self.event.county_code
    }
    /// The plan's status after the event.
    async fn status(&self) -> Option<PlanStatus> {
        crate::domain::codes::PlanStatus::parse(&self.event.status).map(Into::into)
    }
    /// The plan as it reads now, as the subscriber may see it.
    async fn plan(&self) -> async_graphql::Result<Option<CountyPlan>> {
        Ok(
            reading::get(&self.state, self.viewer.as_ref(), self.event.plan_id)
                .await?
                .map(CountyPlan::from),
        )
    }
}
