//! `CountyPlan`: one revision of a county plan, its workflow status, balance and comments.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::duty::Duty;
use super::entries::{
    ClosureEntry, DemandForecast, EntryRef, IntegrationGroup, NewMineEntry, Responsibility,
    UpgradeEntry,
};
use crate::domain::codes;
use crate::domain::plan::progress::late_entries;
use crate::graphql::context::{app, loaders};
use crate::graphql::types::date::Date;
use crate::graphql::types::reference::County;
use crate::service::plans::completeness;
use crate::service::plans::content::{PlanView, deadline_of};
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

/// One revision of a county rectification plan (综合整治提升工作计划).
#[derive(Clone)]
pub struct CountyPlan(pub Arc<PlanView>);

impl From<PlanView> for CountyPlan {
    fn from(view: PlanView) -> Self {
        CountyPlan(Arc::new(view))
    }
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
    /// The status as officials read it (草稿, 已报送, 已退回, 已批准, 已被新修订版取代).
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
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
    /// The close/exit, upgrade and integration entries due after the campaign's
    /// rectification milestone (整治完成时限), each with the days it runs past: a warning,
    /// shown as entries are added and on submission; nothing is refused for it.
    async fn late_entries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LateEntry>> {
        let Some(milestone) = loaders(ctx)?
            .rectification_due(&self.0.plan.campaign_code)
            .await?
        else {
            return Ok(Vec::new());
        };
        let deadlines = self
            .0
            .entries
            .iter()
            .filter_map(|e| deadline_of(e).map(|day| (e.id, day)));
        Ok(late_entries(deadlines, milestone)
            .into_iter()
            .map(|late| LateEntry {
                entry_id: ID(late.entry_id.to_string()),
                due_by: Date(late.due_by),
                days_past: i32::try_from(late.days_past).unwrap_or(i32::MAX),
                warning: late.warning(milestone),
            })
            .collect())
    }
    /// The county's mines its assessment puts in a batch that no list of this plan holds
    /// yet (三个一批), as submit would name them, in id order: empty once the lists are
    /// complete, and for a plan read as published.
    async fn unlisted(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<UnlistedMine>> {
        let state = app(ctx)?;
        Ok(completeness::unlisted(state, &state.db, &self.0)
            .await?
            .into_iter()
            .map(|missing| UnlistedMine {
                mine_id: ID(missing.mine_id.to_string()),
                list: missing.problem.field,
                rule_id: missing.problem.rule.map(|rule| rule.code().to_owned()),
                message: missing.problem.message,
            })
            .collect())
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
    /// When the county filed this revision's three lists complete (`fileCountyLists`);
    /// null until then.
    async fn lists_filed_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.lists_filed_at
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
        Date::optional(self.0.plan.approved_on)
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
    /// The plan's entries of `kind`, each with the plan, made into their GraphQL type.
    pub(super) fn entries<T>(
        &self,
        kind: codes::EntryKind,
        make: impl Fn(EntryRef) -> T,
    ) -> Vec<T> {
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

/// An entry due after the campaign's rectification milestone.
#[derive(SimpleObject)]
pub struct LateEntry {
    /// The entry's id.
    pub entry_id: ID,
    /// Its own deadline (关闭退出时间 or 完成时间).
    pub due_by: Date,
    /// Days past the milestone.
    pub days_past: i32,
    /// The warning, in Chinese.
    pub warning: String,
}

/// A mine the plan has yet to list.
#[derive(SimpleObject)]
pub struct UnlistedMine {
    /// The mine's id.
    pub mine_id: ID,
    /// The list its default route belongs on: `closures`, `integrations` or `upgrades`.
    pub list: String,
    /// The rule that puts it in a batch (`EXIT-2`, `INTEGRATE-1`, …).
    pub rule_id: Option<String>,
    /// What submit would say, in Chinese.
    pub message: String,
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
