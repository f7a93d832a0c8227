//! `transferPlan`, `candidateBlocks` and `closureQuota`.

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};

use crate::domain::page::{DEFAULT_PAGE, MAX_PAGE, PageRequest};
use crate::error::AppError;
use crate::graphql::types::connection::{TransferPlanEntryConnection, wants_total};

use crate::graphql::context::{app, viewer};
use crate::graphql::types::block::Block;
use crate::graphql::types::transfer::{
    AdmissionSettings, BalanceOutlook, PlanningCap, Quota, TransferPlan, TransferPlanEntry,
};
use crate::service::admission::{facts, feed, outlook, settings, transfer};

#[derive(Default)]
pub struct TransferQuery;

#[Object]
impl TransferQuery {
    /// The city's transfer plan of `year`: anyone reads an approved one; the city's admin,
    /// approver and auditors also the one being compiled.
    async fn transfer_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year the transfer plan covers.")] year: i32,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<Option<TransferPlan>> {
        Ok(
            transfer::plan(app(ctx)?, viewer(ctx), year, city_code.as_deref())
                .await?
                .map(TransferPlan),
        )
    }

    /// Blocks the plans in force propose for `year`, not yet admitted, passing every
    /// blocking check (warnings allowed), in NEW-1 priority order.
    #[graphql(complexity = 500)]
    async fn candidate_blocks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The transfer year the blocks are proposed for.")] year: i32,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<Block>> {
        Ok(
            transfer::candidates(app(ctx)?, viewer(ctx), year, city_code.as_deref())
                .await?
                .into_iter()
                .map(Block)
                .collect(),
        )
    }

    /// The feed trading platforms build on: the standing entries of the city's approved
    /// transfer plan of `year` with what an announcement needs from us (block, method,
    /// platform, transfer authority, outcome), in a stable order; `updatedSince` returns
    /// only the entries changed after that instant. Public, as the approved plan is.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE as i32).clamp(1, MAX_PAGE as i32) as usize * child_complexity"
    )]
    async fn approved_blocks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year of the approved transfer plan.")] year: i32,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
        #[graphql(desc = "Only the entries changed after this instant; all when omitted.")]
        updated_since: Option<DateTime<Utc>>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor (`endCursor`) of the previous page; omitted for the first page.")]
        after: Option<String>,
    ) -> async_graphql::Result<TransferPlanEntryConnection> {
        let page = PageRequest::parse(first, after.as_deref()).map_err(AppError::from)?;
        let follows = page.after;
        let result = feed::approved(
            app(ctx)?,
            viewer(ctx),
            year,
            city_code.as_deref(),
            updated_since,
            page,
            wants_total(ctx),
        )
        .await?;
        let nodes = result
            .rows
            .into_iter()
            .map(|(entry, block)| {
                (
                    entry.id,
                    TransferPlanEntry {
                        entry,
                        block,
                        year: result.year,
                    },
                )
            })
            .collect();
        Ok(TransferPlanEntryConnection::new(
            nodes,
            result.has_next,
            follows,
            result.total.unwrap_or(0) as i64,
        ))
    }

    /// For each year the approved plans cover, city-wide and per county: closures scheduled
    /// and completed against new mines proposed and admitted, cumulated as NEW-3 counts
    /// them, and the first year 关设并举 would break.
    async fn balance_outlook(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<BalanceOutlook> {
        Ok(
            outlook::balance_outlook(app(ctx)?, viewer(ctx), city_code.as_deref())
                .await?
                .into(),
        )
    }

    /// The city's admission settings (NEW-3's open questions, as data).
    async fn admission_settings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<AdmissionSettings> {
        let state = app(ctx)?;
        let city = transfer::city_for(state, viewer(ctx), city_code.as_deref())?;
        Ok(AdmissionSettings::new(
            facts::settings(&state.db, &city).await?,
        )?)
    }

    /// The planning caps of the city and its counties (NEW-2).
    async fn planning_caps(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<PlanningCap>> {
        let state = app(ctx)?;
        let city = transfer::city_for(state, viewer(ctx), city_code.as_deref())?;
        Ok(settings::caps(&state.db, &city)
            .await?
            .into_iter()
            .map(PlanningCap::from)
            .collect())
    }

    /// Closed mines against new mines (NEW-3), for a county or the city.
    async fn closure_quota(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The county whose balance is read (six-digit code); the city's when omitted."
        )]
        county_code: Option<String>,
        #[graphql(
            desc = "Six-digit city code; default: the caller's city, else the only city deployed."
        )]
        city_code: Option<String>,
        #[graphql(
            desc = "Count the closures due (or, under the completed-only setting, done) by 31 December of this year, as admission into that year's transfer plan counts them; every closure the plans in force schedule when omitted."
        )]
        year: Option<i32>,
    ) -> async_graphql::Result<Quota> {
        let balance = transfer::quota(
            app(ctx)?,
            viewer(ctx),
            county_code.as_deref(),
            city_code.as_deref(),
            year,
        )
        .await?;
        Ok(Quota::of(balance, year))
    }
}
