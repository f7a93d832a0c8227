//! County plans: `CountyPlan` and its entries, duties, balance and comments, the entry
//! inputs, and `PlanDiff`.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{duty, plan_entry};

use crate::domain::codes;
use crate::domain::mine::service_years;
use crate::domain::plan::diff::EntryChange;
use crate::domain::plan::entries;
use crate::error::AppError;
use crate::graphql::context::loaders;
use crate::graphql::query::parse_id;
use crate::graphql::types::assessment::Disposition;
use crate::graphql::types::block::Block;
use crate::graphql::types::date::Date;
use crate::graphql::types::mine::Mine;
use crate::graphql::types::reference::County;
use crate::service::mine_view::MineView;
use crate::service::plans::content::PlanView;
use crate::service::plans::workflow::comments_of;

/// A county plan revision's status in the workflow.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::PlanStatus")]
pub enum PlanStatus {
    /// Being drafted by the county (草稿).
    Draft,
    /// Sent to the city, awaiting a decision (已报送).
    Submitted,
    /// Returned with comments; editable again (已退回).
    Returned,
    /// Approved: in force and frozen (已批准).
    Approved,
    /// Replaced by a newer approved revision (已被取代).
    Superseded,
}

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

/// One revision of a county rectification plan (综合整治提升工作计划).
#[derive(Clone)]
pub struct CountyPlan(pub Arc<PlanView>);

impl From<PlanView> for CountyPlan {
    fn from(view: PlanView) -> Self {
        CountyPlan(Arc::new(view))
    }
}

fn date(value: Option<chrono::NaiveDate>) -> Option<Date> {
    value.map(Date)
}

/// One revision of a county rectification plan (综合整治提升工作计划).
#[Object]
impl CountyPlan {
    /// This revision's id (each revision has its own).
    async fn id(&self) -> ID {
        ID(self.0.plan.id.to_string())
    }
    /// Six-digit division code of the county that files the plan.
    async fn county_code(&self) -> &str {
        &self.0.plan.county_code
    }
    /// The county that files the plan.
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<County>> {
        Ok(loaders(ctx)?
            .catalogue
            .county(&self.0.plan.county_code)
            .cloned()
            .map(County::from))
    }
    /// The campaign the plan belongs to (`JC-2024`).
    async fn campaign_code(&self) -> &str {
        &self.0.plan.campaign_code
    }
    /// The revision's status in the workflow.
    async fn status(&self) -> PlanStatus {
        self.0.status.into()
    }
    /// 1 for the first plan, +1 for each revision.
    async fn revision(&self) -> i32 {
        self.0.plan.revision
    }
    /// The approved revision this one revises.
    async fn revises_id(&self) -> Option<ID> {
        self.0.plan.revises_id.map(|id| ID(id.to_string()))
    }
    /// Whether this revision is the one in force (approved and not yet superseded).
    async fn in_force(&self) -> bool {
        self.0.status == codes::PlanStatus::Approved
    }
    /// Whether the reader sees the plan in full; false: as published (natural persons'
    /// names hidden).
    async fn full_view(&self) -> bool {
        self.0.full
    }
    /// Close/exit list (attachment 2), with each entry's timetable and duties.
    async fn closures(&self) -> Vec<ClosureEntry> {
        self.entries(codes::EntryKind::Closure, ClosureEntry)
    }
    /// Upgrade list (attachment 3).
    async fn upgrades(&self) -> Vec<UpgradeEntry> {
        self.entries(codes::EntryKind::Upgrade, UpgradeEntry)
    }
    /// Integration groups (整合重组).
    async fn integrations(&self) -> Vec<IntegrationGroup> {
        self.entries(codes::EntryKind::Integration, IntegrationGroup)
    }
    /// Proposed new mines (attachment 4), with their transfer years.
    async fn new_mines(&self) -> Vec<NewMineEntry> {
        self.entries(codes::EntryKind::NewMine, NewMineEntry)
    }
    /// Division of responsibilities and deadlines.
    async fn responsibilities(&self) -> Vec<Responsibility> {
        self.entries(codes::EntryKind::Responsibility, Responsibility)
    }
    /// The county's demand forecasts per mineral (informative).
    async fn demand_forecasts(&self) -> Vec<DemandForecast> {
        self.entries(codes::EntryKind::DemandForecast, DemandForecast)
    }
    /// The city's comments on returning the plan, oldest first.
    async fn comments(&self) -> async_graphql::Result<Vec<PlanComment>> {
        Ok(comments_of(&self.0.plan)?
            .into_iter()
            .map(|c| PlanComment {
                at: c.at,
                by: c.by,
                text: c.text,
            })
            .collect())
    }
    /// Closures against proposed new mines (关设并举): a warning here; the quota is enforced
    /// at admission (NEW-3).
    async fn balance(&self) -> PlanBalance {
        let balance = self.0.balance();
        PlanBalance {
            closures: balance.closures as i32,
            new_mines: balance.new_mines as i32,
            remaining: balance.remaining() as i32,
            warning: balance.warning(),
        }
    }
    /// Every duty of the plan's entries (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        let mut all: Vec<Duty> = self
            .0
            .duties
            .values()
            .flatten()
            .map(|d| Duty::of_plan(d, &self.0))
            .collect();
        all.sort_by_key(|d| d.0.id);
        all
    }
    /// When the revision was last submitted to the city; null before any submission.
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.submitted_at
    }
    /// When the city last approved or returned the revision; null before any decision.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.decided_at
    }
    /// The day the city approved it.
    async fn approved_on(&self) -> Option<Date> {
        date(self.0.plan.approved_on)
    }
    /// When a newer approved revision replaced this one; null while it has not.
    async fn superseded_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.superseded_at
    }
    /// Optimistic-concurrency version: +1 on every change.
    async fn version(&self) -> i32 {
        self.0.plan.version
    }
    /// When the revision was opened (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.plan.created_at
    }
    /// When the revision last changed (UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.plan.updated_at
    }
}

