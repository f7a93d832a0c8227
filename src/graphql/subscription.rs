//! The subscription root: `countyPlanEvents` and `transferPlanEvents` (graphql-transport-ws;
//! the token comes in `connection_init`). A county official hears its own county's plans; city roles and
//! auditors their city's; everyone hears a plan being approved (published). A subscription
//! lives only as long as its token: the token is checked before each event is delivered
//! and every [`RECHECK_EVERY`] while none comes, and a revoked or expired token ends the
//! stream with the refusal that closes the socket with 4403.

use std::time::Duration;

use async_graphql::{Context, Subscription};
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::domain::access::Region;
use crate::graphql::context::{app, viewer};
use crate::graphql::session::{SessionToken, holds};
use crate::graphql::types::plan::CountyPlanEvent;
use crate::graphql::types::transfer::TransferPlanEvent;
use crate::service::admission::transfer;
use crate::service::plans::reading;
use crate::state::AppState;

/// The subscription root.
#[derive(Default)]
pub struct Subscription;

/// The broadcast `receiver` as a stream, skipping (and logging) what a slow subscriber
/// missed.
fn received<E: Clone + Send + 'static>(
    receiver: tokio::sync::broadcast::Receiver<E>,
) -> impl Stream<Item = E> {
    stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "an event subscriber fell behind");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// How often an open subscription checks its token while no event comes.
pub const RECHECK_EVERY: Duration = Duration::from_secs(2);

/// What woke a subscription.
enum Woken<T> {
    Event(Option<T>),
    Tick,
}

/// `events` for as long as the session's token holds (a session without a token hears
/// published events and has nothing to lose): the token is checked before each event and
/// on every tick; a refused one ends the stream with its error, and nothing after it.
fn while_token_holds<T: Send + 'static>(
    state: AppState,
    token: Option<String>,
    events: impl Stream<Item = T> + Send + 'static,
) -> impl Stream<Item = async_graphql::Result<T>> {
    let Some(header) = token else {
        return events.map(Ok).boxed();
    };
    let mut ticks = tokio::time::interval(RECHECK_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let events: BoxStream<'static, T> = events.boxed();
    stream::unfold(Some((events, ticks)), move |open| {
        let (state, header) = (state.clone(), header.clone());
        async move {
            let (mut events, mut ticks) = open?;
            loop {
                let woken = tokio::select! {
                    event = events.next() => Woken::Event(event),
                    _ = ticks.tick() => Woken::Tick,
                };
                if let Err(refused) = holds(&state, &header).await {
                    return Some((Err(refused), None));
                }
                match woken {
                    Woken::Event(Some(event)) => return Some((Ok(event), Some((events, ticks)))),
                    Woken::Event(None) => return None,
                    Woken::Tick => {}
                }
            }
        }
    })
    .boxed()
}

/// The token the socket was opened with, if any.
fn session_token(ctx: &Context<'_>) -> Option<String> {
    ctx.data_opt::<SessionToken>().map(|token| token.0.clone())
}

/// The subscription root: events about county plans and city transfer plans.
#[Subscription]
impl Subscription {
    /// Events about city transfer plans (optionally one year's): admissions and
    /// withdrawals for the city's admin, approver and auditors; approvals and outcomes
    /// (published data) for everyone.
    async fn transfer_plan_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only events of this year's transfer plan; every year's when omitted.")]
        year: Option<i32>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<TransferPlanEvent>> + use<>>
    {
        let state = app(ctx)?.clone();
        let viewer = viewer(ctx).cloned();
        let events = received(state.transfer_events.subscribe());
        let heard_by = state.clone();
        let events = events.filter_map(move |event| {
            let heard = year.is_none_or(|y| y == event.year)
                && (event.is_public() || transfer::reads_drafts(viewer.as_ref(), &event.city_code));
            let delivered =
                heard.then(|| TransferPlanEvent::new(event, heard_by.clone(), viewer.clone()));
            async move { delivered }
        });
        Ok(while_token_holds(state, session_token(ctx), events))
    }

    /// Events about county plans (optionally one county's): every event of the plans the
    /// caller reads in full, and approvals of any plan.
    async fn county_plan_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only events of this county's plans (six-digit code); all counties when omitted."
        )]
        county_code: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<CountyPlanEvent>> + use<>>
    {
        let state = app(ctx)?.clone();
        let viewer = viewer(ctx).cloned();
        let region: Option<Region> = reading::full_region(viewer.as_ref());
        let county = county_code.map(|code| code.trim().to_owned());
        let events = received(state.plan_events.subscribe());
        let heard_by = state.clone();
        let events = events.filter_map(move |event| {
            let heard = county.as_deref().is_none_or(|c| c == event.county_code)
                && (event.kind.publishes()
                    || reading::reads_in_full(&heard_by, region.as_ref(), &event.county_code));
            let delivered =
                heard.then(|| CountyPlanEvent::new(event, heard_by.clone(), viewer.clone()));
            async move { delivered }
        });
        Ok(while_token_holds(state, session_token(ctx), events))
    }
}
