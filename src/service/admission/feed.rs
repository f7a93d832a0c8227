//! What trading platforms build on: the approved entries of a year with what a transfer
//! announcement needs from us, read incrementally (`updatedSince`, stable cursors), and the
//! outcomes they report, each applied once however often it is repeated. A report moves
//! its entry by a conditional update ([`super::entries`]) before it gives a place back or
//! takes one again, so concurrent reports on one entry apply once; the losers are told
//! `CONFLICT`, or, when they carried the winner's idempotency key, the winner's result.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{block, outcome_report, transfer_entry, transfer_plan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::codes::{TransferOutcome, TransferPlanStatus};
use crate::domain::operation::Operation;
use crate::domain::outcome::{PlaceStep, place_step};
use crate::domain::outcome_report::{ReportRefusal, Reported, ReportedState, decide};
use crate::domain::page::PageRequest;
use crate::domain::quota::limits;
use crate::domain::text::TextField;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{TransferEvent, TransferEventType, announcing};
use crate::infra::writes::on_duplicate;
use crate::service::admission::entries::{entry_in_city, moved, outcome_of};
use crate::service::admission::facts::place_facts;
use crate::service::admission::places;
use crate::service::admission::transfer::city_for;
use crate::service::audit::Change;
use crate::service::{permitted, require};
use crate::state::AppState;

const KEY: TextField = TextField::single("idempotencyKey", "幂等键", 200);

/// One page of the feed.
pub struct FeedPage {
    pub year: i32,
    pub rows: Vec<(transfer_entry::Model, block::Model)>,
    pub has_next: bool,
    pub total: Option<u64>,
    /// Whether the city has an approved plan of the year (without one, the feed is empty).
    pub approved: bool,
}

