//! Building the schema: roots, limits, per-request loaders, suggestions off.

use async_graphql::{EmptySubscription, Schema};

use crate::graphql::limits::QueryLimits;
use crate::graphql::loaders::PerRequestLoaders;
use crate::graphql::mutation::Mutation;
use crate::graphql::query::Query;
use crate::graphql::session::SessionRecheck;
use crate::state::AppState;

/// The executable schema.
pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .extension(QueryLimits)
        .extension(SessionRecheck)
        .extension(PerRequestLoaders)
        .disable_suggestions()
}

/// The schema serving `state`.
pub fn build_schema(state: AppState) -> AppSchema {
    builder().data(state).finish()
}

/// The SDL, as `mineright schema` prints and `schema.graphql` holds.
pub fn sdl() -> String {
    builder().finish().sdl()
}
