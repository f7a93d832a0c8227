//! How `Block`'s resolvers read: whether the viewer reads the block in full, and its
//! classes under the standards in force.

use async_graphql::Context;

use crate::domain::access::{Place, reads_block_in_full};
use crate::domain::block::classes;
use crate::graphql::context::{loaders, viewer};
use crate::graphql::types::block::Block;
use crate::graphql::types::enums::ScaleClass;
use crate::service::blocks::{figures_of, mineral_of};

impl Block {
    /// Whether the viewer reads this block in full, not only as published.
    pub(super) fn read_in_full(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let catalogue = &loaders(ctx)?.catalogue;
        let city = catalogue
            .county(&self.0.county_code)
            .map(|county| county.city_code.as_str())
            .unwrap_or_default();
        let place = Place {
            county: &self.0.county_code,
            city,
        };
        Ok(reads_block_in_full(viewer(ctx), place))
    }

    /// (deposit, production) classes under the standards in force today.
    pub(super) async fn classes(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<(Option<ScaleClass>, Option<ScaleClass>)> {
        let standards = loaders(ctx)?.standards(&self.0.county_code).await?;
        let mineral = mineral_of(&self.0)?;
        let (deposit, production) = classes(figures_of(&self.0, &mineral)?, &standards);
        Ok((deposit.map(Into::into), production.map(Into::into)))
    }
}
