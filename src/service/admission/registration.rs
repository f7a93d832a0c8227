//! `registerSoldBlock`: a sold block becomes a mine of the registry exactly once (docs/rules.md,
//! NEW-3 across a block's life). The mine takes the block's facts (name, county, mineral,
//! method, designed scale, predicted resources, the centre of its boundary) and the new
//! licence; the winning bidder holds it unless the licence names another holder. The entry
//! is moved by a conditional update naming its version and the unique link to the mine, so
//! of two registrations one lands and the other is `CONFLICT`. From then on the balance
//! counts the entry as the new mine it is, and the cap counts the mine's production, never
//! also the entry's designed scale.

use chrono::NaiveDate;
use entity::{block, mine, transfer_entry, transfer_plan};
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::domain::access::{Action, Caller};
use crate::domain::authority::Authority;
use crate::domain::codes::{HolderType, LicenceLevel, OperatingStatus};
use crate::domain::mine::MineDraft;
use crate::domain::operation::Operation;
use crate::domain::outcome::may_register;
use crate::domain::spatial::boundary::given_degrees;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{TransferEventType, announcing};
use crate::service::admission::entries::{audited, entry_in_city, moved, outcome_of};
use crate::service::admission::places;
use crate::service::blocks::{corners_of, degrees_of, method_of};
use crate::service::mines::{Transferred, register_in};
use crate::service::stored::stored_code;
use crate::service::stored_assessments::refresh_dirty;
use crate::service::{permitted, require};
use crate::state::AppState;

/// The new licence a sold block is registered under.
#[derive(Debug, Clone)]
pub struct Registration {
    pub licence_no: String,
    pub licence_valid_from: NaiveDate,
    pub licence_valid_until: NaiveDate,
    /// The licence's holder; the winning bidder when not given.
    pub holder: Option<String>,
    pub holder_type: HolderType,
    /// The end of the approved construction period (基建期): a new mine is built first.
    pub construction_deadline: NaiveDate,
}

/// `registerSoldBlock`: the entry `entry_id`, sold, becomes a mine of the registry; the
/// entry and the mine as written.
pub async fn register(
    state: &AppState,
    viewer: Option<&Caller>,
    entry_id: i64,
    registration: Registration,
) -> AppResult<(transfer_entry::Model, mine::Model)> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    permitted(caller, Action::RegisterSoldBlocks)?;
    announcing(&state.db, &state.transfer_events, async |tx| {
        let (before, plan) = registrable(tx, caller, entry_id).await?;
        let block = block::Entity::find_by_id(before.block_id)
            .one(tx)
            .await?
            .ok_or_else(|| AppError::internal("entry without a block"))?;
        let draft = mine_of(&before, &block, registration)?;
        let from = Transferred {
            block_id: block.id,
            entry_id: before.id,
        };
        let mine = register_in(tx, clock, caller, draft, from).await?;
        refresh_dirty(tx, state).await?;
        let mut row: transfer_entry::ActiveModel = before.clone().into();
        row.mine_id = Set(Some(mine.id));
        row.version = Set(before.version + 1);
        row.updated_at = Set(clock.now());
        let after = moved(tx, &before, row)
            .await
            .map_err(on_duplicate_registration)?;
        if before.holds_place {
            places::release_scale(tx, &before, &plan.city_code).await?;
        }
        let event = audited(
            tx,
            (clock, caller),
            &plan,
            (Operation::RegisterSoldBlock, TransferEventType::Registered),
            (&before, &after),
        )
        .await?;
        Ok(((after, mine), Some(event)))
    })
    .await
}

/// A concurrent registration of the same entry: `CONFLICT`.
fn on_duplicate_registration(err: AppError) -> AppError {
    match err {
        AppError::Conflict(_) => AppError::Conflict(Conflict::NotRegistrable),
        other => other,
    }
}

/// The entry and its plan, when the caller's city holds it and it is sold and not yet
/// registered.
async fn registrable(
    tx: &DatabaseTransaction,
    caller: &Caller,
    entry_id: i64,
) -> AppResult<(transfer_entry::Model, transfer_plan::Model)> {
    let (entry, plan) = entry_in_city(tx, caller, entry_id).await?;
    if !may_register(outcome_of(&entry)?, entry.mine_id.is_some()) {
        return Err(AppError::Conflict(Conflict::NotRegistrable));
    }
    Ok((entry, plan))
}

/// The mine the sold `block` becomes under `registration`: licensed at the level of the
/// authority that transferred it, under construction until the approved deadline.
fn mine_of(
    entry: &transfer_entry::Model,
    block: &block::Model,
    registration: Registration,
) -> AppResult<MineDraft> {
    let authority = stored_code(
        Authority::parse,
        "transfer_entries",
        "authority",
        entry.id,
        &entry.authority,
    )?;
    let level = match authority {
        Authority::Province => LicenceLevel::Province,
        Authority::City => LicenceLevel::City,
        Authority::County => LicenceLevel::County,
    };
    let corners = corners_of(block)?;
    let centre = |pick: fn(&crate::domain::block::Corner) -> f64| {
        (!corners.is_empty()).then(|| corners.iter().map(pick).sum::<f64>() / corners.len() as f64)
    };
    let holder = registration
        .holder
        .or_else(|| entry.winning_bidder.clone())
        .unwrap_or_default();
    Ok(MineDraft {
        name: block.name.clone(),
        holder,
        holder_type: registration.holder_type,
        licence_no: Some(registration.licence_no),
        licence_level: Some(level),
        licence_valid_from: Some(registration.licence_valid_from),
        licence_valid_until: Some(registration.licence_valid_until),
        county_code: block.county_code.clone(),
        mineral_code: block.mineral_code.clone(),
        // NEW-2 read the method to admit the block, so an unstated one is a broken invariant.
        mining_method: method_of(block)?
            .ok_or_else(|| AppError::internal("a transferred block has no mining method"))?,
        production_scale: entry.designed_scale,
        remaining_reserves: block.predicted_resources,
        surveyed_service_years: None,
        status: OperatingStatus::UnderConstruction,
        suspended_since: None,
        suspension_ordered: false,
        construction_deadline: Some(registration.construction_deadline),
        has_mining_licence: true,
        // A mine under construction applies for its safety licence before it produces.
        has_safety_licence: false,
        cross_boundary_mining: false,
        mining_under_construction_guise: false,
        mining_with_exploration_licence: false,
        refuses_rectification: false,
        obsolete_equipment: false,
        unsafe_after_suspension: false,
        resources_exhausted: false,
        ore_body_id: None,
        latitude: centre(|c| c.latitude),
        longitude: centre(|c| c.longitude),
        // The licence covers the block that was sold: its boundary is the mine's.
        corners: given_degrees(&degrees_of(block)?),
        ridge_boundary: false,
        violation: None,
    })
}
