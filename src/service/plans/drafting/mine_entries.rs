//! The entries that list mines: a closure (close or exit), an upgrade and an integration
//! group, each checked against its mines' assessments today as it is added.

use std::collections::HashSet;

use entity::{county, county_plan, plan_entry};
use sea_orm::{DatabaseTransaction, Set};

use crate::domain::access::Caller;
use crate::domain::assessment::{Disposition, UpgradeTarget, evaluate_upgrade};
use crate::domain::codes::EntryKind;
use crate::domain::operation::Operation;
use crate::domain::plan::consistency::{check_closure, check_upgrade};
use crate::domain::plan::entries::{ClosureEntry, IntegrationGroup, UpgradeEntry};
use crate::domain::plan::group::check_group_mines;
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::assessment::facts_of;
use crate::service::plans::assessed::{assessments, county_standards, group_mines};
use crate::service::plans::content::PlanView;
use crate::service::plans::drafting::listable::{closing_mines, insert_with_mines, listable_mines};
use crate::service::plans::drafting::{blank, edit};
use crate::state::AppState;

/// `addClosureEntry`: a mine to close or exit, with its timetable.
pub async fn add_closure(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: ClosureEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddClosureEntry,
        PlanEventType::EntryAdded,
        async |tx, plan, _| closure_in(state, tx, plan, input).await,
    )
    .await
}

/// A closure entry added to `plan` in `tx` (`addClosureEntry`, the attachment-2 import).
pub async fn closure_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    input: ClosureEntry,
) -> AppResult<plan_entry::Model> {
    input.check()?;
    let mine = listable_mines(tx, plan, &[input.mine_id], "mineId")
        .await?
        .remove(0);
    let assessed = assessments(state, tx, vec![mine.clone()], &HashSet::new()).await?;
    if let Some(assessment) = assessed.get(&mine.id) {
        check_closure(input.method, assessment)?;
    }
    let entry = plan_entry::ActiveModel {
        method: Set(Some(disposition_code(input.method).into())),
        mine_id: Set(Some(mine.id)),
        close_by: Set(Some(input.close_by)),
        restoration_due_by: Set(input.restoration_due_by),
        ..blank(plan.id, EntryKind::Closure)
    };
    insert_with_mines(tx, entry, &[mine.id], "mineId").await
}

/// The stored method of a closure: a mine is closed, or exits by any other way.
fn disposition_code(method: Disposition) -> &'static str {
    match method {
        Disposition::Close => "CLOSE",
        _ => "EXIT",
    }
}

/// `addUpgradeEntry`: a mine to upgrade, whose target must meet UPGRADE-1.
pub async fn add_upgrade(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: UpgradeEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddUpgradeEntry,
        PlanEventType::EntryAdded,
        async |tx, plan, county| upgrade_in(state, tx, (plan, county), input).await,
    )
    .await
}

/// An upgrade entry added to `plan` of `county` in `tx` (`addUpgradeEntry`, the
/// attachment-3 import).
pub async fn upgrade_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    (plan, county): (&county_plan::Model, &county::Model),
    input: UpgradeEntry,
) -> AppResult<plan_entry::Model> {
    let input = input.parse()?;
    let mine = listable_mines(tx, plan, &[input.mine_id], "mineId")
        .await?
        .remove(0);
    let facts = facts_of(&mine)?;
    let standards = county_standards(state, tx, &county.code).await?;
    let evaluation = evaluate_upgrade(
        &facts,
        &standards,
        UpgradeTarget {
            target_scale: input.target_scale,
            recoverable_reserves: input.recoverable_reserves,
        },
    );
    let closing = closing_mines(tx, plan.id).await?;
    let assessed = assessments(state, tx, vec![mine.clone()], &closing).await?;
    if let Some(assessment) = assessed.get(&mine.id) {
        check_upgrade(assessment, &evaluation)?;
    }
    let measures = serde_json::to_string(&input.measures).map_err(AppError::internal)?;
    let entry = plan_entry::ActiveModel {
        mine_id: Set(Some(mine.id)),
        target_scale: Set(Some(input.target_scale)),
        recoverable_reserves: Set(input.recoverable_reserves),
        complete_by: Set(Some(input.complete_by)),
        measures: Set(Some(measures)),
        safety_facilities_by: Set(input.safety_facilities_by),
        licence_change_by: Set(input.licence_change_by),
        ..blank(plan.id, EntryKind::Upgrade)
    };
    insert_with_mines(tx, entry, &[mine.id], "mineId").await
}

/// `addIntegrationGroup`: two or more mines of the county to become one right (五统一).
pub async fn add_integration(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: IntegrationGroup,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddIntegrationGroup,
        PlanEventType::EntryAdded,
        async |tx, plan, county| integration_in(state, tx, (plan, county), input).await,
    )
    .await
}

/// An integration group added to `plan` of `county` in `tx`: its members are listable and
/// together meet INTEGRATE-3.
async fn integration_in(
    state: &AppState,
    tx: &DatabaseTransaction,
    (plan, county): (&county_plan::Model, &county::Model),
    input: IntegrationGroup,
) -> AppResult<plan_entry::Model> {
    let input = input.parse()?;
    let rows = listable_mines(tx, plan, &input.mine_ids, "mineIds").await?;
    let assessed = assessments(state, tx, rows.clone(), &HashSet::new()).await?;
    let standards = county_standards(state, tx, &county.code).await?;
    let group = group_mines(&rows, &assessed)?;
    check_group_mines(&group, input.target_scale, &standards)?;
    let entry = plan_entry::ActiveModel {
        unified_name: Set(Some(input.unified_name.clone())),
        unified_holder: Set(input.unified_holder.clone()),
        target_scale: Set(input.target_scale),
        complete_by: Set(Some(input.complete_by)),
        ..blank(plan.id, EntryKind::Integration)
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    insert_with_mines(tx, entry, &ids, "mineIds").await
}
