//! Campaigns, their milestones and each county's progress against them.

use async_graphql::{Enum, ID, InputObject, Object, SimpleObject};
use entity::milestone;

use crate::domain::plan::progress::{self, MilestoneState};
use crate::graphql::types::date::Date;
use crate::graphql::types::plan::PlanStatus;
use crate::graphql::types::reference::County;
use crate::service::campaigns::{
    CampaignView, CountyProgress as Progress, NewCampaign, NewMilestone,
};
use crate::service::plans::status_of;
use crate::service::stored::stored_code;

/// A rectification campaign of a city (e.g. the 2024 plan) with its milestones.
pub struct Campaign(pub CampaignView);

/// A rectification campaign of a city (e.g. the 2024 plan) with its milestones.
#[Object]
impl Campaign {
    /// Stable code (`JC-2024`).
    async fn code(&self) -> &str {
        &self.0.campaign.code
    }
    /// The campaign's name.
    async fn name(&self) -> &str {
        &self.0.campaign.name
    }
    /// Six-digit division code of the city that runs the campaign.
    async fn city_code(&self) -> &str {
        &self.0.campaign.city_code
    }
    /// Whether new county plans are filed under it.
    async fn current(&self) -> bool {
        self.0.campaign.current
    }
    /// Its milestones in order.
    async fn milestones(&self) -> Vec<Milestone> {
        self.0.milestones.iter().cloned().map(Milestone).collect()
    }
}

/// A milestone of a campaign: lateness is flagged against it, nothing is blocked by it.
pub struct Milestone(pub milestone::Model);

/// A milestone of a campaign: lateness is flagged against it, nothing is blocked by it.
#[Object]
impl Milestone {
    /// Pass it to `updateMilestone`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Stable code (`COUNTY_PLANS`, …).
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The milestone's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The day the milestone falls due.
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }
    /// What a county is measured by against it.
    async fn measure(&self) -> async_graphql::Result<MilestoneMeasure> {
        Ok(stored_code(
            progress::Measure::parse,
            "milestones",
            "measure",
            self.0.id,
            &self.0.measure,
        )?
        .into())
    }
}

/// A county against one milestone.
#[derive(SimpleObject)]
pub struct MilestoneStatus {
    /// Code of the milestone (`COUNTY_PLANS`, …).
    pub milestone_code: String,
    /// The day the milestone falls due.
    pub due_on: Date,
    /// False for a city-level milestone (not measured per county).
    pub tracked: bool,
    /// The day the county met it.
    pub met_on: Option<Date>,
    /// Met after its day, or not met and its day has passed.
    pub late: bool,
}

/// One county's progress.
pub struct CountyProgress(pub Progress);

/// One county's progress against the current campaign.
#[Object]
impl CountyProgress {
    /// The county measured.
    async fn county(&self) -> County {
        County::from(self.0.county.clone())
    }
    /// The newest plan revision's id and status, if the county has a plan.
    async fn plan_id(&self) -> Option<ID> {
        self.0.latest.as_ref().map(|p| ID(p.id.to_string()))
    }
    /// Status of the county's newest plan revision; null when it has no plan.
    async fn plan_status(&self) -> async_graphql::Result<Option<PlanStatus>> {
        Ok(self
            .0
            .latest
            .as_ref()
            .map(status_of)
            .transpose()?
            .map(Into::into))
    }
    /// The revision in force, if any.
    async fn in_force_plan_id(&self) -> Option<ID> {
        self.0.in_force.as_ref().map(|p| ID(p.id.to_string()))
    }
    /// Each milestone and where the county stands.
    async fn milestones(&self) -> Vec<MilestoneStatus> {
        self.0
            .milestones
            .iter()
            .map(
                |(m, state): &(milestone::Model, MilestoneState)| MilestoneStatus {
                    milestone_code: m.code.clone(),
                    due_on: Date(m.due_on),
                    tracked: state.tracked,
                    met_on: state.met_on.map(Date),
                    late: state.late,
                },
            )
            .collect()
    }
    /// Whether the county is late on any milestone.
    async fn late(&self) -> bool {
        self.0.milestones.iter().any(|(_, state)| state.late)
    }
    /// Duties of the in-force plan.
    async fn duties_total(&self) -> i32 {
        self.0.duties.0 as i32
    }
    /// Duties of the in-force plan already done.
    async fn duties_done(&self) -> i32 {
        self.0.duties.1 as i32
    }
    /// Duties of the in-force plan overdue today.
    async fn duties_overdue(&self) -> i32 {
        self.0.duties.2 as i32
    }
    /// The close/exit, upgrade and integration entries of the in-force plan whose work
    /// (each duty due by the entry's own deadline) is not all done, by id: what stands
    /// between the county and `RECTIFICATION_DONE`.
    async fn entries_left(&self) -> Vec<ID> {
        self.0
            .entries_left
            .iter()
            .map(|id| ID(id.to_string()))
            .collect()
    }
}

/// Every county of a city against the current campaign, on a day.
#[derive(SimpleObject)]
pub struct CampaignProgress {
    /// The city's current campaign the counties are measured against.
    pub campaign: Campaign,
    /// The day the progress is read on (today in Asia/Shanghai).
    pub as_of: Date,
    /// Each county covered, with its plan, milestones and duties.
    pub counties: Vec<CountyProgress>,
}

/// What a county is measured by against a milestone.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "progress::Measure")]
pub enum MilestoneMeasure {
    /// Its three lists first filed complete (`fileCountyLists`), or its plan first
    /// submitted, whichever came first.
    ListsFiled,
    /// Its plan first submitted to the city.
    PlanSubmitted,
    /// Every close/exit, upgrade and integration entry of its plan in force done, each by
    /// its own deadline, whenever that falls (aftercare excepted).
    RectificationDone,
    /// A city-level milestone, not measured per county.
    None,
}

/// A milestone of a new campaign.
#[derive(InputObject)]
pub struct MilestoneInput {
    /// Stable code (upper-case letters, digits, `-`, `_`), unique within the campaign.
    pub code: String,
    /// The milestone's name.
    pub name: String,
    /// The day the milestone falls due.
    pub due_on: Date,
    /// What a county is measured by against it.
    pub measure: MilestoneMeasure,
}

/// `createCampaign`'s input: a later campaign of a city with its own milestones.
#[derive(InputObject)]
pub struct CampaignInput {
    /// Stable code (`JC-2027`).
    pub code: String,
    /// The campaign's name.
    pub name: String,
    /// Six-digit division code of the city the campaign belongs to.
    pub city_code: String,
    /// One to twenty, in order.
    pub milestones: Vec<MilestoneInput>,
}

impl From<CampaignInput> for NewCampaign {
    fn from(input: CampaignInput) -> Self {
        NewCampaign {
            code: input.code,
            name: input.name,
            city_code: input.city_code,
            milestones: input
                .milestones
                .into_iter()
                .map(|m| NewMilestone {
                    code: m.code,
                    name: m.name,
                    due_on: m.due_on.0,
                    measure: m.measure.into(),
                })
                .collect(),
        }
    }
}
