//! Admissions checked again when their ground moves (docs/rules.md, NEW-3): when a county
//! revision comes into force, and when the city approves its transfer plan, every standing
//! entry (holding a place, not yet announced) is re-evaluated with every check of the table
//! in its turn ([`crate::domain::admission::standing`]) and the result is kept on it.
//!
//! Both triggers, and every admission, take the city's standing lock first, so a revision
//! approved while the city approves its transfer plan or admits a block is either seen by
//! them or re-checks the entries after them: no entry is left standing on ground it was not
//! checked against (PostgreSQL advisory lock; SQLite's single writer serialises them
//! already).

use entity::{block, transfer_entry, transfer_plan};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::admission::standing::{Held, in_its_turn, places_before};
use crate::domain::admission::{Check, checks, failed_checks};
use crate::domain::codes::TradingPlatform;
use crate::domain::rule::Rule;
use crate::error::{AppError, AppResult};
use crate::infra::dialect::lock_key;
use crate::service::admission::facts::gather;
use crate::service::stored::stored_code;
use crate::state::AppState;

/// A standing entry that no longer passes.
#[derive(Debug, Clone)]
pub struct Failing {
    pub entry: transfer_entry::Model,
    pub failed: Vec<Rule>,
    /// What the failing blocking checks found.
    pub detail: String,
}

/// Serialises the city's re-checks with each other (see the module's documentation).
pub async fn lock_standing(tx: &DatabaseTransaction, city: &str) -> AppResult<()> {
    lock_key(tx, &format!("standing:{city}")).await
}

/// Whether an entry stands to be checked again: it holds a place and no platform has
/// announced it yet (once announced, the transfer is public and runs its course).
fn stands(entry: &transfer_entry::Model) -> bool {
    entry.holds_place && entry.outcome.is_none() && entry.withdrawn_at.is_none()
}

/// Re-evaluates every standing entry of the city's transfer plan of `year`, keeps the
/// results on the entries, and returns those that fail. The caller holds the lock.
pub async fn recheck_year(
    state: &AppState,
    tx: &DatabaseTransaction,
    city: &str,
    year: i32,
) -> AppResult<Vec<Failing>> {
    let city_plans = Query::select()
        .column(transfer_plan::Column::Id)
        .from(transfer_plan::Entity)
        .and_where(transfer_plan::Column::CityCode.eq(city))
        .to_owned();
    let holding = transfer_entry::Entity::find()
        .filter(transfer_entry::Column::TransferPlanId.in_subquery(city_plans))
        .filter(transfer_entry::Column::HoldsPlace.eq(true))
        .order_by_asc(transfer_entry::Column::AdmittedAt)
        .order_by_asc(transfer_entry::Column::Id)
        .all(tx)
        .await?;
    let held: Vec<Held> = holding
        .iter()
        .map(|e| Held {
            county: e.county_code.clone(),
            mineral: e.mineral_code.clone(),
            scale: if e.mine_id.is_some() {
                0.0
            } else {
                e.designed_scale
            },
        })
        .collect();
    let Some(plan) = transfer_plan::Entity::find()
        .filter(transfer_plan::Column::CityCode.eq(city))
        .filter(transfer_plan::Column::Year.eq(year))
        .one(tx)
        .await?
    else {
        return Ok(Vec::new());
    };
    let mut failing = Vec::new();
    for (entry, before) in holding.iter().zip(places_before(&held)) {
        if entry.transfer_plan_id != plan.id || !stands(entry) {
            continue;
        }
        let all = checked(state, tx, entry, year, before).await?;
        let failed = failed_checks(&all);
        let detail = all
            .iter()
            .filter(|c| c.blocking && !c.passed)
            .map(|c| c.detail.clone())
            .collect::<Vec<_>>()
            .join("；");
        keep(tx, state, entry, &failed, &detail).await?;
        if !failed.is_empty() {
            failing.push(Failing {
                entry: entry.clone(),
                failed,
                detail,
            });
        }
    }
    Ok(failing)
}

/// Every check of `entry`'s block for `year`, in the entry's turn.
async fn checked(
    state: &AppState,
    tx: &DatabaseTransaction,
    entry: &transfer_entry::Model,
    year: i32,
    before: crate::domain::admission::standing::Before,
) -> AppResult<Vec<Check>> {
    let block = block::Entity::find_by_id(entry.block_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal("entry without a block"))?;
    let exception = entry.quota_exception_reason.is_some();
    let mut facts = gather(state, tx, &block, year, exception).await?;
    facts.platform = Some(stored_code(
        TradingPlatform::parse,
        "transfer_entries",
        "platform",
        entry.id,
        &entry.platform,
    )?);
    Ok(checks(&in_its_turn(facts, before)))
}

/// Keeps the result of the check on the entry (not a change of the entry: its version and
/// the feed's `updatedAt` stay).
async fn keep(
    tx: &DatabaseTransaction,
    state: &AppState,
    entry: &transfer_entry::Model,
    failed: &[Rule],
    detail: &str,
) -> AppResult<()> {
    let codes: Vec<&str> = failed.iter().map(|rule| rule.code()).collect();
    transfer_entry::Entity::update_many()
        .col_expr(
            transfer_entry::Column::StandingFailed,
            Expr::value(Some(
                serde_json::to_string(&codes).map_err(AppError::internal)?,
            )),
        )
        .col_expr(
            transfer_entry::Column::StandingDetail,
            Expr::value((!detail.is_empty()).then(|| detail.to_owned())),
        )
        .col_expr(
            transfer_entry::Column::StandingCheckedAt,
            Expr::value(Some(state.clock.now())),
        )
        .filter(transfer_entry::Column::Id.eq(entry.id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Re-checks every year of the city with a transfer plan (a county revision came into
/// force). Takes the city's standing lock, if the caller has not already.
pub async fn recheck_city(state: &AppState, tx: &DatabaseTransaction, city: &str) -> AppResult<()> {
    lock_standing(tx, city).await?;
    let years: Vec<i32> = transfer_plan::Entity::find()
        .filter(transfer_plan::Column::CityCode.eq(city))
        .all(tx)
        .await?
        .into_iter()
        .map(|plan| plan.year)
        .collect();
    for year in years {
        recheck_year(state, tx, city, year).await?;
    }
    Ok(())
}
