//! Admission into the city transfer plan: the departments' survey records, a block's
//! eligibility and its checks, and the closure quota (NEW-3).

use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::survey;

use crate::domain::admission::{Balance, Check as DomainCheck, failed_checks};
use crate::domain::codes;
use crate::graphql::types::enums::Obstacle;
use crate::graphql::types::layer::SpatialFinding;
use crate::service::admission::surveys::shown_to;
use crate::service::stored::stored_code;

/// One department's site-survey record (the latest per department holds).
pub struct SurveyRecord(pub survey::Model);

/// One department's site-survey record (the latest per department holds).
#[Object]
impl SurveyRecord {
    /// The record's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The department's code (`FORESTRY`, …).
    async fn department(&self) -> &str {
        &self.0.department_code
    }
    /// Whether the department found an overlap.
    async fn conflict(&self) -> bool {
        self.0.conflict
    }
    /// The obstacle behind a conflict, as the department names it.
    async fn obstacle(&self) -> async_graphql::Result<Option<Obstacle>> {
        Ok(self
            .0
            .obstacle
            .as_deref()
            .map(|o| stored_code(codes::Obstacle::parse, "surveys", "obstacle", self.0.id, o))
            .transpose()?
            .map(Into::into))
    }
    /// The spatial screen's findings in the department's field as they stood when it
    /// recorded (docs/spatial.md); null where the block had no boundary to screen.
    async fn screen_findings(&self) -> async_graphql::Result<Option<Vec<SpatialFinding>>> {
        Ok(shown_to(&self.0)?.map(|shown| {
            shown
                .into_iter()
                .map(|(version, finding)| SpatialFinding::new(version, finding))
                .collect()
        }))
    }
    /// The reviewer's note, if any.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// `sub` of the reviewer who recorded it.
    async fn recorded_by(&self) -> &str {
        &self.0.recorded_by
    }
    /// When the record was made (UTC).
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// One admission check of a block (PLAN-1 or NEW-1 to NEW-6).
#[derive(SimpleObject)]
pub struct Check {
    /// The rule checked (`PLAN-1`, `NEW-1` … `NEW-6`).
    pub rule_id: String,
    /// What is checked (`IN_APPROVED_PLAN`, `MASTER_PLAN`, `DEPOSIT_CLASS`, …).
    pub code: String,
    /// Whether the block passes the check.
    pub passed: bool,
    /// Whether a failure refuses admission (a warning otherwise).
    pub blocking: bool,
    /// What the check found, in Chinese.
    pub detail: String,
}

impl From<DomainCheck> for Check {
    fn from(check: DomainCheck) -> Self {
        Check {
            rule_id: check.rule.code().into(),
            code: check.code.into(),
            passed: check.passed,
            blocking: check.blocking,
            detail: check.detail,
        }
    }
}

/// Whether a block may enter a year's transfer plan, and every check.
#[derive(SimpleObject)]
pub struct Eligibility {
    /// Every blocking check passes.
    pub eligible: bool,
    /// The rule IDs an admission would be refused with, in the table's order.
    pub failed_checks: Vec<String>,
    /// Every check, in the order of the rules (PLAN-1, NEW-1 … NEW-6).
    pub checks: Vec<Check>,
    /// The first year from the one asked in which the closure balance (NEW-3, the county's
    /// too where it binds) leaves room for this block, as the plans in force schedule their
    /// closures; null when no year they reach does.
    pub balance_opens_in: Option<i32>,
}

impl Eligibility {
    /// From the checks in their order.
    pub fn new(checks: Vec<DomainCheck>, balance_opens_in: Option<i32>) -> Self {
        let failed: Vec<String> = failed_checks(&checks)
            .into_iter()
            .map(|rule| rule.code().into())
            .collect();
        Eligibility {
            eligible: failed.is_empty(),
            failed_checks: failed,
            checks: checks.into_iter().map(Check::from).collect(),
            balance_opens_in,
        }
    }
}

/// Closed mines against new mines (NEW-3).
#[derive(SimpleObject)]
pub struct Quota {
    /// Closed mines, as the city's admission settings count them.
    pub closed_mines: i32,
    /// New mines admitted into transfer plans and holding a place (exceptions included).
    pub new_mines: i32,
    /// closed − new (negative after exceptions).
    pub remaining: i32,
    /// The year the closures were counted for; null when every scheduled closure counts.
    pub year: Option<i32>,
}

impl Quota {
    /// The balance as counted for `year`.
    pub fn of(balance: Balance, year: Option<i32>) -> Self {
        Quota {
            closed_mines: i32::try_from(balance.closed).unwrap_or(i32::MAX),
            new_mines: i32::try_from(balance.new_mines).unwrap_or(i32::MAX),
            remaining: i32::try_from(balance.remaining()).unwrap_or(i32::MIN),
            year,
        }
    }
}
