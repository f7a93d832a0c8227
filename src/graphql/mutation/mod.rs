//! Mutation roots, one per feature, merged into [`Mutation`].

mod blocks;
mod mines;
mod standards;
mod tokens;

use async_graphql::MergedObject;

/// The mutation root.
#[derive(MergedObject, Default)]
pub struct Mutation(
    mines::MineMutation,
    blocks::BlockMutation,
    standards::StandardsMutation,
    tokens::TokenMutation,
);
