//! Completing an integration: the unified mine joins the registry and every member is
//! closed into it, its licence released: the largest member's passes to the unified right,
//! the others' merge into it. A county's own group is unified by its entry's completion; a
//! city-coordinated group by the first county to complete its 整合完成 once every county's
//! plan in force carries it (before that the completion is refused, naming the counties
//! still to approve the group).

use entity::{coordinated_group, county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::Caller;
use crate::domain::operation::Operation;
use crate::domain::plan::coordination::{formed, waiting_for};
use crate::domain::plan::group::{MemberFigures, UnifiedRight, largest, unified_mine};
use crate::error::{AppError, AppResult, Conflict};
use crate::service::audit::Change;
use crate::service::mine_rows::{draft_of, new_row};
use crate::service::plans::coordination::view_in;
use crate::service::plans::duties::completion::close_mine;
use crate::state::AppState;

/// Completes the integration of entry `entry_id` of `plan`: its own group, or the
/// city-coordinated group it joined. A group already unified stays as it is.
pub(super) async fn unify(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    plan: &county_plan::Model,
    county: &county::Model,
    entry_id: i64,
) -> AppResult<()> {
    let entry = plan_entry::Entity::find_by_id(entry_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::internal(format!("duty of missing entry {entry_id}")))?;
    if let Some(group) = entry.coordinated_group_id {
        return unify_coordinated(tx, state, caller, county, group).await;
    }
    if entry.unified_mine_id.is_some() {
        return Ok(());
    }
    let members = entry_members(tx, entry.id).await?;
    let right = UnifiedRight {
        name: entry.unified_name.as_deref(),
        holder: entry.unified_holder.as_deref(),
        target_scale: entry.target_scale,
    };
    let unified = unite(tx, state, caller, county, &members, right).await?;
    let mut row: plan_entry::ActiveModel = entry.into();
    row.unified_mine_id = Set(Some(unified.id));
    row.update(tx).await?;
    tracing::info!(
        plan = plan.id,
        unified = unified.id,
        "integration completed"
    );
    Ok(())
}

/// Creates the unified mine of `members` (the right's name and holder, the members'
/// mineral, the target or summed scale, the summed reserves; the largest member's method,
/// position, ore body and licence) and closes every member into it, audited in `county`'s
/// city.
async fn unite(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    members: &[mine::Model],
    right: UnifiedRight<'_>,
) -> AppResult<mine::Model> {
    let clock = state.clock.as_ref();
    let Some(largest) = largest(members, |m| m.production_scale) else {
        return Err(AppError::internal("a group without members"));
    };
    let figures: Vec<MemberFigures> = members
        .iter()
        .map(|m| MemberFigures {
            scale: m.production_scale,
            reserves: m.remaining_reserves,
        })
        .collect();
    let facts = unified_mine(draft_of(largest)?, right, &figures).map_err(AppError::from)?;
    for member in members {
        // Every member's licence ends as it closes into the unified right.
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
    Ok(unified)
}

/// Unifies group `group_id` for a completion recorded in `county`; a group unified already
/// stays as it is.
async fn unify_coordinated(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    group_id: i64,
) -> AppResult<()> {
    let view = view_in(tx, group_id).await?;
    if view.group.unified_mine_id.is_some() {
        return Ok(());
    }
    if !formed(&view.parts) {
        let waiting = waiting_for(&view.parts);
        let names = county::Entity::find()
            .filter(county::Column::Code.is_in(waiting.iter().map(|c| c.to_string())))
            .all(tx)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect();
        return Err(Conflict::GroupNotFormed { waiting: names }.into());
    }
    let group = &view.group;
    let right = UnifiedRight {
        name: Some(&group.unified_name),
        holder: group.unified_holder.as_deref(),
        target_scale: group.target_scale,
    };
    let unified = unite(tx, state, caller, county, &view.members, right).await?;
    let mut row: coordinated_group::ActiveModel = group.clone().into();
    row.unified_mine_id = Set(Some(unified.id));
    row.update(tx).await?;
    plan_entry::Entity::update_many()
        .col_expr(
            plan_entry::Column::UnifiedMineId,
            Expr::value(Some(unified.id)),
        )
        .filter(plan_entry::Column::CoordinatedGroupId.eq(group_id))
        .exec(tx)
        .await
        .map_err(AppError::from)?;
    tracing::info!(
        group = group_id,
        unified = unified.id,
        "coordinated integration completed"
    );
    Ok(())
}

/// The mines entry `entry_id` lists, by id.
async fn entry_members(tx: &DatabaseTransaction, entry_id: i64) -> AppResult<Vec<mine::Model>> {
    let ids: Vec<i64> = plan_mine::Entity::find()
        .filter(plan_mine::Column::EntryId.eq(entry_id))
        .all(tx)
        .await?
        .into_iter()
        .map(|m| m.mine_id)
        .collect();
    Ok(mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids))
        .order_by_asc(mine::Column::Id)
        .all(tx)
        .await?)
}
