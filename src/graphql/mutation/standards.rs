//! `updateStandards`.

use async_graphql::{Context, Object};

use crate::graphql::context::{clock, db, places, viewer};
use crate::graphql::types::standards::{StandardsChangeInput, StandardsVersion};
use crate::service::standards_change;

#[derive(Default)]
pub struct StandardsMutation;

#[Object]
impl StandardsMutation {
    /// Creates a new standards version of the caller's province (city admin): its newest
    /// version with these figures or parameters changed, in force from `effectiveFrom`. Old versions stay readable and
    /// assessments on earlier dates keep using them.
    async fn update_standards(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What changes, from which day, and why.")] input: StandardsChangeInput,
    ) -> async_graphql::Result<StandardsVersion> {
        let places = places(ctx)?;
        Ok(standards_change::create_version(
            db(ctx)?,
            clock(ctx)?,
            &places,
            viewer(ctx),
            input.into(),
        )
        .await?
        .into())
    }
}
