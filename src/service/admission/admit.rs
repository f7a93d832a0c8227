//! `admitBlock` and `withdrawBlock`: a block enters a year's city transfer plan only when
//! every blocking check holds, re-evaluated in the admitting transaction, and only while
//! the plan is a draft (the plan row is held, so an approval waits or the admission finds
//! it approved); the places it takes in the NEW-3 balance and the caps are taken by one
//! conditional update each ([`super::places`]), so no interleaving of concurrent
//! admissions can exceed them, on SQLite or PostgreSQL. A withdrawal moves its entry by a
//! conditional update ([`super::entries`]) before it gives the places back, so
//! simultaneous withdrawals of one entry give them back once.

use chrono::{DateTime, Utc};
use entity::{block, transfer_entry, transfer_plan};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::admission::{AdmissionFacts, checks, failed_checks, needs_exception};
use crate::domain::codes::{TradingPlatform, TransferMethod, TransferPlanStatus};
use crate::domain::operation::Operation;
use crate::domain::outcome::may_carry;
use crate::domain::quota::limits;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::dialect::begin_snapshot;
use crate::infra::events::{TransferEvent, TransferEventType, announcing_each};
use crate::infra::writes::on_duplicate;
use crate::service::admission::entries::{self, hold_open, moved, outcome_of};
use crate::service::admission::facts::{city_of, gather};
use crate::service::admission::places::{self, refused};
use crate::service::admission::standing::lock_standing;
use crate::service::admission::transfer::transfer_year;
use crate::service::audit::Change;
use crate::service::blocks;
use crate::service::{permitted, require};
use crate::state::AppState;

