//! `me`, `counties`, `minerals`, `departments`: public reference data.

use async_graphql::{Context, Object};

use crate::graphql::context::{db, viewer};
use crate::graphql::types::reference::{County, Department, Mineral};
use crate::graphql::types::viewer::Viewer;
use crate::service::reference;

#[derive(Default)]
pub struct ReferenceQuery;

#[Object]
impl ReferenceQuery {
    /// The caller as the token describes them; null for an anonymous reader.
    async fn me(&self, ctx: &Context<'_>) -> Option<Viewer> {
        viewer(ctx).map(Viewer::from)
    }

    /// County-level units, optionally of one city.
    async fn counties(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this city's counties (six-digit code); all when omitted.")]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<County>> {
        let rows = reference::counties(db(ctx)?, city_code.as_deref()).await?;
        Ok(rows.into_iter().map(County::from).collect())
    }

    /// Minerals with units and provincial minimums.
    async fn minerals(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Mineral>> {
        Ok(reference::minerals(db(ctx)?)
            .await?
            .into_iter()
            .map(Mineral::from)
            .collect())
    }

    /// Site-survey departments (NEW-4).
    async fn departments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Department>> {
        Ok(reference::departments(db(ctx)?)
            .await?
            .into_iter()
            .map(Department::from)
            .collect())
    }
}
