//! Removing an entry, with the mines it lists, from a draft or returned plan.

use entity::{plan_entry, plan_mine};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::access::Caller;
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::plans::content::PlanView;
use crate::service::plans::drafting::edit;
use crate::state::AppState;

/// `removePlanEntry`: takes an entry (and its mines) off a draft or returned plan.
pub async fn remove(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    entry_id: i64,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::RemovePlanEntry,
        PlanEventType::EntryRemoved,
        async |tx, plan, _| {
            let entry = plan_entry::Entity::find_by_id(entry_id)
                .filter(plan_entry::Column::PlanId.eq(plan.id))
                .one(tx)
                .await?
                .ok_or(AppError::NotFound("计划条目"))?;
            plan_mine::Entity::delete_many()
                .filter(plan_mine::Column::EntryId.eq(entry.id))
                .exec(tx)
                .await?;
            plan_entry::Entity::delete_by_id(entry.id).exec(tx).await?;
            Ok(entry)
        },
    )
    .await
}