const REASON: TextField = TextField {
    field: "quotaExceptionReason",
    label: "例外配置理由",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// What an admission asks for.
#[derive(Debug, Clone)]
pub struct Admission {
    pub year: i32,
    pub block_id: i64,
    pub method: TransferMethod,
    pub platform: TradingPlatform,
    pub quota_exception_reason: Option<String>,
}

/// `CONFLICT` unless the city's transfer plan of `year` is still open.
async fn open_plan(
    tx: &DatabaseTransaction,
    state: &AppState,
    city: &str,
    year: i32,
) -> AppResult<(transfer_plan::Model, i32)> {
    let now = state.clock.now();
    transfer_plan::Entity::insert(transfer_plan::ActiveModel {
        city_code: Set(city.to_owned()),
        year: Set(year),
        status: Set(TransferPlanStatus::Draft.code().into()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([transfer_plan::Column::CityCode, transfer_plan::Column::Year])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    let plan = plan_of(tx, city, year)
        .await?
        .ok_or_else(|| AppError::internal("transfer plan missing after upsert"))?;
    let batch = hold_open(tx, state.clock.as_ref(), &plan).await?;
    Ok((plan, batch))
}

/// The city's transfer plan of `year`, if it has one yet.
async fn plan_of(
    db: &impl ConnectionTrait,
    city: &str,
    year: i32,
) -> AppResult<Option<transfer_plan::Model>> {
    Ok(transfer_plan::Entity::find()
        .filter(transfer_plan::Column::CityCode.eq(city))
        .filter(transfer_plan::Column::Year.eq(year))
        .one(db)
        .await?)
}

/// What an admission is decided on.
struct Decided {
    block: block::Model,
    city: String,
    facts: AdmissionFacts,
    /// The approver's exception reason, validated.
    reason: Option<String>,
    /// The block's unsold entry of an earlier year, which this admission carries forward,
    /// with that year.
    carried: Option<(transfer_entry::Model, transfer_plan::Model)>,
}

/// Reads everything an admission of `request` is decided on in `db`, refusing in docs/api.md's
/// order (existence, state, input, rules): `Ok` only when every blocking check passes.
async fn decide(
    state: &AppState,
    db: &impl ConnectionTrait,
    caller: &Caller,
    request: &Admission,
    reason: Option<&str>,
) -> AppResult<Decided> {
    let block = blocks::get(db, Some(caller), request.block_id)
        .await?
        .ok_or(AppError::NotFound("规划区块"))?;
    let city = city_of(state, &block)?;
    if caller.city.as_deref().is_some_and(|own| own != city) {
        return Err(AppError::NotFound("规划区块"));
    }
    transfer_year(request.year)?;
    let carried = carried(db, &block, request.year).await?;
    let reason = reason.map(|r| REASON.required(r)).transpose()?;
    let mut facts = gather(state, db, &block, request.year, reason.is_some()).await?;
    let reason = reason.filter(|_| needs_exception(&facts));
    facts.quota_exception = reason.is_some();
    facts.platform = Some(request.platform);
    let all = checks(&facts);
    let failed = failed_checks(&all);
    if !failed.is_empty() {
        let details = all
            .iter()
            .filter(|c| c.blocking && !c.passed)
            .map(|c| c.detail.clone())
            .collect();
        return Err(refused(failed, details));
    }
    Ok(Decided {
        block,
        city,
        facts,
        reason,
        carried,
    })
}

/// The block's standing entry and its plan, when an admission into `year` carries it
/// forward (an unsold block of an earlier year); `CONFLICT` when the block stands in a plan
/// otherwise.
async fn carried(
    db: &impl ConnectionTrait,
    block: &block::Model,
    year: i32,
) -> AppResult<Option<(transfer_entry::Model, transfer_plan::Model)>> {
    let Some(standing) = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::ActiveBlock.eq(block.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let from = transfer_plan::Entity::find_by_id(standing.transfer_plan_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("entry without a plan"))?;
    if may_carry(outcome_of(&standing)?, from.year, year) {
        Ok(Some((standing, from)))
    } else {
        Err(AppError::Conflict(Conflict::BlockListed))
    }
}

/// Takes the unsold entry `before` out of its year's plan `from`, saying which year it went
/// on to; audited as part of the admission, and announced to that year's listeners as a
/// withdrawal (they hear nothing of the year it goes on to).
async fn carry(
    tx: &DatabaseTransaction,
    acting: (&dyn Clock, &Caller),
    (before, from): (&transfer_entry::Model, &transfer_plan::Model),
    year: i32,
) -> AppResult<TransferEvent> {
    let now = acting.0.now();
    let mut row: transfer_entry::ActiveModel = before.clone().into();
    row.active_block = Set(None);
    row.withdrawn_at = Set(Some(now));
    row.withdrawn_reason = Set(Some(format!("流拍后转入{year}年出让计划")));
    row.version = Set(before.version + 1);
    row.updated_at = Set(now);
    let after = moved(tx, before, row).await?;
    let step = (Operation::AdmitBlock, TransferEventType::Withdrawn);
    entries::audited(tx, acting, from, step, (before, &after)).await
}

/// `admitBlock`: checks in docs/api.md's order (authentication, authorisation, existence,
/// state, rules), then every admission check of docs/rules.md inside the transaction.
pub async fn admit(
    state: &AppState,
    viewer: Option<&Caller>,
    request: Admission,
) -> AppResult<transfer_entry::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    let reason = request
        .quota_exception_reason
        .as_deref()
        .filter(|r| !r.trim().is_empty());
    let needed = match reason {
        Some(_) => Action::GrantQuotaExceptions,
        None => Action::AdmitBlocks,
    };
    permitted(caller, needed)?;
    // A refusal is decided on one snapshot, outside the write lock, so that a crowd of
    // admissions the balance must refuse does not queue for SQLite's one writer (a refusal
    // is what one moment of the database said). An admission is decided again, on
    // everything, inside the write transaction that takes the places.
    let snapshot = begin_snapshot(&state.db).await?;
    let city = decide(state, &snapshot, caller, &request, reason)
        .await?
        .city;
    snapshot.rollback().await?;
    announcing_each(&state.db, &state.transfer_events, async |tx| {
        // Taken before deciding, as the re-checks take it: a county revision coming into
        // force meanwhile is either read below or checks this entry again once it commits.
        lock_standing(tx, &city).await?;
        let decided = decide(state, tx, caller, &request, reason).await?;
        let (plan, batch) = open_plan(tx, state, &decided.city, request.year).await?;
        // A concurrent admission that took the last place between the checks above and
        // here leaves this one refused.
        let block = &decided.block;
        places::take(
            tx,
            &places::scopes(&decided.city, &block.county_code, &block.mineral_code),
            &limits(&decided.facts.places()),
            designed_scale(&decided.facts)?,
        )
        .await?;
        let mut events = Vec::new();
        if let Some((before, from)) = &decided.carried {
            events.push(carry(tx, (clock, caller), (before, from), request.year).await?);
        }
        let now = clock.now();
        let entry = enter(tx, (clock, caller), (&plan, batch, &request), &decided, now).await?;
        events.push(TransferEvent::new(
            TransferEventType::Admitted,
            now,
            (&decided.city, request.year),
            Some(entry.id),
        ));
        Ok((entry, events))
    })
    .await
}

/// The designed scale an admitted block holds places for. NEW-2 refuses a block that has not
/// stated it, so its absence here is a broken invariant, not a user's error.
fn designed_scale(facts: &AdmissionFacts) -> AppResult<f64> {
    facts
        .designed_scale
        .ok_or_else(|| AppError::internal("an admitted block has no designed scale"))
}

/// Writes the entry of `decided`'s block in `plan`, holding its places from `now`, and
/// audits it; a concurrent admission of the same block leaves this one a `CONFLICT`.
async fn enter(
    tx: &DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    (plan, batch, request): (&transfer_plan::Model, i32, &Admission),
    decided: &Decided,
    now: DateTime<Utc>,
) -> AppResult<transfer_entry::Model> {
    let block = &decided.block;
    let entry = transfer_entry::ActiveModel {
        transfer_plan_id: Set(plan.id),
        block_id: Set(block.id),
        active_block: Set(Some(block.id)),
        county_code: Set(block.county_code.clone()),
        mineral_code: Set(block.mineral_code.clone()),
        designed_scale: Set(designed_scale(&decided.facts)?),
        method: Set(request.method.code().into()),
        platform: Set(request.platform.code().into()),
        authority: Set(decided.facts.authority.code().into()),
        priority: Set(block.priority.clone()),
        admitted_at: Set(now),
        admitted_by: Set(caller.sub.clone()),
        quota_exception_reason: Set(decided.reason.clone()),
        holds_place: Set(true),
        mine_id: Set(None),
        standing_failed: Set(None),
        standing_detail: Set(None),
        standing_checked_at: Set(None),
        standing_exception: Set(None),
        batch: Set(batch),
        published: Set(false),
        version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|err| on_duplicate(err, || AppError::Conflict(Conflict::BlockListed)))?;
    Change::in_city(
        &decided.city,
        Operation::AdmitBlock,
        entry.id,
        (None, Some(&entry)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(entry)
}
