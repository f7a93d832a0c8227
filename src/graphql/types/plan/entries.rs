//! A plan's entries: the kinds, the mine as a plan lists it, and one type per kind of entry
//! (close/exit, upgrade, integration group, new mine, responsibility, demand forecast).

use std::sync::Arc;

use async_graphql::{Enum, ID, Object};
use entity::plan_entry;

use super::duty::Duty;
use crate::domain::codes;
use crate::domain::mine::service_years;
use crate::error::AppError;
use crate::graphql::types::block::Block;
use crate::graphql::types::date::Date;
use crate::graphql::types::mines::{Disposition, Mine};
use crate::service::mine_view::MineView;
use crate::service::plans::content::PlanView;

/// The kinds of entry a plan holds.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::EntryKind")]
pub enum PlanEntryKind {
    /// Close/exit list (attachment 2).
    Closure,
    /// Upgrade list (attachment 3).
    Upgrade,
    /// Integration group.
    Integration,
    /// Proposed new mine (attachment 4).
    NewMine,
    /// Division of responsibilities.
    Responsibility,
    /// Demand forecast for a mineral.
    DemandForecast,
}

/// An entry with the plan it belongs to.
#[derive(Clone)]
pub struct EntryRef {
    /// The plan revision the entry belongs to, with its mines, blocks and duties.
    pub(super) plan: Arc<PlanView>,
    /// The entry as stored.
    pub(super) entry: plan_entry::Model,
}

impl EntryRef {
    fn id(&self) -> ID {
        ID(self.entry.id.to_string())
    }
    fn mines(&self) -> Vec<PlanMine> {
        self.plan
            .mines_of(self.entry.id)
            .into_iter()
            .map(|m| PlanMine {
                view: m.clone(),
                full: self.plan.full,
            })
            .collect()
    }
    fn mine(&self) -> Option<PlanMine> {
        self.mines().into_iter().next()
    }
    fn duties(&self) -> Vec<Duty> {
        self.plan
            .duties
            .get(&self.entry.id)
            .map(|duties| {
                duties
                    .iter()
                    .map(|d| Duty::of_plan(d, &self.plan))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A mine as a plan lists it: the attachment's columns, and the registry record for readers
/// whose scope reaches it.
pub struct PlanMine {
    view: MineView,
    full: bool,
}

/// A mine as a plan lists it: the attachment's columns, and the registry record for readers
/// whose scope reaches it.
#[Object]
impl PlanMine {
    /// The mine's id.
    async fn id(&self) -> ID {
        ID(self.view.row.id.to_string())
    }
    /// 矿山名称.
    async fn name(&self) -> &str {
        &self.view.row.name
    }
    /// 采矿权人; a natural person's name is hidden from readers outside the plan's scope.
    async fn holder(&self) -> Option<&str> {
        self.view.holder.as_deref()
    }
    /// 采矿许可证号.
    async fn licence_no(&self) -> Option<&str> {
        self.view.row.licence_no.as_deref()
    }
    /// 开采矿种.
    async fn mineral_code(&self) -> &str {
        &self.view.row.mineral_code
    }
    /// 生产规模（现有）, 万吨/年.
    async fn production_scale(&self) -> f64 {
        self.view.row.production_scale
    }
    /// 采矿许可证有效期 (from, until).
    async fn licence_valid_from(&self) -> Option<Date> {
        Date::optional(self.view.row.licence_valid_from)
    }
    /// Last day of the mining licence's validity (采矿许可证有效期).
    async fn licence_valid_until(&self) -> Option<Date> {
        Date::optional(self.view.row.licence_valid_until)
    }
    /// 剩余可采资源量, 万吨.
    async fn remaining_reserves(&self) -> f64 {
        self.view.row.remaining_reserves
    }
    /// The registry record; null for readers who read the plan as published.
    async fn mine(&self) -> Option<Mine> {
        self.full.then(|| Mine(self.view.clone()))
    }
}

/// A close/exit entry (attachment 2).
pub struct ClosureEntry(pub(super) EntryRef);

/// A close/exit entry (attachment 2).
#[Object]
impl ClosureEntry {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// The mine to be closed or guided out.
    async fn mine(&self) -> Option<PlanMine> {
        self.0.mine()
    }
    /// `CLOSE` (关闭取缔) or `EXIT` (引导退出).
    async fn method(&self) -> Disposition {
        crate::service::plans::content::method_of(&self.0.entry).into()
    }
    /// 关闭退出时间.
    async fn close_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.close_by)
    }
    /// The supervision commitment: restoration duties done by this day.
    async fn restoration_due_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.restoration_due_by)
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// An upgrade entry (attachment 3).
pub struct UpgradeEntry(pub(super) EntryRef);

/// An upgrade entry (attachment 3).
#[Object]
impl UpgradeEntry {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// The mine to be upgraded.
    async fn mine(&self) -> Option<PlanMine> {
        self.0.mine()
    }
    /// 生产规模（提升改造后）, 万吨/年.
    async fn target_scale(&self) -> Option<f64> {
        self.0.entry.target_scale
    }
    /// Recoverable reserves after upgrading, when the plan records them, 万吨.
    async fn recoverable_reserves(&self) -> Option<f64> {
        self.0.entry.recoverable_reserves
    }
    /// 改造后服务年限: (recoverableReserves ?? the mine's remaining reserves) ÷ targetScale.
    async fn service_years_after(&self) -> Option<f64> {
        let scale = self.0.entry.target_scale?;
        let mine = self.0.mine()?;
        let reserves = self
            .0
            .entry
            .recoverable_reserves
            .unwrap_or(mine.view.row.remaining_reserves);
        Some(service_years(reserves, scale, None))
    }
    /// 完成时间.
    async fn complete_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.complete_by)
    }
    /// Upgrade measures (UPGRADE-2).
    async fn measures(&self) -> async_graphql::Result<Vec<String>> {
        Ok(match &self.0.entry.measures {
            Some(text) => serde_json::from_str(text)
                .map_err(|err| AppError::internal(format!("measures: {err}")))?,
            None => Vec::new(),
        })
    }
    /// Safety facilities designed, built and in use together ("三同时") by this day.
    async fn safety_facilities_by(&self) -> Option<Date> {
        Date::optional(
            self.0
                .entry
                .safety_facilities_by
                .or(self.0.entry.complete_by),
        )
    }
    /// The licence's scale changed by this day.
    async fn licence_change_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.licence_change_by.or(self.0.entry.complete_by))
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// An integration group: members that become one unified right (五统一).
pub struct IntegrationGroup(pub(super) EntryRef);