impl CountyPlan {
    fn entries<T>(&self, kind: codes::EntryKind, make: impl Fn(EntryRef) -> T) -> Vec<T> {
        self.0
            .of_kind(kind)
            .map(|entry| {
                make(EntryRef {
                    plan: self.0.clone(),
                    entry: entry.clone(),
                })
            })
            .collect()
    }
}

/// An entry with the plan it belongs to.
#[derive(Clone)]
pub struct EntryRef {
    plan: Arc<PlanView>,
    entry: plan_entry::Model,
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
        date(self.view.row.licence_valid_from)
    }
    /// Last day of the mining licence's validity (采矿许可证有效期).
    async fn licence_valid_until(&self) -> Option<Date> {
        date(self.view.row.licence_valid_until)
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
pub struct ClosureEntry(EntryRef);

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
        date(self.0.entry.close_by)
    }
    /// The supervision commitment: restoration duties done by this day.
    async fn restoration_due_by(&self) -> Option<Date> {
        date(self.0.entry.restoration_due_by)
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// An upgrade entry (attachment 3).
pub struct UpgradeEntry(EntryRef);

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
        date(self.0.entry.complete_by)
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
        date(
            self.0
                .entry
                .safety_facilities_by
                .or(self.0.entry.complete_by),
        )
    }
    /// The licence's scale changed by this day.
    async fn licence_change_by(&self) -> Option<Date> {
        date(self.0.entry.licence_change_by.or(self.0.entry.complete_by))
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// An integration group: members that become one unified right (五统一).
pub struct IntegrationGroup(EntryRef);

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
        date(self.0.entry.complete_by)
    }
    /// The unified mine's id, once the integration is completed.
    async fn unified_mine_id(&self) -> Option<ID> {
        self.0.entry.unified_mine_id.map(|id| ID(id.to_string()))
    }
    /// Follow-up duties (approved plans).
    async fn duties(&self) -> Vec<Duty> {
        self.0.duties()
    }
}

