//! A plan's content as readers see it: its entries, the mines and blocks they name and the
//! duties of an approved plan, read for any number of plans in a constant number of
//! statements; and the images a revision diff compares.

use std::collections::{BTreeSet, HashMap, HashSet};

use entity::{block, county_plan, duty, mine, plan_entry, plan_mine};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::assessment::Disposition;
use crate::domain::codes::{EntryKind, PlanStatus};
use crate::domain::plan::consistency::Balance;
use crate::domain::plan::diff::EntryImage;
use crate::error::AppResult;
use crate::service::mine_view::MineView;
use crate::service::plans::status_of;
use crate::service::stored::stored_code;

/// One plan with everything it lists, as one reader may see it.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: county_plan::Model,
    pub status: PlanStatus,
    /// Whether the reader reads the plan in full (its county's officials, city roles,
    /// auditors); others read it as published, natural persons' names hidden.
    pub full: bool,
    /// Entries in the order they were added.
    pub entries: Vec<plan_entry::Model>,
    /// Mine ids by entry, for closures, upgrades and groups.
    pub members: HashMap<i64, Vec<i64>>,
    /// The mines the entries name, as this reader may see them.
    pub mines: HashMap<i64, MineView>,
    /// The blocks the new-mine entries name.
    pub blocks: HashMap<i64, block::Model>,
    /// Duties by entry (approved and superseded plans only).
    pub duties: HashMap<i64, Vec<duty::Model>>,
}

impl PlanView {
    /// The entries of one kind.
    pub fn of_kind(&self, kind: EntryKind) -> impl Iterator<Item = &plan_entry::Model> {
        self.entries.iter().filter(move |e| e.kind == kind.code())
    }

    /// The mines on the plan's close/exit list: a plan reads its other mines' integration
    /// findings as if these had left (a partner's exit lifts INTEGRATE-1/2).
    pub fn closing(&self) -> HashSet<i64> {
        self.of_kind(EntryKind::Closure)
            .flat_map(|entry| self.mines_of(entry.id))
            .map(|m| m.row.id)
            .collect()
    }

    /// The mines of an entry, in the order they were listed.
    pub fn mines_of(&self, entry_id: i64) -> Vec<&MineView> {
        self.members
            .get(&entry_id)
            .map(|ids| ids.iter().filter_map(|id| self.mines.get(id)).collect())
            .unwrap_or_default()
    }

    /// Closures (distinct licensed mines on the close/exit list) against proposed new mines.
    pub fn balance(&self) -> Balance {
        let closures: BTreeSet<i64> = self
            .of_kind(EntryKind::Closure)
            .flat_map(|e| self.mines_of(e.id))
            .filter(|m| m.row.licence_no.is_some())
            .map(|m| m.row.id)
            .collect();
        Balance {
            closures: closures.len(),
            new_mines: self.of_kind(EntryKind::NewMine).count(),
        }
    }

    /// The entries as a revision diff compares them; an entry of an unknown kind is a
    /// corrupt row, not a responsibility.
    pub fn images(&self) -> AppResult<Vec<EntryImage>> {
        self.entries.iter().map(|e| self.image(e)).collect()
    }

    fn image(&self, entry: &plan_entry::Model) -> AppResult<EntryImage> {
        let mines = self.mines_of(entry.id);
        let mine_names: Vec<&str> = mines.iter().map(|m| m.row.name.as_str()).collect();
        let kind = stored_code(
            EntryKind::parse,
            "plan_entries",
            "kind",
            entry.id,
            &entry.kind,
        )?;
        let mut ids: Vec<i64> = mines.iter().map(|m| m.row.id).collect();
        ids.sort_unstable();
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let (key, label) = match kind {
            EntryKind::Closure | EntryKind::Upgrade | EntryKind::Integration => (
                format!("{}:mines:{}", kind.code(), ids.join(",")),
                mine_names.join("、"),
            ),
            EntryKind::NewMine => (
                format!("NEW_MINE:block:{}", entry.block_id.unwrap_or_default()),
                entry
                    .block_id
                    .and_then(|id| self.blocks.get(&id))
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
            ),
            EntryKind::Responsibility => {
                let task = entry.task.clone().unwrap_or_default();
                (format!("RESPONSIBILITY:{task}"), task)
            }
            EntryKind::DemandForecast => {
                let mineral = entry.mineral_code.clone().unwrap_or_default();
                (format!("DEMAND_FORECAST:{mineral}"), mineral)
            }
        };
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        let mut put = |name: &'static str, value: Option<String>| {
            if let Some(value) = value {
                fields.push((name, value));
            }
        };
        put("method", entry.method.clone());
        put("closeBy", entry.close_by.map(|d| d.to_string()));
        put(
            "restorationDueBy",
            entry.restoration_due_by.map(|d| d.to_string()),
        );
        put("targetScale", entry.target_scale.map(|v| v.to_string()));
        put(
            "recoverableReserves",
            entry.recoverable_reserves.map(|v| v.to_string()),
        );
        put("completeBy", entry.complete_by.map(|d| d.to_string()));
        put("measures", entry.measures.clone());
        put(
            "safetyFacilitiesBy",
            entry.safety_facilities_by.map(|d| d.to_string()),
        );
        put(
            "licenceChangeBy",
            entry.licence_change_by.map(|d| d.to_string()),
        );
        put("unifiedName", entry.unified_name.clone());
        put("unifiedHolder", entry.unified_holder.clone());
        put("transferYear", entry.transfer_year.map(|y| y.to_string()));
        put("unit", entry.unit.clone());
        put("dueBy", entry.due_by.map(|d| d.to_string()));
        put("annualDemand", entry.annual_demand.map(|v| v.to_string()));
        put("horizonYears", entry.horizon_years.map(|v| v.to_string()));
        put("note", entry.note.clone());
        Ok(EntryImage {
            key,
            kind,
            label,
            fields,
        })
    }
}

