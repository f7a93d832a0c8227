//! `transferPlan`, `candidateBlocks` and `closureQuota`.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::types::block::Block;
use crate::graphql::types::transfer::{AdmissionSettings, PlanningCap, Quota, TransferPlan};
use crate::service::admission::{facts, settings, transfer};

#[derive(Default)]
pub struct TransferQuery;

#[Object]
impl TransferQuery {
    /// The city's transfer plan of `year`: anyone reads an approved one; the city's admin,
    /// approver and auditors also the one being compiled.
    async fn transfer_plan(
        &self,
        ctx: &Context<'_>,
        year: i32,
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
        year: i32,
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

    /// The city's admission settings (NEW-3's open questions, as data).
    async fn admission_settings(
        &self,
        ctx: &Context<'_>,
        city_code: Option<String>,
    ) -> async_graphql::Result<AdmissionSettings> {
        let state = app(ctx)?;
        let city = transfer::city_for(state, viewer(ctx), city_code.as_deref())?;
        Ok(facts::settings(&state.db, &city).await?.into())
    }

    /// The planning caps of the city and its counties (NEW-2).
    async fn planning_caps(
        &self,
        ctx: &Context<'_>,
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
        county_code: Option<String>,
        city_code: Option<String>,
    ) -> async_graphql::Result<Quota> {
        Ok(transfer::quota(
            app(ctx)?,
            viewer(ctx),
            county_code.as_deref(),
            city_code.as_deref(),
        )
        .await?
        .into())
    }
}
