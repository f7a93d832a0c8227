//! `createBlock`, `updateBlock`.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, clock, db, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::block::{Block, BlockInput};
use crate::graphql::types::block_patch::BlockPatchInput;
use crate::service::{blocks, require};

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

    /// Corrects what the survey settled of a block (its boundary, mining land, area,
    /// figures, flags) until it is admitted (`CONFLICT` after); it keeps its surveys and
    /// its plan entry. `version` must be the current one, else `CONFLICT`.
    async fn update_block(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the block to correct.")] id: ID,
        #[graphql(desc = "The block's current `version`.")] version: i32,
        #[graphql(desc = "The facts to correct; omitted ones are kept.")] input: BlockPatchInput,
    ) -> async_graphql::Result<Block> {
        require(viewer(ctx))?;
        let id = parse_id(&id, "id")?;
        let row =
            blocks::update::update(app(ctx)?, viewer(ctx), (id, version), input.into()).await?;
        Ok(Block(row))
    }
}