/// An entry's own deadline: 关闭退出时间 of a closure, 完成时间 of an upgrade or a group;
/// none for a new mine, a responsibility or a forecast.
pub fn deadline_of(entry: &plan_entry::Model) -> Option<chrono::NaiveDate> {
    entry.close_by.or(entry.complete_by)
}

/// The closure method of an entry.
pub fn method_of(entry: &plan_entry::Model) -> Disposition {
    match entry.method.as_deref() {
        Some("CLOSE") => Disposition::Close,
        _ => Disposition::Exit,
    }
}

/// The rows of `E` whose `column` is one of `ids`, by id; no statement for no ids.
async fn by_id<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    ids: BTreeSet<i64>,
    id_of: fn(&E::Model) -> i64,
) -> AppResult<HashMap<i64, E::Model>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find()
        .filter(column.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (id_of(&row), row))
        .collect())
}

/// Reads `plans` with their content in six statements whatever their number; `full` says,
/// per plan id, whether the reader reads it in full.
pub async fn load(
    db: &impl ConnectionTrait,
    plans: Vec<county_plan::Model>,
    full: impl Fn(&county_plan::Model) -> bool,
) -> AppResult<Vec<PlanView>> {
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
    let content = Content::read(db, ids).await?;
    let mut views = Vec::with_capacity(plans.len());
    for plan in plans {
        let status = status_of(&plan)?;
        let full = full(&plan);
        views.push(content.view_of(plan, status, full)?);
    }
    Ok(views)
}

/// The content of several plans, read together and then shared out plan by plan.
struct Content {
    /// Entries in the order they were added.
    entries: Vec<plan_entry::Model>,
    members: Vec<plan_mine::Model>,
    mines: HashMap<i64, mine::Model>,
    blocks: HashMap<i64, block::Model>,
    /// Duties in the order they were created.
    duties: Vec<duty::Model>,
}

impl Content {
    /// The content of the plans `ids`, in at most five statements.
    async fn read(db: &impl ConnectionTrait, ids: Vec<i64>) -> AppResult<Self> {
        let entries = plan_entry::Entity::find()
            .filter(plan_entry::Column::PlanId.is_in(ids.clone()))
            .order_by_asc(plan_entry::Column::Id)
            .all(db)
            .await?;
        let members = plan_mine::Entity::find()
            .filter(plan_mine::Column::PlanId.is_in(ids.clone()))
            .all(db)
            .await?;
        let mine_ids: BTreeSet<i64> = members.iter().map(|m| m.mine_id).collect();
        let mines = by_id::<mine::Entity>(db, mine::Column::Id, mine_ids, |m| m.id).await?;
        let block_ids: BTreeSet<i64> = entries.iter().filter_map(|e| e.block_id).collect();
        let blocks = by_id::<block::Entity>(db, block::Column::Id, block_ids, |b| b.id).await?;
        let duties = duty::Entity::find()
            .filter(duty::Column::PlanId.is_in(ids))
            .order_by_asc(duty::Column::Id)
            .all(db)
            .await?;
        Ok(Self {
            entries,
            members,
            mines,
            blocks,
            duties,
        })
    }

    /// `plan` (of `status`) with its share of the content, as a reader reads it (`full`,
    /// or as published); an entry whose stored kind does not parse is a corrupt row.
    fn view_of(
        &self,
        plan: county_plan::Model,
        status: PlanStatus,
        full: bool,
    ) -> AppResult<PlanView> {
        let entries: Vec<plan_entry::Model> = self
            .entries
            .iter()
            .filter(|e| e.plan_id == plan.id)
            .cloned()
            .collect();
        for entry in &entries {
            stored_code(
                EntryKind::parse,
                "plan_entries",
                "kind",
                entry.id,
                &entry.kind,
            )?;
        }
        let (members, mines) = self.listed(plan.id, full);
        let blocks = entries
            .iter()
            .filter_map(|e| e.block_id)
            .filter_map(|id| self.blocks.get(&id).map(|b| (id, b.clone())))
            .collect();
        let mut duties: HashMap<i64, Vec<duty::Model>> = HashMap::new();
        for duty in self.duties.iter().filter(|d| d.plan_id == plan.id) {
            duties.entry(duty.entry_id).or_default().push(duty.clone());
        }
        Ok(PlanView {
            plan,
            status,
            full,
            entries,
            members,
            mines,
            blocks,
            duties,
        })
    }

    /// The mine ids of plan `plan_id` by entry (sorted), and its mines as the reader sees
    /// them (`full`, or as published).
    fn listed(&self, plan_id: i64, full: bool) -> (HashMap<i64, Vec<i64>>, HashMap<i64, MineView>) {
        let mut by_entry: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut listed: HashMap<i64, MineView> = HashMap::new();
        for member in self.members.iter().filter(|m| m.plan_id == plan_id) {
            by_entry
                .entry(member.entry_id)
                .or_default()
                .push(member.mine_id);
            if let Some(row) = self.mines.get(&member.mine_id) {
                let view = if full {
                    MineView::for_reader_in_scope(row.clone())
                } else {
                    MineView::published(row.clone())
                };
                listed.insert(member.mine_id, view);
            }
        }
        for ids in by_entry.values_mut() {
            ids.sort_unstable();
        }
        (by_entry, listed)
    }
}
