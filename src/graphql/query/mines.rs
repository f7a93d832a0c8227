//! `mines` and `mine`: the registry, scoped to what the caller may read.

use async_graphql::{Context, ID, Object};

use crate::domain::page::{DEFAULT_PAGE, MAX_PAGE, PageRequest};
use crate::error::AppError;
use crate::graphql::context::{app, db, loaders, viewer};
use crate::graphql::limits::SCAN_COST;
use crate::graphql::types::connection::{MineConnection, wants_assessment_today, wants_total};
use crate::graphql::types::mines::{Mine, MineFilter};
use crate::service::mine_queries::{self, PageExtras};

#[derive(Default)]
pub struct MineQuery;

/// Parses a numeric `ID`; a malformed id is the caller's input error.
pub fn parse_id(id: &ID, field: &str) -> Result<i64, AppError> {
    id.parse::<i64>()
        .map_err(|_| AppError::invalid(field, "无效的编号"))
}

#[Object]
impl MineQuery {
    /// Mines the caller may read, in id order; `first` ≤ 100.
    /// Filtering by `disposition` or `ruleId` assesses every candidate in scope first,
    /// and costs as much as a county's assessment on top of the page.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE as i32).clamp(1, MAX_PAGE as i32) as usize * child_complexity + if filter.as_ref().is_some_and(MineFilter::by_assessment) { SCAN_COST } else { 0 }"
    )]
    async fn mines(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Filters, combined with AND.")] filter: Option<MineFilter>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor (`endCursor`) of the previous page; omitted for the first page.")]
        after: Option<String>,
    ) -> async_graphql::Result<MineConnection> {
        let page = PageRequest::parse(first, after.as_deref()).map_err(AppError::from)?;
        let follows = page.after;
        let filter = filter
            .unwrap_or_default()
            .try_into()
            .map_err(AppError::from)?;
        let loaders = loaders(ctx)?;
        let extras = PageExtras {
            total: wants_total(ctx),
            assessed_on: wants_assessment_today(ctx).then(|| loaders.today()),
        };
        let result = mine_queries::list(app(ctx)?, viewer(ctx), &filter, page, extras).await?;
        let total = result.total.unwrap_or(0) as i64;
        if extras.assessed_on.is_some() {
            loaders.feed_assessments(result.assessments).await;
        }
        let nodes = result
            .rows
            .into_iter()
            .map(|view| (view.row.id, Mine(view)))
            .collect();
        Ok(MineConnection::new(nodes, result.has_next, follows, total))
    }

    /// One mine; null when it does not exist or lies outside the caller's scope.
    async fn mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The mine's id.")] id: ID,
    ) -> async_graphql::Result<Option<Mine>> {
        let id = parse_id(&id, "id")?;
        Ok(mine_queries::get(db(ctx)?, viewer(ctx), id)
            .await?
            .map(Mine))
    }
}
