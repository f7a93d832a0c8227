//! `createBlock`.

use async_graphql::{Context, Object};

use crate::graphql::context::{clock, db, viewer};
use crate::graphql::types::block::{Block, BlockInput};
use crate::service::blocks;

#[derive(Default)]
pub struct BlockMutation;

#[Object]
impl BlockMutation {
    /// Registers a planned block (city admin, or a county official in its county); its
    /// deposit and production classes are computed from its figures.
    async fn create_block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The block as the county files it.")] input: BlockInput,
    ) -> async_graphql::Result<Block> {
        let row = blocks::create(db(ctx)?, clock(ctx)?, viewer(ctx), input.into()).await?;
        Ok(Block(row))
    }
}
