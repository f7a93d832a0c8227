//! The one error type of the service layer: each kind with its stable `extensions.code`
//! (docs/api.md, "Errors") and its message. The transports map it once: GraphQL in
//! `graphql::errors`, which also says why `AppError` has no `Display`.

use sea_orm::DbErr;

use crate::domain::{Problems, ValidationError};

/// Everything a use case can fail with, in the order docs/api.md checks them: authentication,
/// authorisation, existence, state, rules.
#[derive(Debug)]
pub enum AppError {
    /// No token, or a token that cannot be trusted.
    Unauthenticated,
    /// The caller is known but the operation or the row is outside its scope.
    Forbidden,
    /// The named thing (in Chinese, e.g. "矿山") does not exist or is out of read scope.
    NotFound(&'static str),
    /// Input that breaks rules of form: every problem found, each naming its input field
    /// (never empty).
    Invalid(Vec<ValidationError>),
    /// A stale version, a duplicate, or a state transition that is not allowed.
    Conflict(String),
    /// A block refused admission: the failing blocking checks' rule IDs (docs/rules.md
    /// order, deduplicated) and what they found.
    AdmissionRefused {
        failed: Vec<&'static str>,
        message: String,
    },
    /// Too much work in flight (every scan place taken, or no pooled connection free in
    /// time): the caller should retry shortly.
    Busy,
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
            AppError::Unauthenticated => "UNAUTHENTICATED",
            AppError::Forbidden => "FORBIDDEN",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Invalid(_) => "BAD_USER_INPUT",
            AppError::Conflict(_) => "CONFLICT",
            AppError::AdmissionRefused { .. } => "ADMISSION_REFUSED",
            AppError::Busy => "SERVER_BUSY",
            AppError::Db(_) | AppError::Internal(_) => "INTERNAL",
        }
    }

    /// The message shown to the caller, in Chinese; never a database or internal text.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "未认证：请提供有效的访问令牌".into(),
            AppError::Forbidden => "无权执行此操作".into(),
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
            AppError::Conflict(message) => message.clone(),
            AppError::AdmissionRefused { message, .. } => message.clone(),
            AppError::Busy => "服务器繁忙，请稍后重试".into(),
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
