//! Changing the mine registry: create, update (optimistic `version`) and archive, each one
//! scope-checked, audited transaction. Reads live in [`crate::service::mine_queries`].

use entity::{county, mine};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use crate::clock::Clock;
use crate::domain::ValidationError;
use crate::domain::access::{Action, Caller};
use crate::domain::mine::{MineDraft, MineFacts};
use crate::domain::operation::{MINE, Operation};
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::writes::{Versioned, in_write, on_duplicate, stale};
use crate::service::audit::{self, Change};
use crate::service::mine_rows::{draft_of, new_row, set_facts};
use crate::service::reference::{county, ensure_known_mineral, known_county};
use crate::service::scope::{authorise, ensure_known_county_allows};
use crate::service::stored_assessments::refresh_dirty;
use crate::service::{permitted, require, required_reason};
use crate::state::AppState;

const NOT_FOUND: &str = "矿山";

/// Registers a mine in a county the caller may write, in a transaction of its own.
pub async fn create(
    state: &AppState,
    viewer: Option<&Caller>,
    draft: MineDraft,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let created = create_in(tx, clock, caller, draft).await?;
        refresh_dirty(tx, state).await?;
        Ok(created)
    })
    .await
}

/// [`create`] inside the caller's open transaction, so that several use cases commit or
/// fail together (the demo data set, an import).
pub async fn create_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    draft: MineDraft,
) -> AppResult<mine::Model> {
    insert(tx, clock, caller, draft, None).await
}

/// Where a mine registered from a sale came from: its block and its transfer-plan entry.
#[derive(Debug, Clone, Copy)]
pub struct Transferred {
    pub block_id: i64,
    pub entry_id: i64,
}

/// Registers the mine a sold block became, inside the registering transaction, linked to
/// its block and entry and audited as `registerSoldBlock`.
pub async fn register_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    draft: MineDraft,
    from: Transferred,
) -> AppResult<mine::Model> {
    insert(tx, clock, caller, draft, Some(from)).await
}

/// Checks `draft` and the caller's reach, stores the mine (with its origin when it was
/// transferred) and audits it.
async fn insert(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    draft: MineDraft,
    from: Option<Transferred>,
) -> AppResult<mine::Model> {
    permitted(caller, Action::WriteMines)?;
    ensure_known_county_allows(tx, caller, Action::WriteMines, &draft.county_code).await?;
    let facts = MineFacts::parse(draft)?;
    facts.check_recorded_on(clock.today())?;
    let place = writable_place(tx, caller, &facts).await?;
    ensure_licence_free(tx, facts.licence_no.as_deref(), None).await?;
    let mut row = new_row(&facts, clock.now());
    row.block_id = Set(from.map(|f| f.block_id));
    row.transfer_entry_id = Set(from.map(|f| f.entry_id));
    let created = row
        .insert(tx)
        .await
        .map_err(|err| on_duplicate(err, duplicate_licence))?;
    tracing::info!(mine = created.id, county = %place.code, "mine created");
    let operation = match from {
        Some(_) => Operation::RegisterSoldBlock,
        None => Operation::CreateMine,
    };
    audit::record(
        tx,
        clock,
        caller,
        change(operation, &created, &place, None, Some(&created)),
    )
    .await?;
    Ok(created)
}

/// Applies `patch` to the mine at `version` in a transaction of its own; a stale version
/// is a `CONFLICT`.
pub async fn update(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    version: i32,
    patch: impl FnOnce(MineDraft) -> Result<MineDraft, ValidationError>,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let updated = update_in(tx, clock, caller, id, version, patch).await?;
        refresh_dirty(tx, state).await?;
        Ok(updated)
    })
    .await
}

