//! Completing an integration: the unified mine joins the registry and every member is
//! closed into it, its licence released: the largest member's passes to the unified right,
//! the others' merge into it.

use entity::{county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::Caller;
use crate::domain::operation::Operation;
use crate::domain::plan::group::{MemberFigures, UnifiedRight, largest, unified_mine};
use crate::error::{AppError, AppResult};
use crate::service::audit::Change;
use crate::service::mine_rows::{draft_of, new_row};
use crate::service::plans::duties::completion::close_mine;
use crate::state::AppState;

/// Completes an integration: the unified mine joins the registry (the group's name and
/// holder, the members' mineral, the target or summed scale, the summed reserves; the
/// largest member's method, position, ore body and licence, which passes to the unified
/// right) and every member is closed into it. A group already unified stays as it is.
pub(super) async fn unify(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    plan: &county_plan::Model,
    county: &county::Model,
    entry_id: i64,
) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let Some((entry, members)) = group_to_unify(tx, entry_id).await? else {
        return Ok(());
    };
    let Some(largest) = largest(&members, |m| m.production_scale) else {
        return Err(AppError::internal(format!(
            "group {entry_id} has no members"
        )));
    };
    let right = UnifiedRight {
        name: entry.unified_name.as_deref(),
        holder: entry.unified_holder.as_deref(),
        target_scale: entry.target_scale,
    };
    let figures: Vec<MemberFigures> = members
        .iter()
        .map(|m| MemberFigures {
            scale: m.production_scale,
            reserves: m.remaining_reserves,
        })
        .collect();
    let facts = unified_mine(draft_of(largest)?, right, &figures).map_err(AppError::from)?;
    for member in &members {
        // Every member's licence ends as it closes into the unified right: the largest's
        // passes to it, the others merge into it.
        close_mine(
            tx,
            state,
            caller,
            county,
            member.id,
            Operation::UnifyMines,
            true,
        )
        .await?;
    }
    let unified = new_row(&facts, clock.now()).insert(tx).await?;
    Change::in_city(
        &county.city_code,
        Operation::UnifyMines,
        unified.id,
        (None, Some(&unified)),
    )
    .record(tx, clock, caller)
    .await?;
    let mut row: plan_entry::ActiveModel = entry.into();
    row.unified_mine_id = Set(Some(unified.id));
    row.update(tx).await?;
    tracing::info!(
        plan = plan.id,
        unified = unified.id,
        members = members.len(),
        "integration completed"
    );
    Ok(())
}

/// The integration entry `entry_id` and its members, by id; `None` when its group was
/// unified already, which is never done twice.
async fn group_to_unify(
    tx: &DatabaseTransaction,
    entry_id: i64,
) -> AppResult<Option<(plan_entry::Model, Vec<mine::Model>)>> {
    let entry = plan_entry::Entity::find_by_id(entry_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal(format!("duty of missing entry {entry_id}")))?;
    if entry.unified_mine_id.is_some() {
        return Ok(None);
    }
    let ids: Vec<i64> = plan_mine::Entity::find()
        .filter(plan_mine::Column::EntryId.eq(entry.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|m| m.mine_id)
        .collect();
    let members = mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids))
        .order_by_asc(mine::Column::Id)
        .all(tx)
        .await?;
    Ok(Some((entry, members)))
}
