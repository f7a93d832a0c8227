//! `scans`: the stamped scans kept with a record.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::enums::ScanRecord;
use crate::graphql::types::scan::Scan;
use crate::service::scans;

#[derive(Default)]
pub struct ScanQuery;

#[Object]
impl ScanQuery {
    /// The stamped scans of a plan revision, a survey record or a duty, oldest first, for
    /// those who read the record in full (others are told it does not exist).
    async fn scans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kind of record the scans belong to.")] record: ScanRecord,
        #[graphql(desc = "Id of that record.")] record_id: ID,
    ) -> async_graphql::Result<Vec<Scan>> {
        let id = parse_id(&record_id, "recordId")?;
        Ok(scans::list(app(ctx)?, viewer(ctx), (record.into(), id))
            .await?
            .into_iter()
            .map(Scan)
            .collect())
    }
}