/// [`update`] inside the caller's open transaction.
pub async fn update_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    id: i64,
    version: i32,
    patch: impl FnOnce(MineDraft) -> Result<MineDraft, ValidationError>,
) -> AppResult<mine::Model> {
    let (before, _) = load_writable(tx, caller, id).await?;
    if before.archived {
        return Err(AppError::Conflict(Conflict::MineArchived));
    }
    if before.version != version {
        return Err(stale(before.version));
    }
    let draft = patch(draft_of(&before)?)?;
    ensure_known_county_allows(tx, caller, Action::WriteMines, &draft.county_code).await?;
    let facts = MineFacts::parse(draft)?;
    facts.check_recorded_on(clock.today())?;
    let place = writable_place(tx, caller, &facts).await?;
    ensure_licence_free(tx, facts.licence_no.as_deref(), Some(id)).await?;
    let mut row: mine::ActiveModel = before.clone().into();
    set_facts(&mut row, &facts);
    row.version = Set(version + 1);
    row.updated_at = Set(clock.now());
    let after = VERSIONED
        .save(tx, row, id, version, duplicate_licence)
        .await?;
    audit::record(
        tx,
        clock,
        caller,
        change(
            Operation::UpdateMine,
            &after,
            &place,
            Some(&before),
            Some(&after),
        ),
    )
    .await?;
    Ok(after)
}

/// Archives a mine (never a hard delete); it leaves lists unless `includeArchived`.
pub async fn archive(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
    reason: &str,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let archived = archive_in(tx, clock, caller, id, reason).await?;
        refresh_dirty(tx, state).await?;
        Ok(archived)
    })
    .await
}

/// [`archive`] inside the caller's open transaction.
pub async fn archive_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> AppResult<mine::Model> {
    let (before, place) = load_writable(tx, caller, id).await?;
    if before.archived {
        return Err(AppError::Conflict(Conflict::AlreadyArchived));
    }
    let reason = required_reason(reason, "reason")?;
    let mut row: mine::ActiveModel = before.clone().into();
    row.archived = Set(true);
    row.archived_reason = Set(Some(reason));
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = VERSIONED
        .save(tx, row, id, before.version, duplicate_licence)
        .await?;
    audit::record(
        tx,
        clock,
        caller,
        change(
            Operation::ArchiveMine,
            &after,
            &place,
            Some(&before),
            Some(&after),
        ),
    )
    .await?;
    Ok(after)
}

/// Checks the facts' county and mineral exist and the caller may write there.
async fn writable_place(
    db: &impl ConnectionTrait,
    caller: &Caller,
    facts: &MineFacts,
) -> AppResult<county::Model> {
    let county = known_county(db, &facts.county_code).await?;
    authorise(caller, Action::WriteMines, &county)?;
    ensure_known_mineral(db, &facts.mineral_code).await?;
    Ok(county)
}

/// Loads a mine and where it lies for a mutation: `FORBIDDEN` for a role that never writes mines or a mine
/// outside the caller's region, `NOT_FOUND` when it does not exist.
async fn load_writable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> AppResult<(mine::Model, county::Model)> {
    permitted(caller, Action::WriteMines)?;
    let row = mine::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(NOT_FOUND))?;
    let place = county(db, &row.county_code)
        .await?
        .ok_or_else(|| AppError::internal(format!("mine {id} has unknown county")))?;
    authorise(caller, Action::WriteMines, &place)?;
    Ok((row, place))
}

async fn ensure_licence_free(
    db: &impl ConnectionTrait,
    licence_no: Option<&str>,
    except: Option<i64>,
) -> AppResult<()> {
    let Some(licence_no) = licence_no else {
        return Ok(());
    };
    let mut query = mine::Entity::find().filter(mine::Column::LicenceNo.eq(licence_no));
    if let Some(id) = except {
        query = query.filter(mine::Column::Id.ne(id));
    }
    if query.count(db).await? > 0 {
        return Err(duplicate_licence());
    }
    Ok(())
}

fn duplicate_licence() -> AppError {
    AppError::invalid("licenceNo", "采矿许可证号已存在")
}

/// Mines carry an optimistic `version`.
const VERSIONED: Versioned<mine::Entity> = Versioned {
    id: mine::Column::Id,
    version: mine::Column::Version,
    version_of: |row| row.version,
    what: NOT_FOUND,
};

fn change<'a>(
    operation: Operation,
    row: &mine::Model,
    place: &county::Model,
    before: Option<&'a mine::Model>,
    after: Option<&'a mine::Model>,
) -> Change<'a, mine::Model> {
    Change {
        city_code: Some(place.city_code.clone()),
        operation,
        // A sale's registration is the entry's operation; the mine it creates is a mine's.
        entity: MINE,
        entity_id: row.id.to_string(),
        before,
        after,
    }
}
