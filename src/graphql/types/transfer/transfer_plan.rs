//! The city's transfer plan of one year and its entries, with what the trading platform
//! reported about each.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entity::transfer_entry;

use crate::domain::codes;
use crate::error::AppError;
use crate::graphql::types::block::Block;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{
    BlockPriority, TradingPlatform, TransferMethod, TransferOutcome, TransferPlanStatus,
};
use crate::service::admission::transfer::TransferPlanView;
use crate::service::stored::stored_code;

/// A block admitted into a year's transfer plan.
pub struct TransferPlanEntry {
    /// The entry as stored.
    pub entry: transfer_entry::Model,
    /// The block the entry admits.
    pub block: entity::block::Model,
    /// The year of the plan it belongs to.
    pub year: i32,
}

/// A block admitted into a year's transfer plan.
#[Object]
impl TransferPlanEntry {
    /// The entry's id.
    async fn id(&self) -> ID {
        ID(self.entry.id.to_string())
    }
    /// The block admitted.
    async fn block(&self) -> Block {
        Block(self.block.clone())
    }
    /// How the block is transferred: tender, auction or listing (招拍挂).
    async fn method(&self) -> async_graphql::Result<TransferMethod> {
        self.stored(codes::TransferMethod::parse, "method", &self.entry.method)
    }
    /// The trading platform the block is transferred on.
    async fn platform(&self) -> async_graphql::Result<TradingPlatform> {
        self.stored(
            codes::TradingPlatform::parse,
            "platform",
            &self.entry.platform,
        )
    }
    /// The block's NEW-1 priority when admitted.
    async fn priority(&self) -> async_graphql::Result<BlockPriority> {
        self.stored(
            codes::BlockPriority::parse,
            "priority",
            &self.entry.priority,
        )
    }
    /// When the block was admitted (UTC).
    async fn admitted_at(&self) -> DateTime<Utc> {
        self.entry.admitted_at
    }
    /// Whether the approver admitted it beyond the NEW-3 balance.
    async fn quota_exception(&self) -> bool {
        self.entry.quota_exception_reason.is_some()
    }
    /// The approver's written reason.
    async fn quota_exception_reason(&self) -> Option<&str> {
        self.entry.quota_exception_reason.as_deref()
    }
    /// Whether it was withdrawn (its place given back).
    async fn withdrawn(&self) -> bool {
        self.entry.withdrawn_at.is_some()
    }
    /// Why the entry was withdrawn; null unless withdrawn.
    async fn withdrawn_reason(&self) -> Option<&str> {
        self.entry.withdrawn_reason.as_deref()
    }
    /// The transfer plan's year.
    async fn year(&self) -> i32 {
        self.year
    }
    /// The batch it was admitted in: 0 for the plan itself, n for the nth supplementary
    /// batch (admitted after the plan's approval, approved on its own).
    async fn batch(&self) -> i32 {
        self.entry.batch
    }
    /// Whether its plan or batch is approved (published, fed to the platforms).
    async fn published(&self) -> bool {
        self.entry.published
    }
    /// What the platform reported last, once it has.
    async fn outcome(&self) -> async_graphql::Result<Option<TransferOutcome>> {
        self.entry
            .outcome
            .as_deref()
            .map(|o| self.stored(codes::TransferOutcome::parse, "outcome", o))
            .transpose()
    }
    /// The day of the outcome the platform reported last.
    async fn outcome_date(&self) -> Option<Date> {
        Date::optional(self.entry.outcome_date)
    }
    /// The winning bidder of a sold block (a company, as a transfer result is public).
    async fn winning_bidder(&self) -> Option<&str> {
        self.entry.winning_bidder.as_deref()
    }
    /// The price of a sold block, 万元, a decimal string.
    async fn price_wan_yuan(&self) -> Option<&str> {
        self.entry.price_wan_yuan.as_deref()
    }
    /// Who transfers and registers the right (`PROVINCE`, `CITY` or `COUNTY`), as decided
    /// on admission (its mineral, its deposit class, a provincial delegation).
    async fn transfer_authority(&self) -> &str {
        &self.entry.authority
    }
    /// The entry checked again when its ground moved (a county revision in force, the
    /// plan's approval): null until then.
    async fn standing(&self) -> async_graphql::Result<Option<Standing>> {
        let Some(checked_at) = self.entry.standing_checked_at else {
            return Ok(None);
        };
        let failed: Vec<String> = match &self.entry.standing_failed {
            Some(text) => serde_json::from_str(text).map_err(|err| {
                AppError::internal(format!("transfer_entries row {}: {err}", self.entry.id))
            })?,
            None => Vec::new(),
        };
        Ok(Some(Standing {
            checked_at,
            passes: failed.is_empty(),
            failed_checks: failed,
            detail: self.entry.standing_detail.clone(),
            exception_reason: self.entry.standing_exception.clone(),
        }))
    }
    /// The mine of the registry a sold block became (`registerSoldBlock`); null before.
    async fn mine_id(&self) -> Option<ID> {
        self.entry.mine_id.map(|id| ID(id.to_string()))
    }
    /// Version: +1 on every change (the feed's `updatedAt` moves with it).
    async fn version(&self) -> i32 {
        self.entry.version
    }
    /// When the entry last changed (UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.entry.updated_at
    }
}

impl TransferPlanEntry {
    /// A code stored in one of the entry's columns, as its GraphQL enum; a code the
    /// domain does not know is an internal error naming the row and column.
    fn stored<Code, Shown: From<Code>>(
        &self,
        parse: impl FnOnce(&str) -> Option<Code>,
        column: &str,
        value: &str,
    ) -> async_graphql::Result<Shown> {
        Ok(stored_code(parse, "transfer_entries", column, self.entry.id, value)?.into())
    }
}

/// The city's transfer plan of one year.
pub struct TransferPlan(pub TransferPlanView);

/// The city's transfer plan of one year.
#[Object]
impl TransferPlan {
    /// The year the plan covers.
    async fn year(&self) -> i32 {
        self.0.plan.year
    }
    /// Supplementary batches approved after the plan (their entries carry `batch`).
    async fn batches(&self) -> i32 {
        self.0.plan.batches
    }
    /// Six-digit division code of the city.
    async fn city_code(&self) -> &str {
        &self.0.plan.city_code
    }
    /// Draft while blocks are admitted, approved once frozen and published.
    async fn status(&self) -> async_graphql::Result<TransferPlanStatus> {
        Ok(stored_code(
            codes::TransferPlanStatus::parse,
            "transfer_plans",
            "status",
            self.0.plan.id,
            &self.0.plan.status,
        )?
        .into())
    }
    /// When the city approver approved the plan; null while a draft.
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.plan.approved_at
    }
    /// Standing entries in NEW-1 priority order, then admission time; withdrawn ones last.
    async fn entries(&self) -> Vec<TransferPlanEntry> {
        self.0
            .entries
            .iter()
            .map(|(entry, block)| TransferPlanEntry {
                entry: entry.clone(),
                block: block.clone(),
                year: self.0.plan.year,
            })
            .collect()
    }
}

/// What checking a standing entry again found.
#[derive(async_graphql::SimpleObject)]
pub struct Standing {
    /// When it was last checked (UTC).
    pub checked_at: DateTime<Utc>,
    /// Whether every blocking check still passes.
    pub passes: bool,
    /// The rules of the failing blocking checks, in the admission table's order.
    pub failed_checks: Vec<String>,
    /// What the failing checks found.
    pub detail: Option<String>,
    /// The approver's written reason for letting it stand although it failed.
    pub exception_reason: Option<String>,
}
