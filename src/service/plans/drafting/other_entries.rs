//! The entries that list no mine: a block proposed for transfer, a responsibility, and a
//! demand forecast.

use entity::{block, county_plan, plan_entry};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use crate::domain::ValidationError;
use crate::domain::access::Caller;
use crate::domain::codes::EntryKind;
use crate::domain::operation::Operation;
use crate::domain::plan::entries::{DemandForecast, NewMineEntry, Responsibility};
use crate::domain::rule::Rule;
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::infra::writes::on_duplicate;
use crate::service::plans::content::PlanView;
use crate::service::plans::drafting::{blank, edit};
use crate::service::reference::ensure_known_mineral;
use crate::state::AppState;

/// `addNewMineEntry`: a block of the county proposed for transfer in a year.
pub async fn add_new_mine(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: NewMineEntry,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddNewMineEntry,
        PlanEventType::EntryAdded,
        async |tx, plan, _| new_mine_in(tx, plan, input).await,
    )
    .await
}

/// A new-mine entry added to `plan` in `tx` (`addNewMineEntry`, the attachment-4 import).
pub async fn new_mine_in(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    input: NewMineEntry,
) -> AppResult<plan_entry::Model> {
    input.check()?;
    let block = block::Entity::find_by_id(input.block_id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::invalid("blockId", "规划区块不存在"))?;
    if block.county_code != plan.county_code {
        return Err(ValidationError::breaking(
            Rule::PlanCounty,
            "blockId",
            "规划区块不在本计划所属的县（市、区）",
        )
        .into());
    }
    let entry = plan_entry::ActiveModel {
        block_id: Set(Some(block.id)),
        transfer_year: Set(Some(input.transfer_year)),
        ..blank(plan.id, EntryKind::NewMine)
    };
    entry.insert(tx).await.map_err(|err| {
        on_duplicate(err, || {
            AppError::invalid("blockId", "该规划区块已列入本计划的拟新设矿山")
        })
    })
}

/// `addResponsibility`: a task, its unit and its deadline.
pub async fn add_responsibility(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: Responsibility,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddResponsibility,
        PlanEventType::EntryAdded,
        async |tx, plan, _| {
            let input = input.parse()?;
            let entry = plan_entry::ActiveModel {
                task: Set(Some(input.task)),
                unit: Set(Some(input.unit)),
                due_by: Set(Some(input.due_by)),
                ..blank(plan.id, EntryKind::Responsibility)
            };
            Ok(entry.insert(tx).await?)
        },
    )
    .await
}

/// `addDemandForecast`: the county's expected demand for a mineral (informative).
pub async fn add_demand_forecast(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    input: DemandForecast,
) -> AppResult<PlanView> {
    edit(
        state,
        viewer,
        plan_id,
        Operation::AddDemandForecast,
        PlanEventType::EntryAdded,
        async |tx, plan, _| {
            let (input, mineral) = input.parse()?;
            ensure_known_mineral(tx, mineral.as_str()).await?;
            let entry = plan_entry::ActiveModel {
                mineral_code: Set(Some(input.mineral_code)),
                annual_demand: Set(Some(input.annual_demand)),
                horizon_years: Set(Some(input.horizon_years as i32)),
                note: Set(input.note),
                ..blank(plan.id, EntryKind::DemandForecast)
            };
            entry.insert(tx).await.map_err(|err| {
                on_duplicate(err, || {
                    AppError::invalid("mineralCode", "本计划已有该矿种的需求预测")
                })
            })
        },
    )
    .await
}
