//! The city transfer plan: admission (survey records, eligibility, the closure quota), the
//! plan and its entries, the admission settings and planning caps, the balance outlook, and
//! the events `transferPlanEvents` delivers.

mod admission;
mod events;
mod outlook;
mod registration;
mod settings;
mod transfer_plan;

pub use admission::{Check, Eligibility, Quota, SurveyRecord};
pub use events::{TransferEventType, TransferPlanEvent};
pub use outlook::{BalanceOutlook, CountyOutlook, OutlookYear};
pub use registration::RegisterSoldBlockInput;
pub use settings::{AdmissionSettings, AdmissionSettingsInput, PlanningCap};
pub use transfer_plan::{TransferPlan, TransferPlanEntry};
