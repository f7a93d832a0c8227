//! `me`, `counties`, `minerals`, `departments`: public reference data; `referenceLayers`,
//! the map blocks are screened against.

use async_graphql::{Context, Object};

use crate::graphql::context::{app, db, viewer};
use crate::graphql::types::layer::ReferenceLayer;
use crate::graphql::types::reference::{County, Department, Mineral};
use crate::graphql::types::viewer::Viewer;
use crate::service::{layers, reference};

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

    /// The city's reference layers in force (the newest version of each kind), or every
    /// version with `history`; for the roles that read blocks.
    async fn reference_layers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The city (six-digit code); the caller's own when omitted.")]
        city_code: Option<String>,
        #[graphql(
            default,
            desc = "Every version, newest first, not only those in force."
        )]
        history: bool,
    ) -> async_graphql::Result<Vec<ReferenceLayer>> {
        let state = app(ctx)?;
        let rows = layers::list(state, viewer(ctx), city_code.as_deref(), history).await?;
        Ok(rows.into_iter().map(ReferenceLayer).collect())
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
