//! `updateStandards`, `setMineralAuthority`: the reference figures the city admin
//! corrects.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::types::reference::{Mineral, MineralAuthorityInput};
use crate::graphql::types::standards::{StandardsChangeInput, StandardsVersion};
use crate::service::admission::authority_table;
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
        Ok(
            standards_change::create_version(app(ctx)?, viewer(ctx), input.into())
                .await?
                .into(),
        )
    }

    /// Corrects who transfers a mineral (NEW-6; city admin), with the reason: the
    /// province's notice changed or the seeded reading of it was wrong. Audited; entries
    /// already admitted keep their authority, standing ones are checked again on approval.
    async fn set_mineral_authority(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Code of the mineral (`IRON`, …).")] mineral_code: String,
        #[graphql(desc = "The corrected row and why.")] input: MineralAuthorityInput,
    ) -> async_graphql::Result<Mineral> {
        let row =
            authority_table::correct(app(ctx)?, viewer(ctx), &mineral_code, input.into()).await?;
        Ok(row.into())
    }
}
