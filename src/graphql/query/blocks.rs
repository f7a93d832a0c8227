//! `blocks` and `block`: planned blocks, scoped to what the caller may read.

use async_graphql::{Context, ID, Object};

use crate::domain::page::{DEFAULT_PAGE, MAX_PAGE, PageRequest};
use crate::error::AppError;
use crate::graphql::context::{db, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::block::{Block, BlockFilter};
use crate::graphql::types::connection::{BlockConnection, wants_total};
use crate::service::blocks;

#[derive(Default)]
pub struct BlockQuery;

#[Object]
impl BlockQuery {
    /// Planned blocks the caller may read, in id order; `first` ≤ 100.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE as i32).clamp(1, MAX_PAGE as i32) as usize * child_complexity"
    )]
    async fn blocks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Filters, combined with AND.")] filter: Option<BlockFilter>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor (`endCursor`) of the previous page; omitted for the first page.")]
        after: Option<String>,
    ) -> async_graphql::Result<BlockConnection> {
        let page = PageRequest::parse(first, after.as_deref()).map_err(AppError::from)?;
        let follows = page.after;
        let filter = filter.unwrap_or_default().into();
        let result = blocks::list(db(ctx)?, viewer(ctx), &filter, page, wants_total(ctx)).await?;
        let nodes = result
            .rows
            .into_iter()
            .map(|row| (row.id, Block(row)))
            .collect();
        Ok(BlockConnection::new(
            nodes,
            result.has_next,
            follows,
            result.total.unwrap_or(0) as i64,
        ))
    }

    /// One block; null when it does not exist or lies outside the caller's scope.
    async fn block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The block's id.")] id: ID,
    ) -> async_graphql::Result<Option<Block>> {
        let id = parse_id(&id, "id")?;
        Ok(blocks::get(db(ctx)?, viewer(ctx), id).await?.map(Block))
    }
}
