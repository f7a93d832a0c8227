//! County plans: `CountyPlan` and its entries, duties, balance and comments, the entry
//! inputs, the lists the plan decides, `PlanDiff`, and the events `countyPlanEvents`
//! delivers.

mod coordinated;
mod county_plan;
mod diff;
mod duty;
mod entries;
mod events;
mod inputs;
mod lists;

pub use coordinated::CoordinatedGroup;
pub use county_plan::{CountyPlan, PlanBalance, PlanComment, PlanStatus};
pub use diff::{ChangeType, FieldChange, PlanDiff, PlanEntryChange};
pub use duty::Duty;
pub use entries::{
    ClosureEntry, DemandForecast, EntryRef, IntegrationGroup, NewMineEntry, PlanEntryKind,
    PlanMine, Responsibility, UpgradeEntry,
};
pub use events::{CountyPlanEvent, PlanEventType};
pub use inputs::{
    ClosureEntryInput, DemandForecastInput, IntegrationGroupInput, NewMineEntryInput,
    ResponsibilityInput, UpgradeEntryInput,
};
pub use lists::PlannedLists;
