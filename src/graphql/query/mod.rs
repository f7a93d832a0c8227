//! Query roots, one per feature, merged into [`Query`].

mod assessment;
mod audit;
mod blocks;
mod campaigns;
mod mines;
mod plans;
mod reference;
mod scans;
mod transfer;

pub use mines::parse_id;

use async_graphql::MergedObject;

/// The query root.
#[derive(MergedObject, Default)]
pub struct Query(
    reference::ReferenceQuery,
    mines::MineQuery,
    assessment::AssessmentQuery,
    audit::AuditQuery,
    blocks::BlockQuery,
    plans::PlanQuery,
    campaigns::CampaignQuery,
    transfer::TransferQuery,
    scans::ScanQuery,
);
