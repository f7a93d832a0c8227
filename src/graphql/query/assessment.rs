//! `rectificationLists`, `assessmentSummary`, `assessmentCatchUp`, `assessMine`, and the
//! standards versions.

use async_graphql::{Context, Object};

use crate::error::AppError;
use crate::graphql::context::{app, day_or_today, db, places, viewer};
use crate::graphql::limits::SCAN_COST;
use crate::graphql::types::date::Date;
use crate::graphql::types::mines::{
    Assessment, AssessmentCatchUp, AssessmentSummary, MineInput, RectificationEntry,
    RectificationLists,
};
use crate::graphql::types::reference::County;
use crate::graphql::types::standards::StandardsVersion;
use crate::service::rectification::ListedMine;
use crate::service::stored_assessments::catch_up;
use crate::service::{rectification, standards};

#[derive(Default)]
pub struct AssessmentQuery;

fn entries(list: Vec<ListedMine>) -> Vec<RectificationEntry> {
    list.into_iter().map(RectificationEntry::from).collect()
}

#[Object]
impl AssessmentQuery {
    /// A county's three batches (三个一批) on `asOf` (default: today in Asia/Shanghai).
    #[graphql(complexity = "SCAN_COST + child_complexity")]
    async fn rectification_lists(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Six-digit division code of the county.")] county_code: String,
        #[graphql(desc = "The day the assessment applies to (default: today in Asia/Shanghai).")]
        as_of: Option<Date>,
    ) -> async_graphql::Result<RectificationLists> {
        let as_of = day_or_today(ctx, as_of)?;
        let lists = rectification::lists(app(ctx)?, viewer(ctx), &county_code, as_of).await?;
        Ok(RectificationLists {
            county: County::from(lists.county),
            as_of: Date(lists.as_of),
            standards_version: lists.standards_version,
            deadline: lists.deadline.map(Date),
            close_or_exit: entries(lists.close_or_exit),
            integrate: entries(lists.integrate),
            upgrade: entries(lists.upgrade),
        })
    }

    /// Counts by disposition, rule and county, for one county, one city or the caller's scope.
    #[graphql(complexity = "SCAN_COST + child_complexity")]
    async fn assessment_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this county (six-digit code).")] county_code: Option<String>,
        #[graphql(desc = "Only this city's counties (six-digit code).")] city_code: Option<String>,
        #[graphql(desc = "The day the assessment applies to (default: today in Asia/Shanghai).")]
        as_of: Option<Date>,
    ) -> async_graphql::Result<AssessmentSummary> {
        let as_of = day_or_today(ctx, as_of)?;
        let summary = rectification::summary(
            app(ctx)?,
            viewer(ctx),
            county_code.as_deref(),
            city_code.as_deref(),
            as_of,
        )
        .await?;
        Ok(summary.into())
    }

    /// The background catch-up of the stored assessments (any official): how many of the
    /// mines the caller may read await a fresh result, and whether it is running.
    async fn assessment_catch_up(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<AssessmentCatchUp> {
        Ok(catch_up::progress(app(ctx)?, viewer(ctx)).await?.into())
    }

    /// What-if: assesses facts that are not stored, optionally with an upgrade target.
    /// Nothing is saved.
    #[graphql(complexity = "SCAN_COST + child_complexity")]
    async fn assess_mine(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The mine's facts to assess; nothing is stored.")] input: MineInput,
        #[graphql(desc = "An upgrade target scale to evaluate, 万吨/年.")]
        upgrade_target_scale: Option<f64>,
        #[graphql(desc = "The day the assessment applies to (default: today in Asia/Shanghai).")]
        as_of: Option<Date>,
    ) -> async_graphql::Result<Assessment> {
        let as_of = day_or_today(ctx, as_of)?;
        let assessment = rectification::what_if(
            app(ctx)?,
            viewer(ctx),
            input.into(),
            upgrade_target_scale,
            as_of,
        )
        .await?;
        Ok(assessment.into())
    }

    /// Every standards version, newest first.
    async fn standards_versions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<StandardsVersion>> {
        Ok(standards::versions(db(ctx)?)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// One standards version by id, or the one of a province in force on `asOf` (default:
    /// today). The province defaults to the caller's (or the deployment's only one).
    async fn standards_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version number; not together with `asOf`.")] id: Option<i32>,
        #[graphql(desc = "The day whose version in force is wanted (default: today).")]
        as_of: Option<Date>,
        #[graphql(
            desc = "Six-digit province code; default: the caller's, else the deployment's only one."
        )]
        province_code: Option<String>,
    ) -> async_graphql::Result<Option<StandardsVersion>> {
        let db = db(ctx)?;
        match (id, as_of) {
            (Some(_), Some(_)) => Err(AppError::invalid("id", "id 与 asOf 只能指定一个").into()),
            (Some(id), None) => Ok(standards::version(db, id).await?.map(Into::into)),
            (None, as_of) => Ok(standards::in_force_for(
                db,
                places(ctx)?.as_ref(),
                viewer(ctx),
                province_code.as_deref(),
                day_or_today(ctx, as_of)?,
            )
            .await?
            .map(Into::into)),
        }
    }
}
