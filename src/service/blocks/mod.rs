//! Planned blocks (attachment 4): registering them, correcting what the survey settles
//! ([`update`]), and reading them within the reader's scope. A block is scoped like a
//! mine: a county official reaches its county's blocks only; a block proposed by a
//! published plan is public.

pub mod guard;
mod row;
pub mod update;

use chrono::{DateTime, Utc};
use entity::{block, county_plan, plan_entry};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    Set,
};

use crate::clock::Clock;
use crate::domain::access::{Action, Caller, block_read_region};
use crate::domain::block::{BlockDraft, BlockFacts};
use crate::domain::codes::{EntryKind, PlanStatus};
use crate::domain::operation::Operation;
use crate::domain::page::PageRequest;
use crate::domain::text::SEARCH;
use crate::error::{AppError, AppResult};
use crate::infra::writes::{Versioned, in_write, on_duplicate};
use crate::service::audit::Change;
use crate::service::reference::{ensure_known_mineral, known_county};
use crate::service::scope::{authorise, ensure_known_county_allows, in_region, matching};
use crate::service::{permitted, require};

pub use row::{
    boundary_area, boundary_of, corners_of, degrees_of, designed_scale_of, figures_of, grade_of,
    master_plan_of, method_of, mineral_of, priority_of, unstated_of,
};
pub(super) use row::{draft_of, set_facts};

/// Where a block's version lives: every change of a block is conditional on it.
const BLOCK: Versioned<block::Entity> = Versioned {
    id: block::Column::Id,
    version: block::Column::Version,
    version_of: |block| block.version,
    what: "规划区块",
};

/// Writes `row` over `before` as its next version, only while `before`'s version is the
/// stored one (of concurrent changes one lands, the others are `CONFLICT`), and audits it
/// as `operation` in `city`.
pub async fn changed(
    tx: &DatabaseTransaction,
    (clock, caller): (&dyn Clock, &Caller),
    (city, operation): (&str, Operation),
    before: &block::Model,
    mut row: block::ActiveModel,
) -> AppResult<block::Model> {
    row.version = Set(before.version + 1);
    row.updated_at = Set(clock.now());
    let after = BLOCK
        .save(tx, row, before.id, before.version, duplicate_name)
        .await?;
    Change::in_city(city, operation, after.id, (Some(before), Some(&after)))
        .record(tx, clock, caller)
        .await?;
    Ok(after)
}

/// Registers a block in a county the caller may write, in a transaction of its own.
pub async fn create(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    viewer: Option<&Caller>,
    draft: BlockDraft,
) -> AppResult<block::Model> {
    let caller = require(viewer)?;
    in_write(db, async |tx| create_in(tx, clock, caller, draft).await).await
}

/// [`create`] inside the caller's open transaction (the demo data set, an import).
pub async fn create_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    draft: BlockDraft,
) -> AppResult<block::Model> {
    permitted(caller, Action::WriteBlocks)?;
    ensure_known_county_allows(tx, caller, Action::WriteBlocks, &draft.county_code).await?;
    let facts = BlockFacts::parse(draft)?;
    let county = known_county(tx, &facts.county_code).await?;
    authorise(caller, Action::WriteBlocks, &county)?;
    ensure_known_mineral(tx, &facts.mineral_code).await?;
    ensure_name_free(tx, &facts).await?;
    let created = new_row(&facts, clock.now())
        .insert(tx)
        .await
        .map_err(|err| on_duplicate(err, duplicate_name))?;
    tracing::info!(block = created.id, county = %county.code, "block created");
    Change::in_city(
        &county.city_code,
        Operation::CreateBlock,
        created.id,
        (None, Some(&created)),
    )
    .record(tx, clock, caller)
    .await?;
    Ok(created)
}

async fn ensure_name_free(db: &impl ConnectionTrait, facts: &BlockFacts) -> AppResult<()> {
    let taken = block::Entity::find()
        .filter(block::Column::CountyCode.eq(facts.county_code.clone()))
        .filter(block::Column::Name.eq(facts.name.clone()))
        .count(db)
        .await?;
    if taken > 0 {
        return Err(duplicate_name());
    }
    Ok(())
}

fn duplicate_name() -> AppError {
    AppError::invalid("name", "本县（市、区）已有同名的规划区块")
}

