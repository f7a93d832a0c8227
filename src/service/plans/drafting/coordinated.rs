//! `joinCoordinatedGroup`: a county's plan carries its own members of a city-coordinated
//! group, checked with the whole group as the city formed it.

use std::collections::HashSet;

use entity::{county, county_plan, plan_entry};
use sea_orm::{DatabaseTransaction, Set};

use crate::domain::access::Caller;
use crate::domain::codes::EntryKind;
use crate::domain::operation::Operation;
use crate::domain::plan::group::check_group_mines;
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::plans::assessed::{assessments, county_standards, group_mines};
use crate::service::plans::content::PlanView;
use crate::service::plans::coordination::view_in;
use crate::service::plans::drafting::listable::{insert_with_mines, listable_mines};
use crate::service::plans::drafting::{blank, edit};
use crate::state::AppState;

/// `joinCoordinatedGroup`: the plan lists its county's members of group `group_id` in one
/// integration entry taking the group's name, holder, scale and date.
pub async fn join(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    group_id: i64,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::JoinCoordinatedGroup,
        PlanEventType::EntryAdded,
        async |tx, plan, county| joined_in(state, tx, (plan, county), group_id).await,
    )
    .await
}

/// The entry joining `plan` of `county` to group `group_id`: a group of another city is
/// not found; a group without members in the county, or already unified, is refused.
async fn joined_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    (plan, county): (&county_plan::Model, &county::Model),
    group_id: i64,
) -> AppResult<plan_entry::Model> {
    let view = view_in(tx, group_id).await?;
    if view.group.city_code != county.city_code {
        return Err(AppError::NotFound("跨县整合组"));
    }
    if view.group.unified_mine_id.is_some() {
        return Err(AppError::invalid("groupId", "该跨县整合组已完成整合"));
    }
    let own: Vec<i64> = view
        .members
        .iter()
        .filter(|m| m.county_code == plan.county_code)
        .map(|m| m.id)
        .collect();
    if own.is_empty() {
        return Err(AppError::invalid(
            "groupId",
            "该跨县整合组没有本县（市、区）的矿山",
        ));
    }
    listable_mines(tx, plan, &own, "groupId").await?;
    let assessed = assessments(state, tx, view.members.clone(), &HashSet::new()).await?;
    let standards = county_standards(state, tx, &county.code).await?;
    let group = &view.group;
    check_group_mines(
        &group_mines(&view.members, &assessed)?,
        group.target_scale,
        &standards,
    )?;
    let entry = plan_entry::ActiveModel {
        unified_name: Set(Some(group.unified_name.clone())),
        unified_holder: Set(group.unified_holder.clone()),
        target_scale: Set(group.target_scale),
        complete_by: Set(Some(group.complete_by)),
        coordinated_group_id: Set(Some(group.id)),
        ..blank(plan.id, EntryKind::Integration)
    };
    insert_with_mines(tx, entry, &own, "groupId").await
}
