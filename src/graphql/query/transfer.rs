//! `transferPlan`, `candidateBlocks` and `closureQuota`.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::types::block::Block;
use crate::graphql::types::transfer::{Quota, TransferPlan};
use crate::service::admission::transfer;

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