/// A proposed new mine (attachment 4).
pub struct NewMineEntry(EntryRef);

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
pub struct Responsibility(EntryRef);

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
        date(self.0.entry.due_by)
    }
}

/// A county's demand forecast for a mineral (informative: it gates nothing).
pub struct DemandForecast(EntryRef);

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

/// A follow-up duty of an approved plan's entry (closure, licence cancellation, restoration,
/// …), and whether its responsible party and note may be shown to the reader.
pub struct Duty(pub duty::Model, bool);

impl Duty {
    /// A duty read by someone whose scope reaches its county.
    pub fn in_scope(row: duty::Model) -> Self {
        Duty(row, true)
    }

    /// A duty of `plan` as its reader may see it: read as published, a duty whose mine (or
    /// any of whose group's mines) is held by a natural person hides who performs it.
    fn of_plan(row: &duty::Model, plan: &PlanView) -> Self {
        let hidden = |mine: &MineView| mine.holder.is_none();
        let shown = plan.full
            || match row.mine_id {
                Some(id) => !plan.mines.get(&id).is_some_and(hidden),
                None => !plan.mines_of(row.entry_id).into_iter().any(hidden),
            };
        Duty(row.clone(), shown)
    }
}

/// A follow-up duty of an approved plan: what is to be done, by whom, by when, and when it
/// was done.
#[Object]
impl Duty {
    /// The duty's id; pass it to `completeDuty`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The plan revision it belongs to.
    async fn plan_id(&self) -> ID {
        ID(self.0.plan_id.to_string())
    }
    /// The entry it follows.
    async fn entry_id(&self) -> ID {
        ID(self.0.entry_id.to_string())
    }
    /// The mine it concerns (none for a group's completion).
    async fn mine_id(&self) -> Option<ID> {
        self.0.mine_id.map(|id| ID(id.to_string()))
    }
    /// Six-digit division code of the plan's county.
    async fn county_code(&self) -> &str {
        &self.0.county_code
    }
    /// Duty kind code (`MINE_CLOSED`, `LICENCE_CANCELLATION`, `SETTLEMENT`, …).
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// Who performs it; null where it names a natural person the reader may not see.
    async fn responsible(&self) -> Option<&str> {
        self.1.then_some(self.0.responsible.as_str())
    }
    /// The day the duty must be done by; it is overdue from the day after.
    async fn due_by(&self) -> Date {
        Date(self.0.due_by)
    }
    /// The day the duty was done; null while open.
    async fn done_on(&self) -> Option<Date> {
        date(self.0.done_on)
    }
    /// Whether it is overdue today: not done and its day has passed.
    async fn overdue(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let today = loaders(ctx)?.today();
        Ok(crate::domain::plan::duties::is_overdue(
            self.0.due_by,
            self.0.done_on,
            today,
        ))
    }
    /// Days overdue today (0 when not overdue).
    async fn days_overdue(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let today = loaders(ctx)?.today();
        Ok(crate::domain::plan::duties::days_overdue(
            self.0.due_by,
            self.0.done_on,
            today,
        ))
    }
    /// The completion note; hidden together with the responsible party.
    async fn note(&self) -> Option<&str> {
        self.1.then_some(()).and(self.0.note.as_deref())
    }
    /// Settlement amount (万元), for a settlement duty.
    async fn amount_wan_yuan(&self) -> Option<&str> {
        self.0.amount_wan_yuan.as_deref()
    }
    /// Optimistic-concurrency version: +1 on every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A plan's balance of closures and proposed new mines.
#[derive(SimpleObject)]
pub struct PlanBalance {
    /// Distinct licensed mines on the close/exit list.
    pub closures: i32,
    /// Proposed new mines.
    pub new_mines: i32,
    /// closures − newMines.
    pub remaining: i32,
    /// Present when new mines outnumber closures.
    pub warning: Option<String>,
}

/// A comment of the city on returning a plan.
#[derive(SimpleObject)]
pub struct PlanComment {
    /// When (RFC 3339).
    pub at: String,
    /// Who (the token's `sub`).
    pub by: String,
    /// The comment's text.
    pub text: String,
}

/// How an entry differs between two revisions.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    /// Only in the newer revision.
    Added,
    /// Only in the older revision.
    Removed,
    /// In both, with fields changed.
    Changed,
}

