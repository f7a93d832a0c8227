//! `campaigns` and `campaignProgress`.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, db, loaders, viewer};
use crate::graphql::types::campaign::{Campaign, CampaignProgress, CountyProgress};
use crate::graphql::types::date::Date;
use crate::service::campaigns;

#[derive(Default)]
pub struct CampaignQuery;

#[Object]
impl CampaignQuery {
    /// Campaigns and their milestones (public: the plan that sets them is).
    async fn campaigns(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this city's campaigns (six-digit code); every city's when omitted."
        )]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<Campaign>> {
        Ok(campaigns::list(db(ctx)?, city_code.as_deref())
            .await?
            .into_iter()
            .map(Campaign)
            .collect())
    }

    /// Each county of a city (or the one asked for) against the current campaign today:
    /// plans filed, duties done and overdue, lateness per milestone.
    async fn campaign_progress(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this county (six-digit code).")] county_code: Option<String>,
        #[graphql(desc = "Only this city's counties (six-digit code).")] city_code: Option<String>,
    ) -> async_graphql::Result<CampaignProgress> {
        let today = loaders(ctx)?.today();
        let (campaign, counties) = campaigns::progress(
            app(ctx)?,
            viewer(ctx),
            county_code.as_deref(),
            city_code.as_deref(),
            today,
        )
        .await?;
        Ok(CampaignProgress {
            campaign: Campaign(campaign),
            as_of: Date(today),
            counties: counties.into_iter().map(CountyProgress).collect(),
        })
    }
}
