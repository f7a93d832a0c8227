//! The one error type of the service layer and its single mapping to docs/api.md's
//! `extensions.code` values. Database and internal causes are logged here and never sent.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql converts any
//! `Display` type into an error carrying only its text (upstream #1094), which would drop the
//! code and could leak a database message. Without `Display`, the only conversion is the
//! `From` impl below, so a bare `?` in a resolver always yields a coded error.

use async_graphql::ErrorExtensions;
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

    /// This error as a request-level GraphQL error (for refusals made before execution).
    pub fn server_error(&self) -> async_graphql::ServerError {
        let extended = self.extend();
        let mut error = async_graphql::ServerError::new(extended.message, None);
        error.extensions = extended.extensions;
        error
    }

    /// Shorthand for an internal failure whose cause is logged.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        AppError::Internal(cause.to_string())
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            AppError::Db(err) => tracing::error!(error = %err, "database error"),
            AppError::Internal(err) => tracing::error!(error = %err, "internal error"),
            _ => {}
        }
        async_graphql::Error::new(self.message()).extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                AppError::Invalid(problems) => {
                    if let Some(first) = problems.first() {
                        ext.set("field", first.field.clone());
                        if let Some(rule) = first.rule {
                            ext.set("rule", rule);
                        }
                    }
                    let listed: Vec<async_graphql::Value> = problems
                        .iter()
                        .map(|p| {
                            let mut entry = async_graphql::indexmap::IndexMap::new();
                            entry.insert(async_graphql::Name::new("field"), p.field.clone().into());
                            entry.insert(
                                async_graphql::Name::new("message"),
                                p.message.clone().into(),
                            );
                            if let Some(rule) = p.rule {
                                entry.insert(async_graphql::Name::new("rule"), rule.into());
                            }
                            async_graphql::Value::Object(entry)
                        })
                        .collect();
                    ext.set("problems", listed);
                }
                AppError::Busy => ext.set("retryAfterSeconds", RETRY_AFTER_SECONDS),
                AppError::AdmissionRefused { failed, .. } => ext.set(
                    "failedChecks",
                    failed
                        .iter()
                        .map(|rule| async_graphql::Value::from(*rule))
                        .collect::<Vec<_>>(),
                ),
                _ => {}
            }
        })
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        err.extend()
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
