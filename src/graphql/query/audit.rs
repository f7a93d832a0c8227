//! `auditLog`, `verifyAuditChain` and `webhookDeliveries`, for auditors and the city admin.

use async_graphql::{Context, Object};

use crate::domain::page::{DEFAULT_PAGE, MAX_PAGE, PageRequest};
use crate::error::AppError;
use crate::graphql::context::{app, db, viewer};
use crate::graphql::types::audit::{AuditChainStatus, AuditEntry, AuditFilter};
use crate::graphql::types::connection::{AuditEntryConnection, wants_total};
use crate::graphql::types::webhook::WebhookDelivery;
use crate::service::audit;
use crate::service::webhooks;

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Audit entries, newest first.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_PAGE as i32).clamp(1, MAX_PAGE as i32) as usize * child_complexity"
    )]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Filters, combined with AND.")] filter: Option<AuditFilter>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor (`endCursor`) of the previous page; omitted for the first page.")]
        after: Option<String>,
    ) -> async_graphql::Result<AuditEntryConnection> {
        let page = PageRequest::parse(first, after.as_deref()).map_err(AppError::from)?;
        let follows = page.after;
        let filter = filter.unwrap_or_default().into();
        let (db, viewer) = (db(ctx)?, viewer(ctx));
        let result = audit::list(db, viewer, &filter, page, wants_total(ctx)).await?;
        let total = result.total.unwrap_or(0) as i64;
        let nodes = result
            .rows
            .into_iter()
            .map(|row| (row.seq, AuditEntry::from(row)))
            .collect();
        Ok(AuditEntryConnection::new(
            nodes,
            result.has_next,
            follows,
            total,
        ))
    }

    /// Recomputes the whole hash chain and reports the first break: the deployment's chain,
    /// for auditors and admins who reach the whole deployment (a city's, where it is the
    /// only city).
    async fn verify_audit_chain(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<AuditChainStatus> {
        let places = app(ctx)?.places.current();
        Ok(audit::verify(db(ctx)?, viewer(ctx), places.only_city())
            .await?
            .into())
    }

    /// The webhook's outbox, newest first (only undelivered events when `pending`), at
    /// most `first` (a page: up to 100): what a receiver that is down still has to get.
    /// Auditors and the city admin.
    #[graphql(complexity = "first.clamp(1, MAX_PAGE as i32) as usize * child_complexity")]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false, desc = "Only events not yet delivered.")] pending: bool,
        #[graphql(default = 20, desc = "How many deliveries at most, 0 to 100.")] first: i32,
        #[graphql(desc = "A delivery's `cursor`: only the deliveries older than it.")]
        after: Option<String>,
    ) -> async_graphql::Result<Vec<WebhookDelivery>> {
        let page = PageRequest::parse(Some(first), after.as_deref()).map_err(AppError::from)?;
        Ok(webhooks::deliveries(app(ctx)?, viewer(ctx), pending, page)
            .await?
            .into_iter()
            .map(WebhookDelivery::from)
            .collect())
    }
}
