//! A block admitted into a year's transfer plan, and what became of it.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "transfer_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub transfer_plan_id: i64,
    pub block_id: i64,
    /// The block while the entry stands; null once withdrawn (unique: admitted once).
    pub active_block: Option<i64>,
    pub county_code: String,
    pub mineral_code: String,
    /// The block's designed scale when admitted, 万吨/年 (what the caps hold).
    pub designed_scale: f64,
    /// `TENDER`, `AUCTION` or `LISTING`.
    pub method: String,
    /// `PROVINCIAL_ONLINE` or `CITY_PUBLIC_RESOURCE`.
    pub platform: String,
    /// Who transfers the block (`PROVINCE`, `CITY`, `COUNTY`), as decided on admission.
    pub authority: String,
    /// The block's NEW-1 priority when admitted.
    pub priority: String,
    pub admitted_at: DateTimeUtc,
    pub admitted_by: String,
    /// An approver's written reason for admitting beyond the NEW-3 balance.
    pub quota_exception_reason: Option<String>,
    /// Whether the entry holds a place in the balance and the caps (not withdrawn, not
    /// unsold).
    pub holds_place: bool,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_reason: Option<String>,
    /// `ANNOUNCED`, `SOLD` or `UNSOLD`.
    pub outcome: Option<String>,
    pub outcome_date: Option<Date>,
    pub winning_bidder: Option<String>,
    pub price_wan_yuan: Option<String>,
    /// The mine of the registry a sold block became (`registerSoldBlock`); once set, the
    /// cap counts the mine, not this entry's designed scale.
    pub mine_id: Option<i64>,
    /// The rules the entry failed when last checked again, a JSON array (`[]`: it passed);
    /// null until checked again.
    pub standing_failed: Option<String>,
    /// What the failing checks found.
    pub standing_detail: Option<String>,
    pub standing_checked_at: Option<DateTimeUtc>,
    /// The approver's written reason for letting the entry stand although it failed.
    pub standing_exception: Option<String>,
    /// The batch it was admitted in: 0 for the plan itself, n for the nth supplementary batch.
    pub batch: i32,
    /// Whether its plan or batch is approved (published, fed to the platforms).
    pub published: bool,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
