//! `recordSurvey`, `confirmCleanMine`, `admitBlock`, `withdrawBlock`,
//! `approveTransferPlan`, `registerSoldBlock`.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::block::Block;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{Obstacle, TradingPlatform, TransferMethod, TransferOutcome};
use crate::graphql::types::mines::Mine;
use crate::graphql::types::transfer::{
    AdmissionSettings, AdmissionSettingsInput, PlanningCap, RegisterSoldBlockInput, TransferPlan,
    TransferPlanEntry,
};
use crate::service::admission::admit::{self, Admission};
use crate::service::admission::feed::{self, Report};
use crate::service::admission::settings::{self, SettingsChange};
use crate::service::admission::surveys::{self, Finding};
use crate::service::admission::{approval, clean, delegation, registration, transfer, withdraw};
use crate::service::mine_view::MineView;
use crate::service::require;

#[derive(Default)]
pub struct TransferMutation;

#[Object]
impl TransferMutation {
    /// Records the reviewer's own department's site survey of a block (NEW-4); a later
    /// record clears or raises a conflict, and every record is kept.
    async fn record_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the block surveyed.")] block_id: ID,
        #[graphql(desc = "Code of the reviewer's own department (`FORESTRY`, …).")]
        department: String,
        #[graphql(
            desc = "Whether the department found an overlap with a protected area or another site."
        )]
        conflict: bool,
        #[graphql(desc = "The obstacle the department found; required when there is a conflict.")]
        obstacle: Option<Obstacle>,
        #[graphql(desc = "The reviewer's note.")] note: Option<String>,
    ) -> async_graphql::Result<Block> {
        require(viewer(ctx))?;
        let id = parse_id(&block_id, "blockId")?;
        let finding = Finding {
            department,
            conflict,
            obstacle: obstacle.map(Into::into),
            note,
        };
        Ok(Block(
            surveys::record(app(ctx)?, viewer(ctx), id, finding).await?,
        ))
    }

    /// Confirms a block clean (NEW-5), by the city admin or the block's county official.
    async fn confirm_clean_mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the block confirmed clean.")] block_id: ID,
        #[graphql(desc = "A note on the confirmation.")] note: Option<String>,
        #[graphql(desc = "The obstacles cleared before the confirmation.")]
        obstacles_cleared: Option<Vec<Obstacle>>,
    ) -> async_graphql::Result<Block> {
        require(viewer(ctx))?;
        let id = parse_id(&block_id, "blockId")?;
        let cleared: Vec<_> = obstacles_cleared
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        Ok(Block(
            clean::confirm(app(ctx)?, viewer(ctx), id, note.as_deref(), &cleared).await?,
        ))
    }

    /// Admits a block into the city transfer plan of `year` (city admin; the city approver
    /// only with a `quotaExceptionReason`, which waives NEW-3 alone). A refusal is
    /// `ADMISSION_REFUSED` with `failedChecks`.
    async fn admit_block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year of the city transfer plan the block enters.")] year: i32,
        #[graphql(desc = "Id of the block to admit.")] block_id: ID,
        #[graphql(desc = "How the block is transferred: tender, auction or listing (招拍挂).")]
        method: TransferMethod,
        #[graphql(desc = "The trading platform the block is transferred on.")]
        platform: TradingPlatform,
        #[graphql(
            desc = "The city approver's written reason for admitting beyond the NEW-3 balance."
        )]
        quota_exception_reason: Option<String>,
    ) -> async_graphql::Result<TransferPlanEntry> {
        require(viewer(ctx))?;
        let id = parse_id(&block_id, "blockId")?;
        let state = app(ctx)?;
        let entry = admit::admit(
            state,
            viewer(ctx),
            Admission {
                year,
                block_id: id,
                method: method.into(),
                platform: platform.into(),
                quota_exception_reason,
            },
        )
        .await?;
        let (entry, block, year) = feed::placed(&state.db, entry).await?;
        Ok(TransferPlanEntry { entry, block, year })
    }

    /// Reports what became of an approved entry (integrator): `ANNOUNCED`, then `SOLD`
    /// (with the winning bidder and price) or `UNSOLD` (the quota place is given back). A
    /// report repeated with its `idempotencyKey` is answered with the first result.
    async fn report_transfer_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the approved transfer-plan entry.")] entry_id: ID,
        #[graphql(desc = "The outcome, its day and, for a sale, the winning bidder and price.")]
        input: TransferOutcomeInput,
    ) -> async_graphql::Result<TransferPlanEntry> {
        require(viewer(ctx))?;
        let id = parse_id(&entry_id, "entryId")?;
        let state = app(ctx)?;
        let report = Report {
            outcome: input.outcome.into(),
            date: input.date.0,
            winning_bidder: input.winning_bidder,
            price_wan_yuan: input.price_wan_yuan,
            idempotency_key: input.idempotency_key,
        };
        let entry = feed::report(state, viewer(ctx), id, report).await?;
        let (entry, block, year) = feed::placed(&state.db, entry).await?;
        Ok(TransferPlanEntry { entry, block, year })
    }

    /// Records the province's delegation of a block to the city (一事一议, NEW-6; city
    /// admin), with its reference: only for a mineral the province may delegate, and only
    /// before the block is admitted. The block is then the city's to transfer.
    async fn record_delegation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the block delegated.")] block_id: ID,
        #[graphql(desc = "The province's reference (文号).")] reference: String,
    ) -> async_graphql::Result<Block> {
        require(viewer(ctx))?;
        let id = parse_id(&block_id, "blockId")?;
        let row = delegation::delegate(app(ctx)?, viewer(ctx), id, &reference).await?;
        Ok(Block(row))
    }

    /// Registers a sold block as the mine it became (city admin), once: the new licence, the
    /// winning bidder as holder unless another is named, the block's facts. From then on
    /// the balance and the cap count it as that mine.
    async fn register_sold_block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the sold entry.")] entry_id: ID,
        #[graphql(desc = "The new licence.")] input: RegisterSoldBlockInput,
    ) -> async_graphql::Result<Mine> {
        require(viewer(ctx))?;
        let id = parse_id(&entry_id, "entryId")?;
        let (_, mine) = registration::register(app(ctx)?, viewer(ctx), id, input.into()).await?;
        Ok(Mine(MineView::for_reader(viewer(ctx), mine)))
    }

    /// Takes an entry out of its transfer plan: any entry while the plan is compiled,
    /// giving its place back; once the plan is approved, an unsold one only.
    async fn withdraw_block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the entry to withdraw.")] entry_id: ID,
        #[graphql(desc = "Why the entry is withdrawn.")] reason: String,
    ) -> async_graphql::Result<TransferPlan> {
        require(viewer(ctx))?;
        let id = parse_id(&entry_id, "entryId")?;
        let state = app(ctx)?;
        let plan = withdraw::withdraw(state, viewer(ctx), id, &reason).await?;
        let view = transfer::plan(state, viewer(ctx), plan.year, Some(&plan.city_code))
            .await?
            .ok_or(crate::error::AppError::NotFound("出让计划"))?;
        Ok(TransferPlan(view))
    }

    /// Changes the city's admission settings (city admin); omitted fields are kept.
    async fn update_admission_settings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
        #[graphql(desc = "The settings to change.")] input: AdmissionSettingsInput,
    ) -> async_graphql::Result<AdmissionSettings> {
        let change = SettingsChange {
            county_balance_blocks: input.county_balance_blocks,
            completed_closures_only: input.completed_closures_only,
            count_integration_members: input.count_integration_members,
            blocking_layers: input
                .blocking_layer_kinds
                .map(|kinds| kinds.into_iter().map(Into::into).collect()),
        };
        let row = settings::update(app(ctx)?, viewer(ctx), city_code.as_deref(), change).await?;
        Ok(AdmissionSettings::new(row)?)
    }

    /// Sets the cap on a mineral's total production, city-wide or for one county (city
    /// admin); a null `capScale` removes it. Returns every cap of the city.
    async fn set_planning_cap(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Code of the mineral whose total production is capped.")]
        mineral_code: String,
        #[graphql(desc = "The cap, 万吨/年; null removes it.")] cap_scale: Option<f64>,
        #[graphql(
            desc = "The county the cap applies to (six-digit code); city-wide when omitted."
        )]
        county_code: Option<String>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<PlanningCap>> {
        Ok(settings::set_cap(
            app(ctx)?,
            viewer(ctx),
            city_code.as_deref(),
            &mineral_code,
            county_code.as_deref(),
            cap_scale,
        )
        .await?
        .into_iter()
        .map(PlanningCap::from)
        .collect())
    }

    /// Approves (freezes) the city transfer plan of `year` (city approver). Every standing
    /// entry is checked again first; one that fails blocks the approval
    /// (`ADMISSION_REFUSED`, `extensions.entries`) unless `exceptions` lets it stand.
    async fn approve_transfer_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year of the transfer plan to approve.")] year: i32,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
        #[graphql(
            desc = "Entries the approver lets stand although they failed the re-check, each with a written reason."
        )]
        exceptions: Option<Vec<StandingExceptionInput>>,
    ) -> async_graphql::Result<TransferPlan> {
        require(viewer(ctx))?;
        let mut excepted = Vec::new();
        for (i, exception) in exceptions.unwrap_or_default().into_iter().enumerate() {
            let field = format!("exceptions[{i}].entryId");
            excepted.push((parse_id(&exception.entry_id, &field)?, exception.reason));
        }
        let view = approval::approve(
            app(ctx)?,
            viewer(ctx),
            (year, city_code.as_deref()),
            excepted,
        )
        .await?;
        Ok(TransferPlan(view))
    }
}

/// An entry the approver lets stand although it failed the re-check.
#[derive(async_graphql::InputObject)]
pub struct StandingExceptionInput {
    /// Id of the failing entry.
    pub entry_id: ID,
    /// Why it may stand, in the approver's words.
    pub reason: String,
}

/// `reportTransferOutcome`'s input: what a trading platform reports about an entry.
#[derive(async_graphql::InputObject)]
pub struct TransferOutcomeInput {
    /// What the platform reports: `ANNOUNCED`, `SOLD` or `UNSOLD`.
    pub outcome: TransferOutcome,
    /// The day of the announcement, the sale or the failed sale.
    pub date: Date,
    /// For `SOLD`.
    pub winning_bidder: Option<String>,
    /// For `SOLD`: a decimal string, 万元.
    pub price_wan_yuan: Option<String>,
    /// The platform's key for this report: a repeat is answered with the first result.
    pub idempotency_key: String,
}