/// One changed field.
#[derive(SimpleObject)]
pub struct FieldChange {
    /// The changed field's name, as the schema writes it.
    pub field: String,
    /// Its value in the revision compared from, as text; null when not set there.
    pub from: Option<String>,
    /// Its value in the revision compared to, as text; null when not set there.
    pub to: Option<String>,
}

/// One entry's difference.
#[derive(SimpleObject)]
pub struct PlanEntryChange {
    /// Whether the entry was added, removed or changed.
    pub change: ChangeType,
    /// The kind of entry.
    pub kind: PlanEntryKind,
    /// What the entry is about (`CLOSURE:mines:12`).
    pub key: String,
    /// The mine's or block's name, the task, the mineral.
    pub label: String,
    /// For `CHANGED`: the fields that differ.
    pub fields: Vec<FieldChange>,
}

/// The differences between two revisions of one county's plan.
#[derive(SimpleObject)]
pub struct PlanDiff {
    /// Id of the revision the changes are read from.
    pub from_id: ID,
    /// Id of the revision the changes lead to.
    pub to_id: ID,
    /// Every entry added, removed or changed, by what the entry is about.
    pub changes: Vec<PlanEntryChange>,
}

impl PlanDiff {
    /// The diff of two revisions.
    pub fn new(from: i64, to: i64, changes: Vec<EntryChange>) -> Self {
        let changes = changes
            .into_iter()
            .map(|change| match change {
                EntryChange::Added(image) => (ChangeType::Added, image, Vec::new()),
                EntryChange::Removed(image) => (ChangeType::Removed, image, Vec::new()),
                EntryChange::Changed { image, fields } => (ChangeType::Changed, image, fields),
            })
            .map(|(change, image, fields)| PlanEntryChange {
                change,
                kind: image.kind.into(),
                key: image.key,
                label: image.label,
                fields: fields
                    .into_iter()
                    .map(|f| FieldChange {
                        field: f.field.to_owned(),
                        from: f.from,
                        to: f.to,
                    })
                    .collect(),
            })
            .collect();
        PlanDiff {
            from_id: ID(from.to_string()),
            to_id: ID(to.to_string()),
            changes,
        }
    }
}

/// `addClosureEntry`'s input.
#[derive(InputObject)]
pub struct ClosureEntryInput {
    /// Id of the county's mine to close or guide out.
    pub mine_id: ID,
    /// `CLOSE` or `EXIT`.
    pub method: Disposition,
    /// 关闭退出时间.
    pub close_by: Date,
    /// Restoration duties done by (the supervision commitment).
    pub restoration_due_by: Date,
}

impl ClosureEntryInput {
    /// The domain entry; a malformed id names `mineId`.
    pub fn parse(self) -> Result<entries::ClosureEntry, AppError> {
        Ok(entries::ClosureEntry {
            mine_id: parse_id(&self.mine_id, "mineId")?,
            method: self.method.into(),
            close_by: self.close_by.0,
            restoration_due_by: self.restoration_due_by.0,
        })
    }
}

/// `addUpgradeEntry`'s input.
#[derive(InputObject)]
pub struct UpgradeEntryInput {
    /// Id of the county's mine to upgrade.
    pub mine_id: ID,
    /// 提升改造后生产规模, 万吨/年.
    pub target_scale: f64,
    /// Recoverable reserves after upgrading, 万吨 (default: the mine's remaining reserves).
    pub recoverable_reserves: Option<f64>,
    /// 完成时间.
    pub complete_by: Date,
    /// Upgrade measures (UPGRADE-2), at most 20.
    pub measures: Option<Vec<String>>,
    /// "三同时" milestone (default: completeBy).
    pub safety_facilities_by: Option<Date>,
    /// Licence scale change milestone (default: completeBy).
    pub licence_change_by: Option<Date>,
}

