//! `createCampaign` and `updateMilestone`.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::campaign::{Campaign, CampaignInput, Milestone};
use crate::graphql::types::date::Date;
use crate::service::{campaigns, require};

#[derive(Default)]
pub struct CampaignMutation;

#[Object]
impl CampaignMutation {
    /// Opens a later campaign of the city with its own milestones (city admin); it becomes
    /// the current one, under which new county plans are filed.
    async fn create_campaign(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The campaign and its milestones.")] input: CampaignInput,
    ) -> async_graphql::Result<Campaign> {
        Ok(Campaign(
            campaigns::create(app(ctx)?, viewer(ctx), input.into()).await?,
        ))
    }

    /// Moves (and optionally renames) a milestone of the city's campaign (city admin);
    /// lateness is read against the new day from then on.
    async fn update_milestone(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the milestone to move.")] id: ID,
        #[graphql(desc = "The day the milestone now falls due.")] due_on: Date,
        #[graphql(desc = "A new name for the milestone; omitted keeps the current one.")]
        name: Option<String>,
    ) -> async_graphql::Result<Milestone> {
        require(viewer(ctx))?;
        let id = parse_id(&id, "id")?;
        Ok(Milestone(
            campaigns::update_milestone(app(ctx)?, viewer(ctx), id, due_on.0, name.as_deref())
                .await?,
        ))
    }
}
