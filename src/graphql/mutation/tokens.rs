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
        #[graphql(desc = "Id (`jti` claim) of the token to revoke.")] jti: String,
        #[graphql(desc = "Why the token is revoked.")] reason: String,
    ) -> async_graphql::Result<bool> {
        tokens::revoke(app(ctx)?, viewer(ctx), &jti, &reason).await?;
        Ok(true)
    }
}
