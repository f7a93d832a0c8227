//! The one error type of the service layer: each kind with its stable `extensions.code`
//! (docs/api.md, "Errors") and its message. The transports map it once: GraphQL in
//! `graphql::errors`, which also says why `AppError` has no `Display`.

use sea_orm::DbErr;

use crate::domain::access::Action;
use crate::domain::codes::PlanStatus;
use crate::domain::plan::StepRefused;
use crate::domain::rule::Rule;
use crate::domain::{Problems, ValidationError};

/// Everything a use case can fail with, in the order docs/api.md checks them: authentication,
/// authorisation, existence, state, rules.
#[derive(Debug)]
pub enum AppError {
    /// No token, or a token that cannot be trusted; the 401 says which.
    Unauthenticated(Unauthenticated),
    /// The caller is known but the row is outside its scope.
    Forbidden,
    /// The caller's role may never do the action (the refusal names the roles that may).
    RoleLacks(Action),
    /// The named thing (in Chinese, e.g. "矿山") does not exist or is out of read scope.
    NotFound(&'static str),
    /// Input that breaks rules of form: every problem found, each naming its input field
    /// (never empty).
    Invalid(Vec<ValidationError>),
    /// A stale version, a duplicate, or a state transition that is not allowed.
    Conflict(Conflict),
    /// A block refused admission: the failing blocking checks' rule IDs (docs/rules.md
    /// order, deduplicated) and what they found.
    /// A transfer plan's approval refused: also each standing entry that failed its
    /// re-check, with its rules.
    AdmissionRefused {
        failed: Vec<Rule>,
        message: String,
        entries: Vec<(i64, Vec<Rule>)>,
    },
    /// Too much work in flight (every scan place taken, or no pooled connection free in
    /// time): the caller should retry shortly.
    Busy,
    /// The caller has spent its budget of operations (docs/operations.md, "Fair use"):
    /// it may try again after the given time.
    RateLimited(std::time::Duration),
    /// A document named by its hash that no instance was sent in full (the automatic
    /// persisted-query protocol: the client sends it again with its text).
    PersistedQueryNotFound,
    /// The caller's role may run only the deployment's trusted documents, and this is not
    /// one of them.
    DocumentNotTrusted,
    /// A database failure; the text is logged, never sent.
    Db(DbErr),
    /// Any other failure the caller cannot act on; the text is logged, never sent.
    Internal(String),
}

impl From<DbErr> for AppError {
    /// A pool with no connection free in time is load, not a fault: retryable.
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout) => {
                tracing::warn!("database pool exhausted");
                AppError::Busy
            }
            other => AppError::Db(other),
        }
    }
}

/// Seconds a busy caller is told to wait before retrying.
pub const RETRY_AFTER_SECONDS: u64 = 1;

/// Whole seconds a caller over its budget is told to wait: at least one.
pub fn retry_after_seconds(wait: std::time::Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

impl From<ValidationError> for AppError {
    fn from(err: ValidationError) -> Self {
        AppError::Invalid(vec![err])
    }
}

impl From<Problems> for AppError {
    fn from(problems: Problems) -> Self {
        AppError::Invalid(problems.into_vec())
    }
}

impl AppError {
    /// The stable `extensions.code` of docs/api.md.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden | AppError::RoleLacks(_) => "FORBIDDEN",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Invalid(_) => "BAD_USER_INPUT",
            AppError::Conflict(_) => "CONFLICT",
            AppError::AdmissionRefused { .. } => "ADMISSION_REFUSED",
            AppError::Busy => "SERVER_BUSY",
            AppError::RateLimited(_) => "RATE_LIMITED",
            AppError::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            AppError::DocumentNotTrusted => "PERSISTED_QUERY_NOT_IN_LIST",
            AppError::Db(_) | AppError::Internal(_) => "INTERNAL",
        }
    }

    /// The message shown to the caller, in Chinese; never a database or internal text.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated(why) => why.message().into(),
            AppError::Forbidden => "无权执行此操作：超出令牌的辖区范围".into(),
            AppError::RoleLacks(action) => format!(
                "无权执行此操作：须由{}执行",
                action
                    .roles()
                    .iter()
                    .map(|role| role.code())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            AppError::NotFound(what) => format!("{what}不存在"),
            AppError::Invalid(problems) => match problems.as_slice() {
                [only] => only.message.clone(),
                many => format!(
                    "输入有{}处问题：{}",
                    many.len(),
                    many.iter()
                        .map(|p| format!("{}（{}）", p.message, p.field))
                        .collect::<Vec<_>>()
                        .join("；")
                ),
            },
            AppError::Conflict(conflict) => conflict.message(),
            AppError::AdmissionRefused { message, .. } => message.clone(),
            AppError::Busy => "服务器繁忙，请稍后重试".into(),
            AppError::RateLimited(wait) => {
                format!("请求过于频繁，请于 {} 秒后重试", retry_after_seconds(*wait))
            }
            // The protocol's own word, which clients (Apollo's link) act on.
            AppError::PersistedQueryNotFound => "PersistedQueryNotFound".into(),
            AppError::DocumentNotTrusted => {
                "此令牌只能执行部署登记的可信文档（按 sha256 发送）".into()
            }
            AppError::Db(_) | AppError::Internal(_) => "服务器内部错误".into(),
        }
    }

    /// Shorthand for a `BAD_USER_INPUT` naming `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![ValidationError::new(field, message)])
    }

    /// Shorthand for an internal failure whose cause is logged.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }
}