impl UpgradeEntryInput {
    /// The domain entry.
    pub fn parse(self) -> Result<entries::UpgradeEntry, AppError> {
        Ok(entries::UpgradeEntry {
            mine_id: parse_id(&self.mine_id, "mineId")?,
            target_scale: self.target_scale,
            recoverable_reserves: self.recoverable_reserves,
            complete_by: self.complete_by.0,
            measures: self.measures.unwrap_or_default(),
            safety_facilities_by: self.safety_facilities_by.map(|d| d.0),
            licence_change_by: self.licence_change_by.map(|d| d.0),
        })
    }
}

/// `addIntegrationGroup`'s input.
#[derive(InputObject)]
pub struct IntegrationGroupInput {
    /// Two or more mines of the plan's county.
    pub mine_ids: Vec<ID>,
    /// The unified mine's name.
    pub unified_name: String,
    /// The unified right's holder (default: the largest member's).
    pub unified_holder: Option<String>,
    /// The unified system's scale, 万吨/年 (default: the members' sum).
    pub target_scale: Option<f64>,
    /// 完成时间.
    pub complete_by: Date,
}

impl IntegrationGroupInput {
    /// The domain group.
    pub fn parse(self) -> Result<entries::IntegrationGroup, AppError> {
        if self.mine_ids.len() > entries::MAX_GROUP {
            return Err(AppError::invalid(
                "mineIds",
                format!("整合重组最多{}座矿山", entries::MAX_GROUP),
            ));
        }
        Ok(entries::IntegrationGroup {
            mine_ids: self
                .mine_ids
                .iter()
                .map(|id| parse_id(id, "mineIds"))
                .collect::<Result<_, _>>()?,
            unified_name: self.unified_name,
            unified_holder: self.unified_holder,
            target_scale: self.target_scale,
            complete_by: self.complete_by.0,
        })
    }
}

/// `addNewMineEntry`'s input.
#[derive(InputObject)]
pub struct NewMineEntryInput {
    /// Id of the county's planned block proposed as a new mine.
    pub block_id: ID,
    /// 拟出让年度.
    pub transfer_year: i32,
}

/// `addResponsibility`'s input.
#[derive(InputObject)]
pub struct ResponsibilityInput {
    /// The task to be done.
    pub task: String,
    /// The unit responsible for the task.
    pub unit: String,
    /// The day the task must be done by.
    pub due_by: Date,
}

/// `addDemandForecast`'s input.
#[derive(InputObject)]
pub struct DemandForecastInput {
    /// Code of the mineral the forecast is for (`IRON`, …).
    pub mineral_code: String,
    /// Expected yearly demand, 万吨/年.
    pub annual_demand: f64,
    /// Years the forecast covers (the plan says 5 to 10).
    pub horizon_years: i32,
    /// An optional note on the forecast.
    pub note: Option<String>,
}

/// A county's lists as its plan decides them (attachments 2 and 3, and the integration
/// groups): next to `rectificationLists`, which gives the disposition the rules give.
pub struct PlannedLists(pub CountyPlan);

/// A county's lists as its plan decides them (attachments 2 and 3, and the integration
/// groups).
#[Object]
impl PlannedLists {
    /// The plan revision the lists come from: the one in force, else the newest.
    async fn plan(&self) -> &CountyPlan {
        &self.0
    }
    /// 关闭退出名单 (attachment 2): the route chosen per mine and its timetable.
    async fn close_or_exit(&self) -> Vec<ClosureEntry> {
        self.0.entries(codes::EntryKind::Closure, ClosureEntry)
    }
    /// 整合重组: each group's members together, with the unified name and date.
    async fn integrate(&self) -> Vec<IntegrationGroup> {
        self.0
            .entries(codes::EntryKind::Integration, IntegrationGroup)
    }
    /// 升级改造名单 (attachment 3): target scale, post-upgrade service life, date.
    async fn upgrade(&self) -> Vec<UpgradeEntry> {
        self.0.entries(codes::EntryKind::Upgrade, UpgradeEntry)
    }
}
