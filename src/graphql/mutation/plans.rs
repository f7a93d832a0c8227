//! County plan mutations: drafting, the workflow, and completing duties.

use async_graphql::{Context, ID, Object};

use crate::domain::plan::entries::{DemandForecast, NewMineEntry, Responsibility};
use crate::error::AppError;
use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::date::Date;
use crate::graphql::types::plan::{
    ClosureEntryInput, CoordinatedGroup, CountyPlan, DemandForecastInput, Duty,
    IntegrationGroupInput, NewMineEntryInput, ResponsibilityInput, UpgradeEntryInput,
};
use crate::service::plans::duties::{self, Completed};
use crate::service::plans::{completeness, coordination, drafting, workflow};
use crate::service::require;

#[derive(Default)]
pub struct PlanMutation;

/// The caller must be known before an id is read (authentication is checked first).
fn plan_id(ctx: &Context<'_>, id: &ID, field: &str) -> Result<i64, AppError> {
    require(viewer(ctx))?;
    parse_id(id, field)
}

#[Object]
impl PlanMutation {
    /// Opens the county's plan for the current campaign (county official); `CONFLICT` when
    /// the county already has an open or an approved plan.
    async fn create_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Six-digit division code of the county whose plan is opened.")]
        county_code: String,
    ) -> async_graphql::Result<CountyPlan> {
        Ok(drafting::create(app(ctx)?, viewer(ctx), &county_code)
            .await?
            .into())
    }

    /// Adds a mine to the close/exit list (attachment 2).
    async fn add_closure_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The mine, its route (close or exit) and its timetable.")]
        input: ClosureEntryInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        Ok(
            drafting::add_closure(app(ctx)?, viewer(ctx), id, input.parse()?)
                .await?
                .into(),
        )
    }

    /// Adds a mine to the upgrade list (attachment 3); its target must meet UPGRADE-1.
    async fn add_upgrade_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The mine, its target scale and its timetable.")] input: UpgradeEntryInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        Ok(
            drafting::add_upgrade(app(ctx)?, viewer(ctx), id, input.parse()?)
                .await?
                .into(),
        )
    }

    /// Adds an integration group of two or more of the county's mines.
    async fn add_integration_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The member mines, the unified mine and the completion day.")]
        input: IntegrationGroupInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        Ok(
            drafting::add_integration(app(ctx)?, viewer(ctx), id, input.parse()?)
                .await?
                .into(),
        )
    }

    /// Joins a city-coordinated group: the plan lists its county's members of the group in
    /// one integration entry taking the group's name, holder, scale and date.
    async fn join_coordinated_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "Id of the coordinated group (`coordinatedGroups`).")] group_id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        let group = parse_id(&group_id, "groupId")?;
        Ok(drafting::join(app(ctx)?, viewer(ctx), id, group)
            .await?
            .into())
    }

    /// Forms an integration group of mines of two counties or more (city admin, for the
    /// city task force): each county's plan then joins it with its own members, and the
    /// group is formed when every county's plan in force carries it.
    async fn coordinate_integration(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The member mines of every county, the unified mine and the completion day."
        )]
        input: IntegrationGroupInput,
    ) -> async_graphql::Result<CoordinatedGroup> {
        Ok(CoordinatedGroup(
            coordination::create(app(ctx)?, viewer(ctx), input.parse()?).await?,
        ))
    }

    /// Proposes a block of the county as a new mine in a transfer year (attachment 4).
    async fn add_new_mine_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The planned block and its transfer year.")] input: NewMineEntryInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        let entry = NewMineEntry {
            block_id: parse_id(&input.block_id, "blockId")?,
            transfer_year: input.transfer_year,
        };
        Ok(drafting::add_new_mine(app(ctx)?, viewer(ctx), id, entry)
            .await?
            .into())
    }

    /// Adds a task with its responsible unit and deadline.
    async fn add_responsibility(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The task, the unit responsible and the deadline.")]
        input: ResponsibilityInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        let entry = Responsibility {
            task: input.task,
            unit: input.unit,
            due_by: input.due_by.0,
        };
        Ok(
            drafting::add_responsibility(app(ctx)?, viewer(ctx), id, entry)
                .await?
                .into(),
        )
    }

    /// Records the county's demand forecast for a mineral (informative).
    async fn add_demand_forecast(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "The mineral, its yearly demand and the years covered.")]
        input: DemandForecastInput,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        let entry = DemandForecast {
            mineral_code: input.mineral_code,
            annual_demand: input.annual_demand,
            horizon_years: u32::try_from(input.horizon_years).unwrap_or(0),
            note: input.note,
        };
        Ok(
            drafting::add_demand_forecast(app(ctx)?, viewer(ctx), id, entry)
                .await?
                .into(),
        )
    }

    /// Removes an entry while the plan is a draft or returned.
    async fn remove_plan_entry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted (draft or returned).")] plan_id: ID,
        #[graphql(desc = "Id of the entry to remove.")] entry_id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &plan_id, "planId")?;
        let entry = parse_id(&entry_id, "entryId")?;
        Ok(drafting::remove(app(ctx)?, viewer(ctx), id, entry)
            .await?
            .into())
    }

    /// Files the open revision's three lists (三个一批) with the city: refused, naming every
    /// mine still to be listed, until they are complete. The seed's first step has the lists
    /// a month before the whole plan; the `LISTS_FILED` milestone is met by the first filing
    /// (or submission). Filing again changes nothing.
    async fn file_county_lists(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the open plan revision whose lists are filed.")] id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(completeness::file_lists(app(ctx)?, viewer(ctx), id)
            .await?
            .into())
    }

    /// Submits the plan to the city; every entry is checked against today's assessments,
    /// every mine the assessment puts in a batch must be on a list (三个一批), and the plan
    /// must hold its division of work.
    async fn submit_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision to submit.")] id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(workflow::submit(app(ctx)?, viewer(ctx), id).await?.into())
    }

    /// Takes a submission back before the city decides (SUBMITTED → DRAFT).
    async fn recall_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the submitted plan revision to take back.")] id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(workflow::recall(app(ctx)?, viewer(ctx), id).await?.into())
    }

    /// Approves a submitted plan (city approver): it comes into force, the revision it
    /// replaces is superseded and its follow-up duties are created.
    async fn approve_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the submitted plan revision to approve.")] id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(workflow::approve(app(ctx)?, viewer(ctx), id).await?.into())
    }

    /// Returns a submitted plan with a comment (city approver).
    async fn return_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the submitted plan revision to return.")] id: ID,
        #[graphql(desc = "The city's comment: what the county must change.")] comment: String,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(workflow::send_back(app(ctx)?, viewer(ctx), id, &comment)
            .await?
            .into())
    }

    /// Opens a new DRAFT revision (new id) of an approved plan; the approved one stays in
    /// force until the new one is approved.
    async fn revise_county_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the approved plan revision to revise.")] id: ID,
    ) -> async_graphql::Result<CountyPlan> {
        let id = self::plan_id(ctx, &id, "id")?;
        Ok(workflow::revise(app(ctx)?, viewer(ctx), id).await?.into())
    }

    /// Records a duty of an in-force plan as done (the plan's county official). Completing a
    /// closure closes the mine; completing an integration creates the unified mine.
    /// A settlement needs `amountWanYuan`.
    async fn complete_duty(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the duty done.")] duty_id: ID,
        #[graphql(desc = "The day the duty was done.")] done_on: Date,
        #[graphql(desc = "A note on the completion.")] note: Option<String>,
        #[graphql(
            desc = "Settlement amount, 万元, as a decimal string; required for a settlement."
        )]
        amount_wan_yuan: Option<String>,
    ) -> async_graphql::Result<Duty> {
        let id = self::plan_id(ctx, &duty_id, "dutyId")?;
        let done = Completed {
            done_on: done_on.0,
            note,
            amount_wan_yuan,
        };
        Ok(Duty::in_scope(
            duties::complete(app(ctx)?, viewer(ctx), id, done).await?,
        ))
    }
}