/// Why a caller is not authenticated, so that a client knows whether to send a token, fix
/// its header, ask for a new token, or stop trying (sent as `extensions.cause`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unauthenticated {
    /// The operation needs a token and the request carries none.
    NoToken,
    /// The `Authorization` header is not `Bearer <token>` (or is oversized).
    Malformed,
    /// The token's lifetime is over.
    Expired,
    /// The token was revoked.
    Revoked,
    /// The token was not signed by this deployment's key.
    OtherKey,
    /// The token is not one this deployment issues: its claims break the role rules or
    /// name a place the deployment does not have.
    Invalid,
}

impl Unauthenticated {
    /// The stable code of `extensions.cause`.
    pub fn code(self) -> &'static str {
        match self {
            Unauthenticated::NoToken => "NO_TOKEN",
            Unauthenticated::Malformed => "MALFORMED",
            Unauthenticated::Expired => "EXPIRED",
            Unauthenticated::Revoked => "REVOKED",
            Unauthenticated::OtherKey => "OTHER_KEY",
            Unauthenticated::Invalid => "INVALID",
        }
    }

    /// What the caller is told, in Chinese.
    pub fn message(self) -> &'static str {
        match self {
            Unauthenticated::NoToken => {
                "未认证：请提供访问令牌（请求头 Authorization: Bearer <令牌>）"
            }
            Unauthenticated::Malformed => "未认证：Authorization 请求头须为 Bearer <令牌>",
            Unauthenticated::Expired => "未认证：访问令牌已过期，请申请新令牌",
            Unauthenticated::Revoked => "未认证：访问令牌已被吊销",
            Unauthenticated::OtherKey => "未认证：访问令牌不是由本系统的密钥签发的",
            Unauthenticated::Invalid => "未认证：访问令牌无效（角色声明不合规或所指地区不存在）",
        }
    }
}

