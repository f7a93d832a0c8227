//! One row of an attachment into the plan: the entry its `add…` mutation would make, or
//! unchanged when the plan already holds that entry, or the row's problems.

use entity::{block, county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::{Added, Refused, Row, refused, row_problem};
use crate::domain::access::Caller;
use crate::domain::assessment::Disposition;
use crate::domain::attachment_entries::{
    KnownBlock, KnownMine, block_differences, mine_differences, new_block,
};
use crate::domain::codes::EntryKind;
use crate::domain::import::attachments::{
    self as layout, MineRef, NewMineRow, closure_row, new_mine_row, stated_mine, upgrade_row,
};
use crate::domain::plan::entries::{ClosureEntry, NewMineEntry, UpgradeEntry};
use crate::error::AppError;
use crate::service::blocks;
use crate::service::plans::content::method_of;
use crate::service::plans::drafting::{closure_in, new_mine_in, upgrade_in};
use crate::state::AppState;

/// Adds one row's entry to the plan.
pub(super) async fn add(
    state: &AppState,
    tx: &DatabaseTransaction,
    caller: &Caller,
    (plan, county): (&county_plan::Model, &county::Model),
    number: i32,
    row: Row<'_>,
) -> Result<Added, Refused> {
    match number {
        2 => add_closure(state, tx, plan, row).await,
        3 => add_upgrade(state, tx, (plan, county), row).await,
        _ => add_new_mine(state, tx, caller, plan, row).await,
    }
}

/// A row of attachment 2: a closure of a mine of the county.
async fn add_closure(
    state: &AppState,
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    row: Row<'_>,
) -> Result<Added, Refused> {
    let line = row.line;
    let read = closure_row(row.located, line, row.cells).map_err(Refused::Row)?;
    let mine = mine_of(tx, plan, &read.mine, line).await?;
    agrees(&row, (&read.mine, &mine), layout::SCALE)?;
    let method = if read.close {
        Disposition::Close
    } else {
        Disposition::Exit
    };
    if let Some(entry) = listed(tx, plan.id, mine.id).await? {
        let same = entry.kind == EntryKind::Closure.code()
            && method_of(&entry) == method
            && entry.close_by == Some(read.close_by);
        return unchanged_or_taken(same, line);
    }
    let input = ClosureEntry {
        mine_id: mine.id,
        method,
        close_by: read.close_by,
        restoration_due_by: read.restoration_due_by,
    };
    let entry = closure_in(state, tx, plan, input)
        .await
        .map_err(|e| refused(line, e))?;
    Ok(Added::of_mine(entry.id, &mine))
}

/// A row of attachment 3: an upgrade of a mine of the county.
async fn add_upgrade(
    state: &AppState,
    tx: &DatabaseTransaction,
    (plan, county): (&county_plan::Model, &county::Model),
    row: Row<'_>,
) -> Result<Added, Refused> {
    let line = row.line;
    let read = upgrade_row(row.located, line, row.cells).map_err(Refused::Row)?;
    let mine = mine_of(tx, plan, &read.mine, line).await?;
    agrees(&row, (&read.mine, &mine), layout::CURRENT_SCALE)?;
    if let Some(entry) = listed(tx, plan.id, mine.id).await? {
        let same = entry.kind == EntryKind::Upgrade.code()
            && entry.target_scale == Some(read.target_scale)
            && entry.complete_by == Some(read.complete_by);
        return unchanged_or_taken(same, line);
    }
    let input = UpgradeEntry {
        mine_id: mine.id,
        target_scale: read.target_scale,
        recoverable_reserves: read.recoverable_reserves,
        complete_by: read.complete_by,
        measures: Vec::new(),
        safety_facilities_by: None,
        licence_change_by: None,
    };
    let entry = upgrade_in(state, tx, (plan, county), input)
        .await
        .map_err(|e| refused(line, e))?;
    Ok(Added::of_mine(entry.id, &mine))
}

/// A row of attachment 4: a new mine on a block of the county, the block created from the
/// row when the county has not planned it yet.
async fn add_new_mine(
    state: &AppState,
    tx: &DatabaseTransaction,
    caller: &Caller,
    plan: &county_plan::Model,
    row: Row<'_>,
) -> Result<Added, Refused> {
    let line = row.line;
    let read = new_mine_row(row.located, line, row.cells, row.words).map_err(Refused::Row)?;
    let block = block_of(state, tx, caller, plan, &read, line).await?;
    let planned = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.eq(plan.id))
        .filter(plan_entry::Column::BlockId.eq(block.id))
        .one(tx)
        .await
        .map_err(AppError::from)?;
    if let Some(entry) = planned {
        return unchanged_or_taken(entry.transfer_year == Some(read.transfer_year), line);
    }
    let input = NewMineEntry {
        block_id: block.id,
        transfer_year: read.transfer_year,
    };
    let entry = new_mine_in(tx, plan, input)
        .await
        .map_err(|e| refused(line, e))?;
    Ok(Added::Created {
        entry: entry.id,
        subject: block.name,
    })
}

