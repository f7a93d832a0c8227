//! Unifying a city-coordinated group: once every county's plan in force carries it, the
//! first county to complete its 整合完成 creates the one unified mine and closes every
//! member, in every county, into it; before that the completion is refused, naming the
//! counties still to approve the group.

use entity::{coordinated_group, county, plan_entry};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::view_in;
use crate::domain::access::Caller;
use crate::domain::plan::coordination::{formed, waiting_for};
use crate::domain::plan::group::UnifiedRight;
use crate::error::{AppError, AppResult, Conflict};
use crate::service::plans::duties::unite;
use crate::state::AppState;

/// Unifies group `group_id` for a completion recorded in `county`; a group unified already
/// stays as it is.
pub async fn unify_coordinated(
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
