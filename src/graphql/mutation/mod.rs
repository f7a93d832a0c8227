//! Mutation roots, one per feature, merged into [`Mutation`].

mod blocks;
mod campaigns;
mod imports;
mod mines;
mod plans;
mod standards;
mod tokens;
mod transfer;

use async_graphql::MergedObject;

/// The mutation root.
#[derive(MergedObject, Default)]
pub struct Mutation(
    mines::MineMutation,
    blocks::BlockMutation,
    plans::PlanMutation,
    campaigns::CampaignMutation,
    transfer::TransferMutation,
    standards::StandardsMutation,
    tokens::TokenMutation,
    imports::ImportMutation,
);
