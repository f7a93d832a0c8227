//! Mutation roots, one per feature, merged into [`Mutation`].

mod mines;
mod standards;
mod tokens;

use async_graphql::MergedObject;

/// The mutation root.
#[derive(MergedObject, Default)]
pub struct Mutation(
    mines::MineMutation,
    standards::StandardsMutation,
    tokens::TokenMutation,
);
