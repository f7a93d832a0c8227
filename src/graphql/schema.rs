//! Building the schema: roots, depth and complexity limits, suggestions off. Everything else
//! an operation needs happens in [`crate::graphql::Gate`], without schema extensions.

use async_graphql::Schema;

use crate::graphql::limits::{MAX_COMPLEXITY, MAX_DEPTH};
use crate::graphql::mutation::Mutation;
use crate::graphql::query::Query;
use crate::graphql::subscription::Subscription;
use crate::state::AppState;

/// The executable schema.
pub type AppSchema = Schema<Query, Mutation, Subscription>;

fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .disable_suggestions()
}

/// The schema serving `state` (run it through a [`crate::graphql::Gate`]).
pub fn build_schema(state: AppState) -> AppSchema {
    builder().data(state).finish()
}

/// The SDL, as `mineright schema` prints and `schema.graphql` holds.
pub fn sdl() -> String {
    builder().finish().sdl()
}
