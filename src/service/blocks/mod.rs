//! Planned blocks (attachment 4): registering them, correcting what the survey settles
//! ([`update`]), and reading them within the reader's scope. A block is scoped like a
//! mine: a county official reaches its county's blocks only; a block proposed by a
//! published plan is public.

pub mod guard;
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
use crate::domain::block::{BlockDraft, BlockFact, BlockFacts, BlockFigures, Corner};
use crate::domain::codes::{
    BlockPriority, EntryKind, MineralCode, MiningMethod, OreGrade, PlanStatus,
};
use crate::domain::operation::Operation;
use crate::domain::page::PageRequest;
use crate::domain::text::SEARCH;
use crate::error::{AppError, AppResult};
use crate::infra::writes::{Versioned, in_write, on_duplicate};
use crate::service::audit::Change;
use crate::service::reference::{ensure_known_mineral, known_county};
use crate::service::scope::{authorise, ensure_known_county_allows, in_region, matching};
use crate::service::stored::stored_code;
use crate::service::{permitted, require};

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

/// Writes every fact of `facts` onto the row (a new block, or a corrected one).
pub(super) fn set_facts(row: &mut block::ActiveModel, facts: &BlockFacts) {
    let corners = (!facts.corners.is_empty()).then(|| {
        serde_json::Value::from(
            facts
                .corners
                .iter()
                .map(|c| vec![c.latitude, c.longitude])
                .collect::<Vec<_>>(),
        )
        .to_string()
    });
    row.name = Set(facts.name.clone());
    row.county_code = Set(facts.county_code.clone());
    row.mineral_code = Set(facts.mineral_code.clone());
    row.area_km2 = Set(facts.area_km2);
    row.predicted_resources = Set(facts.predicted_resources);
    row.location = Set(facts.location.clone());
    // An unstated fact keeps a neutral value in its column; `unstated` says nobody gave it.
    row.designed_production_scale = Set(facts.designed_production_scale.unwrap_or_default());
    row.mining_method = Set(facts
        .mining_method
        .unwrap_or(MiningMethod::OpenPit)
        .code()
        .into());
    row.ore_grade = Set(facts.ore_grade.map(|grade| grade.code().into()));
    row.priority = Set(facts.priority.code().into());
    row.in_master_plan = Set(facts.in_master_plan.unwrap_or_default());
    let unstated: Vec<&str> = facts.unstated().into_iter().map(BlockFact::field).collect();
    row.unstated =
        Set((!unstated.is_empty()).then(|| serde_json::Value::from(unstated).to_string()));
    row.corners = Set(corners);
    row.mining_land = Set(facts.mining_land.clone());
}

/// The stored block as a draft, to be corrected and checked again.
pub(super) fn draft_of(row: &block::Model) -> AppResult<BlockDraft> {
    Ok(BlockDraft {
        name: row.name.clone(),
        county_code: row.county_code.clone(),
        mineral_code: row.mineral_code.clone(),
        area_km2: row.area_km2,
        predicted_resources: row.predicted_resources,
        location: row.location.clone(),
        designed_production_scale: designed_scale_of(row)?,
        mining_method: method_of(row)?,
        ore_grade: grade_of(row)?,
        priority: priority_of(row)?,
        in_master_plan: master_plan_of(row)?,
        corners: corners_of(row)?,
        mining_land: row.mining_land.clone(),
    })
}

/// The stored boundary corners; a row whose JSON does not parse is corrupt.
pub fn corners_of(row: &block::Model) -> AppResult<Vec<Corner>> {
    let Some(text) = &row.corners else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(f64, f64)> = serde_json::from_str(text)
        .map_err(|err| AppError::internal(format!("blocks row {}: corners: {err}", row.id)))?;
    Ok(pairs
        .into_iter()
        .map(|(latitude, longitude)| Corner {
            latitude,
            longitude,
        })
        .collect())
}

/// The stored priority, parsed.
pub fn priority_of(row: &block::Model) -> AppResult<BlockPriority> {
    stored_code(
        BlockPriority::parse,
        "blocks",
        "priority",
        row.id,
        &row.priority,
    )
}

/// The facts the stored block has not stated yet; a list that does not parse is corrupt.
pub fn unstated_of(row: &block::Model) -> AppResult<Vec<BlockFact>> {
    let Some(text) = &row.unstated else {
        return Ok(Vec::new());
    };
    let corrupt =
        |what: String| AppError::internal(format!("blocks row {}: unstated: {what}", row.id));
    let fields: Vec<String> = serde_json::from_str(text).map_err(|err| corrupt(err.to_string()))?;
    fields
        .iter()
        .map(|field| BlockFact::from_field(field).ok_or_else(|| corrupt(field.clone())))
        .collect()
}

/// `value` unless the stored block has not stated `fact`.
fn stated<T>(row: &block::Model, fact: BlockFact, value: T) -> AppResult<Option<T>> {
    Ok((!unstated_of(row)?.contains(&fact)).then_some(value))
}

/// The stored designed production scale, `None` while unstated.
pub fn designed_scale_of(row: &block::Model) -> AppResult<Option<f64>> {
    stated(
        row,
        BlockFact::DesignedProductionScale,
        row.designed_production_scale,
    )
}

/// The stored fit with the master plan (NEW-1's gate), `None` while unstated.
pub fn master_plan_of(row: &block::Model) -> AppResult<Option<bool>> {
    stated(row, BlockFact::InMasterPlan, row.in_master_plan)
}

/// The stored mining method, parsed; `None` while unstated.
pub fn method_of(row: &block::Model) -> AppResult<Option<MiningMethod>> {
    let method = stored_code(
        MiningMethod::parse,
        "blocks",
        "mining_method",
        row.id,
        &row.mining_method,
    )?;
    stated(row, BlockFact::MiningMethod, method)
}

/// The stored ore grade, parsed.
pub fn grade_of(row: &block::Model) -> AppResult<Option<OreGrade>> {
    row.ore_grade
        .as_deref()
        .map(|grade| stored_code(OreGrade::parse, "blocks", "ore_grade", row.id, grade))
        .transpose()
}

/// The stored mineral, parsed.
pub fn mineral_of(row: &block::Model) -> AppResult<MineralCode> {
    stored_code(
        MineralCode::parse,
        "blocks",
        "mineral_code",
        row.id,
        &row.mineral_code,
    )
}

/// What NEW-2's classification reads from a stored block.
pub fn figures_of<'a>(row: &block::Model, mineral: &'a MineralCode) -> AppResult<BlockFigures<'a>> {
    Ok(BlockFigures {
        mineral,
        mining_method: method_of(row)?,
        ore_grade: grade_of(row)?,
        predicted_resources: row.predicted_resources,
        designed_production_scale: designed_scale_of(row)?,
    })
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
