//! Mines: the registry's `Mine`, the inputs that register, change and filter mines, and
//! their rectification assessment (findings, the three batches, the summary).

mod assessment;
mod filter;
mod input;
mod mine;
mod patch;
mod violation;

pub use assessment::{
    Assessment, AssessmentCatchUp, AssessmentSummary, CountySummary, Disposition, DispositionCount,
    Fact, Finding, RectificationEntry, RectificationLists, RouteOption, RuleCount,
    UpgradeEvaluation,
};
pub use filter::MineFilter;
pub use input::MineInput;
pub use mine::Mine;
pub use patch::MinePatch;
