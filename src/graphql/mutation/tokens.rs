//! `revokeToken`.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, viewer};
use crate::service::tokens;

#[derive(Default)]
pub struct TokenMutation;

#[Object]
impl TokenMutation {
    /// Revokes a token by its `jti` (city admin); it is refused with 401 from then on.
    async fn revoke_token(
        &self,
        ctx: &Context<'_>,
        jti: String,
        reason: String,
    ) -> async_graphql::Result<bool> {
        tokens::revoke(app(ctx)?, viewer(ctx), &jti, &reason).await?;
        Ok(true)
    }
}