/// A block not yet stored, version 1.
fn new_row(facts: &BlockFacts, now: DateTime<Utc>) -> block::ActiveModel {
    let mut row = block::ActiveModel {
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_facts(&mut row, facts);
    row
}

/// Filters of `blocks`.
#[derive(Debug, Clone, Default)]
pub struct BlockFilter {
    /// Only blocks of this county.
    pub county_code: Option<String>,
    /// Only blocks of this mineral.
    pub mineral_code: Option<String>,
    /// Matches part of the name or the location.
    pub search: Option<String>,
    /// Only blocks a current plan (in force or open) proposes for this transfer year.
    pub transfer_year: Option<i32>,
}

/// One page of blocks in id order.
pub struct BlockPage {
    /// All matches across pages, when asked for.
    pub total: Option<u64>,
    /// The page's blocks.
    pub rows: Vec<block::Model>,
    /// Whether more blocks follow this page.
    pub has_next: bool,
}

/// A block the viewer may read, else `None` (out-of-scope reads never leak).
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: Option<&Caller>,
    id: i64,
) -> AppResult<Option<block::Model>> {
    Ok(readable(viewer)
        .filter(block::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// A page of the blocks the viewer may read that match `filter`.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    filter: &BlockFilter,
    page: PageRequest,
    want_total: bool,
) -> AppResult<BlockPage> {
    if let Some(search) = &filter.search {
        SEARCH.clean(search)?;
    }
    let mut query = readable(viewer);
    if let Some(county) = &filter.county_code {
        query = query.filter(block::Column::CountyCode.eq(county.trim()));
    }
    if let Some(mineral) = &filter.mineral_code {
        query = query.filter(block::Column::MineralCode.eq(mineral.trim()));
    }
    if let Some(year) = filter.transfer_year {
        // Proposed for that year by a plan that is not superseded (in force, or open).
        query = query.filter(
            block::Column::Id.in_subquery(proposed_by(
                Condition::all()
                    .add(plan_entry::Column::TransferYear.eq(year))
                    .add(
                        plan_entry::Column::PlanId.in_subquery(
                            Query::select()
                                .column(county_plan::Column::Id)
                                .from(county_plan::Entity)
                                .and_where(
                                    county_plan::Column::Status.ne(PlanStatus::Superseded.code()),
                                )
                                .to_owned(),
                        ),
                    ),
            )),
        );
    }
    if let Some(search) = &filter.search {
        query = query.filter(matching(
            search,
            [block::Column::Name, block::Column::Location],
        ));
    }
    let total = if want_total {
        Some(query.clone().count(db).await?)
    } else {
        None
    };
    if let Some(after) = page.after {
        query = query.filter(block::Column::Id.gt(after));
    }
    let mut rows = query
        .order_by_asc(block::Column::Id)
        .limit(page.limit as u64 + 1)
        .all(db)
        .await?;
    let has_next = rows.len() > page.limit;
    rows.truncate(page.limit);
    Ok(BlockPage {
        total,
        rows,
        has_next,
    })
}

/// The blocks the viewer may read: those of its region, and anyone's blocks proposed by a
/// published (approved or superseded) county plan.
/// Up to `limit` blocks the viewer may read that have corners (a map's neighbours).
pub async fn readable_with_corners(
    db: &impl ConnectionTrait,
    viewer: Option<&Caller>,
    limit: usize,
) -> AppResult<Vec<block::Model>> {
    Ok(readable(viewer)
        .filter(block::Column::Corners.is_not_null())
        .order_by_asc(block::Column::Id)
        .limit(limit as u64)
        .all(db)
        .await?)
}

fn readable(viewer: Option<&Caller>) -> Select<block::Entity> {
    let published = block::Column::Id.in_subquery(proposed_by(
        Condition::all().add(
            plan_entry::Column::PlanId.in_subquery(
                Query::select()
                    .column(county_plan::Column::Id)
                    .from(county_plan::Entity)
                    .and_where(
                        county_plan::Column::Status
                            .is_in([PlanStatus::Approved.code(), PlanStatus::Superseded.code()]),
                    )
                    .to_owned(),
            ),
        ),
    ));
    let visible = match block_read_region(viewer) {
        Some(region) => Condition::any()
            .add(in_region(block::Column::CountyCode, &region))
            .add(published),
        None => Condition::all().add(published),
    };
    block::Entity::find().filter(visible)
}

/// The ids of blocks that new-mine entries matching `entries` propose.
fn proposed_by(entries: Condition) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(plan_entry::Column::BlockId)
        .from(plan_entry::Entity)
        .and_where(plan_entry::Column::Kind.eq(EntryKind::NewMine.code()))
        .cond_where(entries)
        .to_owned()
}
