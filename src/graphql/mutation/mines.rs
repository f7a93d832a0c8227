//! `createMine`, `updateMine`, `archiveMine`.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::mines::{Mine, MineInput, MinePatch};
use crate::service::mine_view::MineView;
use crate::service::{mines, require};

#[derive(Default)]
pub struct MineMutation;

#[Object]
impl MineMutation {
    /// Registers a mine (city admin, or a county official in its county).
    async fn create_mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The mine's facts.")] input: MineInput,
    ) -> async_graphql::Result<Mine> {
        let row = mines::create(app(ctx)?, viewer(ctx), input.into()).await?;
        Ok(Mine(MineView::for_reader(viewer(ctx), row)))
    }

    /// Changes a mine; `version` must be the current one, else `CONFLICT`.
    async fn update_mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the mine to change.")] id: ID,
        #[graphql(desc = "The mine's current `version`; a stale one is refused with `CONFLICT`.")]
        version: i32,
        #[graphql(desc = "The facts to change; omitted ones are kept.")] input: MinePatch,
    ) -> async_graphql::Result<Mine> {
        // Authentication comes before reading the id (docs/api.md's order of checks).
        require(viewer(ctx))?;
        let id = parse_id(&id, "id")?;
        let row = mines::update(app(ctx)?, viewer(ctx), id, version, |draft| {
            input.apply(draft)
        })
        .await?;
        Ok(Mine(MineView::for_reader(viewer(ctx), row)))
    }

    /// Archives a mine with a reason; mines are never deleted.
    async fn archive_mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the mine to archive.")] id: ID,
        #[graphql(desc = "Why the mine is archived.")] reason: String,
    ) -> async_graphql::Result<Mine> {
        // Authentication comes before reading the id (docs/api.md's order of checks).
        require(viewer(ctx))?;
        let id = parse_id(&id, "id")?;
        let row = mines::archive(app(ctx)?, viewer(ctx), id, &reason).await?;
        Ok(Mine(MineView::for_reader(viewer(ctx), row)))
    }
}
