//! `countyPlans`, `countyPlan`, `countyPlanDiff` and `overdueDuties`.

use async_graphql::{Context, ID, Object};

use crate::graphql::context::{app, loaders, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::plan::{CoordinatedGroup, CountyPlan, Duty, PlanDiff, PlannedLists};
use crate::service::plans::{coordination, duties, reading};

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// County plans the caller may read: every revision in its scope, and everyone's
    /// published (approved or superseded) revisions; newest revision first per county.
    async fn county_plans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this county's plans (six-digit code).")] county_code: Option<String>,
        #[graphql(desc = "Only the plans of this city's counties (six-digit code).")]
        city_code: Option<String>,
    ) -> async_graphql::Result<Vec<CountyPlan>> {
        Ok(reading::list(
            app(ctx)?,
            viewer(ctx),
            county_code.as_deref(),
            city_code.as_deref(),
        )
        .await?
        .into_iter()
        .map(CountyPlan::from)
        .collect())
    }

    /// City-coordinated integration groups with a member in the caller's reach, oldest
    /// first (city roles: their city's; a county official: those taking its county's mines).
    async fn coordinated_groups(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<CoordinatedGroup>> {
        Ok(coordination::list(app(ctx)?, viewer(ctx))
            .await?
            .into_iter()
            .map(CoordinatedGroup)
            .collect())
    }

    /// One plan revision; null when it does not exist or the caller may not read it.
    async fn county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision.")] id: ID,
    ) -> async_graphql::Result<Option<CountyPlan>> {
        let id = parse_id(&id, "id")?;
        Ok(reading::get(app(ctx)?, viewer(ctx), id)
            .await?
            .map(CountyPlan::from))
    }

    /// A county's lists as its plan decides them (the in-force revision, else the newest the
    /// caller may read); null when the county has no plan the caller may read.
    async fn planned_lists(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Six-digit division code of the county.")] county_code: String,
    ) -> async_graphql::Result<Option<PlannedLists>> {
        Ok(reading::planned(app(ctx)?, viewer(ctx), &county_code)
            .await?
            .map(|view| PlannedLists(CountyPlan::from(view))))
    }

    /// What changed between two revisions of one county's plan.
    async fn county_plan_diff(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the revision to compare from.")] from_id: ID,
        #[graphql(desc = "Id of the revision to compare to, of the same county's plan.")] to_id: ID,
    ) -> async_graphql::Result<PlanDiff> {
        let from = parse_id(&from_id, "fromId")?;
        let to = parse_id(&to_id, "toId")?;
        let (_, _, changes) = reading::changes(app(ctx)?, viewer(ctx), from, to).await?;
        Ok(PlanDiff::new(from, to, changes))
    }

    /// Duties of in-force plans not done by their day, most overdue first, in the caller's
    /// scope (optionally one county).
    async fn overdue_duties(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this county's duties; all in the caller's scope when omitted.")]
        county_code: Option<String>,
    ) -> async_graphql::Result<Vec<Duty>> {
        let today = loaders(ctx)?.today();
        Ok(
            duties::overdue(app(ctx)?, viewer(ctx), county_code.as_deref(), today)
                .await?
                .into_iter()
                .map(Duty::in_scope)
                .collect(),
        )
    }
}