/// `approvedBlocks`: the standing entries of the city's approved plan of `year` (public,
/// as the approved plan is), in id order; with `updated_since`, every entry changed after
/// it, withdrawn ones included.
pub async fn approved(
    state: &AppState,
    viewer: Option<&Caller>,
    year: i32,
    city_code: Option<&str>,
    updated_since: Option<DateTime<Utc>>,
    page: PageRequest,
    want_total: bool,
) -> AppResult<FeedPage> {
    let db = &state.db;
    let city = city_for(state, viewer, city_code)?;
    let empty = FeedPage {
        year,
        rows: Vec::new(),
        has_next: false,
        total: want_total.then_some(0),
        approved: false,
    };
    let Some(plan) = transfer_plan::Entity::find()
        .filter(transfer_plan::Column::CityCode.eq(city))
        .filter(transfer_plan::Column::Year.eq(year))
        .filter(transfer_plan::Column::Status.eq(TransferPlanStatus::Approved.code()))
        .one(db)
        .await?
    else {
        return Ok(empty);
    };
    // Only what is approved is fed: the plan's entries and its approved batches'.
    let mut query = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::TransferPlanId.eq(plan.id))
        .filter(transfer_entry::Column::Published.eq(true));
    match updated_since {
        // What changed includes an unsold entry withdrawn or carried into a later year, so
        // an integrator reading changes learns that it left (`withdrawn`).
        Some(since) => query = query.filter(transfer_entry::Column::UpdatedAt.gt(since)),
        None => query = query.filter(transfer_entry::Column::WithdrawnAt.is_null()),
    }
    let total = if want_total {
        Some(query.clone().count(db).await?)
    } else {
        None
    };
    if let Some(after) = page.after {
        query = query.filter(transfer_entry::Column::Id.gt(after));
    }
    let mut entries = query
        .order_by_asc(transfer_entry::Column::Id)
        .limit(page.limit as u64 + 1)
        .all(db)
        .await?;
    let has_next = entries.len() > page.limit;
    entries.truncate(page.limit);
    let blocks: std::collections::HashMap<i64, block::Model> = if entries.is_empty() {
        Default::default()
    } else {
        block::Entity::find()
            .filter(block::Column::Id.is_in(entries.iter().map(|e| e.block_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect()
    };
    let rows = entries
        .into_iter()
        .filter_map(|e| blocks.get(&e.block_id).cloned().map(|b| (e, b)))
        .collect();
    Ok(FeedPage {
        year,
        rows,
        has_next,
        total,
        approved: true,
    })
}

/// A platform's report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(serialize_with = "outcome_code")]
    pub outcome: TransferOutcome,
    pub date: NaiveDate,
    pub winning_bidder: Option<String>,
    pub price_wan_yuan: Option<String>,
    #[serde(skip)]
    pub idempotency_key: String,
}

fn outcome_code<S: serde::Serializer>(outcome: &TransferOutcome, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(outcome.code())
}

/// The entry as a report's answer: stored with the key, returned for every repeat.
fn snapshot(entry: &transfer_entry::Model) -> AppResult<String> {
    serde_json::to_string(entry).map_err(AppError::internal)
}

fn restore(text: &str) -> AppResult<transfer_entry::Model> {
    serde_json::from_str(text).map_err(AppError::internal)
}

/// `reportTransferOutcome`: an integrator reports what became of an approved entry. A
/// report repeated with its idempotency key is answered with the first result and not
/// applied again; the key reused for another report is a `CONFLICT`.
pub async fn report(
    state: &AppState,
    viewer: Option<&Caller>,
    entry_id: i64,
    report: Report,
) -> AppResult<transfer_entry::Model> {
    let caller = require(viewer)?;
    permitted(caller, Action::ReportOutcomes)?;
    let key = KEY.required(&report.idempotency_key)?;
    let request = serde_json::to_string(&(entry_id, &report)).map_err(AppError::internal)?;
    let clock = state.clock.as_ref();
    let applied = announcing(&state.db, &state.transfer_events, async |tx| {
        if let Some(first) = outcome_report::Entity::find_by_id(key.clone())
            .one(tx)
            .await?
        {
            return Ok((repeated(&first, &request)?, None));
        }
        let (before, plan) = reported_entry(tx, caller, entry_id).await?;
        let decided = decide_report(&before, &report, clock.today())?;
        let after = apply(tx, clock, (&before, &plan), &report, decided).await?;
        let kept = (key.as_str(), request.as_str());
        keep(tx, clock, caller, kept, (&before, &after), &plan.city_code).await?;
        let event = TransferEvent::new(
            TransferEventType::OutcomeReported,
            clock.now(),
            (&plan.city_code, plan.year),
            Some(after.id),
        );
        Ok((after, Some(event)))
    })
    .await;
    match applied {
        // Another report moved the entry first, or took the key: if it carried this key,
        // it was this report, and its result is the answer.
        Err(AppError::Conflict(reason)) => {
            match outcome_report::Entity::find_by_id(key)
                .one(&state.db)
                .await?
            {
                Some(first) => repeated(&first, &request),
                None => Err(AppError::Conflict(reason)),
            }
        }
        other => other,
    }
}

/// The entry a report is about, with its approved plan: `NOT_FOUND` when there is none, or
/// when it lies outside the caller's city.
async fn reported_entry(
    tx: &DatabaseTransaction,
    caller: &Caller,
    entry_id: i64,
) -> AppResult<(transfer_entry::Model, transfer_plan::Model)> {
    let (before, plan) = entry_in_city(tx, caller, entry_id).await?;
    if !before.published {
        return Err(AppError::NotFound("出让计划条目"));
    }
    Ok((before, plan))
}

/// What `report` makes of the entry `before` on `today` (docs/api.md's rules, decided in
/// [`crate::domain::outcome_report`]); an out-of-order report is a `CONFLICT`.
fn decide_report(
    before: &transfer_entry::Model,
    report: &Report,
    today: NaiveDate,
) -> AppResult<ReportedState> {
    let current = outcome_of(before)?;
    let reported = Reported {
        outcome: report.outcome,
        date: report.date,
        winning_bidder: report.winning_bidder.as_deref(),
        price_wan_yuan: report.price_wan_yuan.as_deref(),
    };
    decide(current, before.withdrawn_at.is_some(), reported, today).map_err(|refusal| match refusal
    {
        ReportRefusal::OutOfOrder(message) => {
            AppError::Conflict(Conflict::OutcomeOutOfOrder(message))
        }
        ReportRefusal::Invalid(err) => err.into(),
    })
}

/// Moves the entry `before` to what the report decided (a concurrent report that moved it
/// first leaves this one a `CONFLICT`), then gives its place back or takes one again.
async fn apply(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    (before, plan): (&transfer_entry::Model, &transfer_plan::Model),
    report: &Report,
    decided: ReportedState,
) -> AppResult<transfer_entry::Model> {
    let holds = decided.holds_place;
    let mut row: transfer_entry::ActiveModel = before.clone().into();
    row.outcome = Set(Some(report.outcome.code().into()));
    row.outcome_date = Set(Some(report.date));
    row.winning_bidder = Set(decided.winning_bidder);
    row.price_wan_yuan = Set(decided.price_wan_yuan);
    row.holds_place = Set(holds);
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = moved(tx, before, row).await?;
    match place_step(before.holds_place, holds) {
        PlaceStep::Keep => {}
        PlaceStep::GiveBack => places::give_back(tx, before, &plan.city_code).await?,
        PlaceStep::Retake => {
            let place = (
                plan.city_code.as_str(),
                before.county_code.as_str(),
                before.mineral_code.as_str(),
            );
            let exception = before.quota_exception_reason.is_some();
            let facts = place_facts(tx, place, plan.year, exception).await?;
            let scopes = places::scopes(place.0, place.1, place.2);
            places::take(tx, &scopes, &limits(&facts), before.designed_scale).await?;
        }
    }
    Ok(after)
}

/// Keeps `caller`'s report under its key, with its request as serialised (to tell a repeat
/// from another report under the key) and the entry it left (a concurrent report under the
/// same key leaves this one a `CONFLICT`), and audits the entry's move in `city`.
async fn keep(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    (key, request): (&str, &str),
    (before, after): (&transfer_entry::Model, &transfer_entry::Model),
    city: &str,
) -> AppResult<()> {
    outcome_report::ActiveModel {
        idempotency_key: Set(key.to_owned()),
        entry_id: Set(after.id),
        request: Set(request.to_owned()),
        result: Set(snapshot(after)?),
        reported_by: Set(caller.sub.clone()),
        reported_at: Set(clock.now()),
    }
    .insert(tx)
    .await
    .map_err(|err| on_duplicate(err, || AppError::Conflict(Conflict::ReportInProgress)))?;
    Change::in_city(
        city,
        Operation::ReportTransferOutcome,
        after.id,
        (Some(before), Some(after)),
    )
    .record(tx, clock, caller)
    .await
}

/// The answer to a repeated key: the first result, if the request is the same.
fn repeated(first: &outcome_report::Model, request: &str) -> AppResult<transfer_entry::Model> {
    if first.request != request {
        return Err(AppError::Conflict(Conflict::KeyReused));
    }
    restore(&first.result)
}

/// An entry with its block and its plan's year, as the mutations answer with it.
pub async fn placed(
    db: &impl sea_orm::ConnectionTrait,
    entry: transfer_entry::Model,
) -> AppResult<(transfer_entry::Model, block::Model, i32)> {
    let year = transfer_plan::Entity::find_by_id(entry.transfer_plan_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format!("entry {} has no plan", entry.id)))?
        .year;
    let block = block::Entity::find_by_id(entry.block_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format!("entry {} has no block", entry.id)))?;
    Ok((entry, block, year))
}