/// An integration group: members that become one unified right (五统一).
#[Object]
impl IntegrationGroup {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// The member mines.
    async fn mines(&self) -> Vec<PlanMine> {
        self.0.mines()
    }
    /// The unified mine's name.
    async fn unified_name(&self) -> Option<&str> {
        self.0.entry.unified_name.as_deref()
    }
    /// The unified right's holder, when named (else the largest member's).
    async fn unified_holder(&self) -> Option<&str> {
        self.0.entry.unified_holder.as_deref()
    }
    /// The unified system's scale, when set (else the members' sum), 万吨/年.
    async fn target_scale(&self) -> Option<f64> {
        self.0.entry.target_scale
    }
    /// 完成时间.
    async fn complete_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.complete_by)
    }
    /// The unified mine's id, once the integration is completed.
    async fn unified_mine_id(&self) -> Option<ID> {
        self.0.entry.unified_mine_id.map(|id| ID(id.to_string()))
    }
    /// The city-coordinated group whose members of this county the entry carries
    /// (`coordinatedGroups`); null for the county's own group.
    async fn coordinated_group_id(&self) -> Option<ID> {
        self.0
            .entry
            .coordinated_group_id
            .map(|id| ID(id.to_string()))
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// A proposed new mine (attachment 4).
pub struct NewMineEntry(pub(super) EntryRef);

/// A proposed new mine (attachment 4).
#[Object]
impl NewMineEntry {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// The planned block.
    async fn block(&self) -> Option<Block> {
        let id = self.0.entry.block_id?;
        self.0.plan.blocks.get(&id).cloned().map(Block)
    }
    /// 拟出让年度.
    async fn transfer_year(&self) -> Option<i32> {
        self.0.entry.transfer_year
    }
}

/// A task, the unit responsible and its deadline.
pub struct Responsibility(pub(super) EntryRef);

/// A task, the unit responsible and its deadline.
#[Object]
impl Responsibility {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// The task to be done.
    async fn task(&self) -> Option<&str> {
        self.0.entry.task.as_deref()
    }
    /// The unit responsible for the task.
    async fn unit(&self) -> Option<&str> {
        self.0.entry.unit.as_deref()
    }
    /// The day the task must be done by.
    async fn due_by(&self) -> Option<Date> {
        Date::optional(self.0.entry.due_by)
    }
}

/// A county's demand forecast for a mineral (informative: it gates nothing).
pub struct DemandForecast(pub(super) EntryRef);

/// A county's demand forecast for a mineral (informative: it gates nothing).
#[Object]
impl DemandForecast {
    /// The entry's id.
    async fn id(&self) -> ID {
        self.0.id()
    }
    /// Code of the mineral the forecast is for.
    async fn mineral_code(&self) -> Option<&str> {
        self.0.entry.mineral_code.as_deref()
    }
    /// Expected yearly demand, 万吨/年.
    async fn annual_demand(&self) -> Option<f64> {
        self.0.entry.annual_demand
    }
    /// Years the forecast covers.
    async fn horizon_years(&self) -> Option<i32> {
        self.0.entry.horizon_years
    }
    /// The county's note on the forecast.
    async fn note(&self) -> Option<&str> {
        self.0.entry.note.as_deref()
    }
}