/// Why a request conflicts with the state it found. Each kind says its own message, so a
/// kind is stated once and a caller can tell the kinds apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Conflict {
    /// The row changed since the caller read it (its version is now `current`).
    Stale { current: i32 },
    /// The plan's workflow does not allow the step from its status.
    Workflow(StepRefused),
    /// Another official moved the plan first; it is now in `now`.
    PlanMoved { now: PlanStatus },
    /// No rectification campaign is underway in the city.
    NoCampaign,
    /// The county's plan is approved: a change is a revision.
    ApprovedPlanExists { plan_id: i64 },
    /// The county already has a plan being drafted or decided (its id, when known).
    OpenPlanExists { plan_id: Option<i64> },
    /// The duty was completed already.
    DutyDone,
    /// The province has no standards version to revise.
    NoStandards { province: String },
    /// An archived mine is not edited.
    MineArchived,
    /// The mine was archived already.
    AlreadyArchived,
    /// The token was revoked already.
    TokenRevoked,
    /// A concurrent write took a licence number the import was adding.
    LicenceTakenDuringImport,
    /// An import's transaction was rolled back on purpose (a dry run, or a file with a
    /// problem); the import answers with its report, so this never reaches a caller.
    ImportRolledBack,
    /// The year's transfer plan is approved; `refused` is what it can no longer do.
    TransferPlanApproved {
        year: i32,
        refused: Option<&'static str>,
    },
    /// The block holds an entry of a transfer plan already.
    BlockListed,
    /// The entry was withdrawn already.
    EntryWithdrawn,
    /// The entry is not sold, or its sale is registered as a mine already.
    NotRegistrable,
    /// A reported outcome cannot follow the entry's state (the message names both).
    OutcomeOutOfOrder(String),
    /// A report with the same idempotency key is being processed.
    ReportInProgress,
    /// The idempotency key was used for another report.
    KeyReused,
    /// The block was confirmed clean already.
    CleanConfirmed,
    /// A city-coordinated group is not unified before every county's plan in force carries
    /// it (the names of the counties still to approve it).
    GroupNotFormed { waiting: Vec<String> },
}

impl Conflict {
    /// The message shown to the caller, in Chinese.
    pub fn message(&self) -> String {
        match self {
            Conflict::Stale { current } => {
                format!("数据已被他人修改（当前版本 {current}），请刷新后重试")
            }
            Conflict::Workflow(refused) => refused.message(),
            Conflict::PlanMoved { now } => format!(
                "计划状态已被他人改变（当前为“{}”），请刷新后重试",
                now.label()
            ),
            Conflict::NoCampaign => "本市没有进行中的整治工作，不能新建计划".into(),
            Conflict::ApprovedPlanExists { plan_id } => {
                format!("本县（市、区）已有批准的计划（编号{plan_id}），请用 reviseCountyPlan 修订")
            }
            Conflict::OpenPlanExists { plan_id } => format!(
                "本县（市、区）已有未批准的计划{}，请在其上继续编制",
                plan_id.map_or(String::new(), |id| format!("（编号{id}）"))
            ),
            Conflict::DutyDone => "该项工作已办结".into(),
            Conflict::NoStandards { province } => {
                format!("本省（{province}）尚无标准版本，无法修订")
            }
            Conflict::MineArchived => "已归档的矿山不能修改".into(),
            Conflict::AlreadyArchived => "该矿山已归档".into(),
            Conflict::TokenRevoked => "该令牌已被吊销".into(),
            Conflict::LicenceTakenDuringImport => {
                "导入期间另有写入使用了相同的采矿许可证号，请重新导入".into()
            }
            Conflict::ImportRolledBack => "import rolled back".into(),
            Conflict::TransferPlanApproved { year, refused } => match refused {
                Some(refused) => format!("{year}年出让计划已批准，{refused}"),
                None => format!("{year}年出让计划已批准"),
            },
            Conflict::BlockListed => "该规划区块已列入出让计划".into(),
            Conflict::EntryWithdrawn => "该条目已撤回".into(),
            Conflict::NotRegistrable => "只有已成交且尚未登记的条目才能登记为矿山".into(),
            Conflict::OutcomeOutOfOrder(message) => message.clone(),
            Conflict::ReportInProgress => "同一报告正在处理，请以首次结果为准".into(),
            Conflict::KeyReused => "该幂等键已用于另一次报告".into(),
            Conflict::CleanConfirmed => "该规划区块已确认净矿".into(),
            Conflict::GroupNotFormed { waiting } => format!(
                "跨县整合组尚未经各有关县（市、区）计划批准，待{}的现行计划编列后方可完成整合",
                waiting.join("、")
            ),
        }
    }
}

impl From<Conflict> for AppError {
    fn from(conflict: Conflict) -> Self {
        AppError::Conflict(conflict)
    }
}

/// The result of a service call.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exhausted_pool_is_a_retryable_busy_answer_and_other_database_errors_are_internal() {
        let busy = AppError::from(DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout));
        assert_eq!(busy.code(), "SERVER_BUSY");
        let failed = AppError::from(DbErr::Custom("secret table text".into()));
        assert_eq!(failed.code(), "INTERNAL");
        assert!(!failed.message().contains("secret"));
    }
}
