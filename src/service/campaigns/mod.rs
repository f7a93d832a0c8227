//! Campaigns and their milestones (data the city edits), and each county's progress
//! against them: plans filed, duties done, lateness flagged, nothing blocked.

mod creating;
pub mod milestones;
mod progress;

use std::collections::HashMap;

use entity::{campaign, milestone};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppResult;

pub use crate::domain::campaign::{NewCampaign, NewMilestone};
pub use creating::create;
pub use milestones::update_milestone;
pub use progress::{CountyProgress, progress};

/// A campaign with its milestones in order.
#[derive(Debug, Clone)]
pub struct CampaignView {
    pub campaign: campaign::Model,
    pub milestones: Vec<milestone::Model>,
}

/// The campaigns of a city (or every city), each with its milestones; public, as the plan
/// that sets them is.
pub async fn list(
    db: &impl sea_orm::ConnectionTrait,
    city_code: Option<&str>,
) -> AppResult<Vec<CampaignView>> {
    let mut query = campaign::Entity::find().order_by_asc(campaign::Column::Code);
    if let Some(city) = city_code {
        query = query.filter(campaign::Column::CityCode.eq(city.trim()));
    }
    let campaigns = query.all(db).await?;
    let codes: Vec<String> = campaigns.iter().map(|c| c.code.clone()).collect();
    let mut milestones: HashMap<String, Vec<milestone::Model>> = HashMap::new();
    for row in milestone::Entity::find()
        .filter(milestone::Column::CampaignCode.is_in(codes))
        .order_by_asc(milestone::Column::SortOrder)
        .all(db)
        .await?
    {
        milestones
            .entry(row.campaign_code.clone())
            .or_default()
            .push(row);
    }
    Ok(campaigns
        .into_iter()
        .map(|campaign| CampaignView {
            milestones: milestones.remove(&campaign.code).unwrap_or_default(),
            campaign,
        })
        .collect())
}