/// The block a row of attachment 4 names in the plan's county: the one planned under that
/// name, else one created from the row.
async fn block_of(
    state: &AppState,
    tx: &DatabaseTransaction,
    caller: &Caller,
    plan: &county_plan::Model,
    read: &NewMineRow,
    line: u32,
) -> Result<block::Model, Refused> {
    let existing = block::Entity::find()
        .filter(block::Column::CountyCode.eq(plan.county_code.clone()))
        .filter(block::Column::Name.eq(read.name.clone()))
        .one(tx)
        .await
        .map_err(AppError::from)?;
    if let Some(block) = existing {
        let corners = blocks::degrees_of(&block)?;
        let known = KnownBlock {
            corners: &corners,
            mineral_code: &block.mineral_code,
            area_km2: block.area_km2,
            predicted_resources: block.predicted_resources,
            location: &block.location,
            designed_scale: blocks::designed_scale_of(&block)?,
        };
        let differences = block_differences(read, &known, line);
        if !differences.is_empty() {
            return Err(Refused::Row(differences));
        }
        return Ok(block);
    }
    let draft = new_block(read, &plan.county_code);
    blocks::create_in(tx, state.clock.as_ref(), caller, draft)
        .await
        .map_err(|e| refused(line, e))
}

/// A row the plan already holds: unchanged when the entry says the same, else refused.
fn unchanged_or_taken(same: bool, line: u32) -> Result<Added, Refused> {
    if same {
        Ok(Added::Unchanged)
    } else {
        Err(row_problem(
            line,
            layout::LICENCE,
            "本计划已列有该矿山（或区块）的其他条目，请先删除原条目再导入",
        ))
    }
}

/// Refuses a row whose name, mineral or scale of its mine disagree with the registry.
fn agrees(
    row: &Row<'_>,
    (named, mine): (&MineRef, &mine::Model),
    scale_column: &'static str,
) -> Result<(), Refused> {
    let cells = (row.located, row.line, row.cells);
    let stated = stated_mine(cells, row.words, scale_column).map_err(Refused::Row)?;
    let known = KnownMine {
        name: &mine.name,
        mineral_code: &mine.mineral_code,
        scale: mine.production_scale,
    };
    let by_licence = matches!(named, MineRef::Licence(_));
    let differences = mine_differences((&stated, by_licence), &known, row.line, scale_column);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Refused::Row(differences))
    }
}

/// The mine a row names, in the plan's county.
async fn mine_of(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    named: &MineRef,
    line: u32,
) -> Result<mine::Model, Refused> {
    let query = mine::Entity::find().filter(mine::Column::CountyCode.eq(plan.county_code.clone()));
    let query = match named {
        MineRef::Licence(licence) => query.filter(mine::Column::LicenceNo.eq(licence.clone())),
        MineRef::Name(name) => query
            .filter(mine::Column::LicenceNo.is_null())
            .filter(mine::Column::Name.eq(name.clone())),
    };
    query
        .one(tx)
        .await
        .map_err(AppError::from)?
        .ok_or_else(|| row_problem(line, layout::LICENCE, "本县（市、区）的名录中没有这座矿山"))
}

/// The entry of plan `plan_id` that already lists mine `mine_id`, if any.
async fn listed(
    tx: &DatabaseTransaction,
    plan_id: i64,
    mine_id: i64,
) -> Result<Option<plan_entry::Model>, Refused> {
    let Some(member) = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(plan_id))
        .filter(plan_mine::Column::MineId.eq(mine_id))
        .one(tx)
        .await
        .map_err(AppError::from)?
    else {
        return Ok(None);
    };
    Ok(plan_entry::Entity::find_by_id(member.entry_id)
        .one(tx)
        .await
        .map_err(AppError::from)?)
}
