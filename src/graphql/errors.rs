//! The single mapping of [`AppError`] to a GraphQL error: its message, `extensions.code`
//! and the extensions a client acts on (`field`, `problems`, `rule`, `failedChecks`,
//! `retryAfterSeconds`). Database and internal causes are logged here and never sent.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql converts any
//! `Display` type into an error carrying only its text, which would drop the code and could
//! leak a database message. Without `Display`, the only conversion is the `From` impl
//! below, so a bare `?` in a resolver always yields a coded error.

use async_graphql::ErrorExtensions;

use crate::error::{AppError, RETRY_AFTER_SECONDS, retry_after_seconds};

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
                            ext.set("rule", rule.code());
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
                                entry.insert(async_graphql::Name::new("rule"), rule.code().into());
                            }
                            async_graphql::Value::Object(entry)
                        })
                        .collect();
                    ext.set("problems", listed);
                }
                AppError::Busy => ext.set("retryAfterSeconds", RETRY_AFTER_SECONDS),
                AppError::RateLimited(wait) => {
                    ext.set("retryAfterSeconds", retry_after_seconds(*wait))
                }
                AppError::Unauthenticated(why) => ext.set("cause", why.code()),
                AppError::RoleLacks(action) => ext.set(
                    "requiredRoles",
                    action
                        .roles()
                        .iter()
                        .map(|role| async_graphql::Value::from(role.code()))
                        .collect::<Vec<_>>(),
                ),
                AppError::AdmissionRefused {
                    failed, entries, ..
                } => {
                    ext.set(
                        "failedChecks",
                        failed
                            .iter()
                            .map(|rule| async_graphql::Value::from(rule.code()))
                            .collect::<Vec<_>>(),
                    );
                    if !entries.is_empty() {
                        ext.set("entries", refused_entries(entries));
                    }
                }
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

/// `err` as a request-level GraphQL error (for refusals made before execution).
pub fn server_error(err: &AppError) -> async_graphql::ServerError {
    let extended = err.extend();
    let mut error = async_graphql::ServerError::new(extended.message, None);
    error.extensions = extended.extensions;
    error
}

/// `extensions.entries` of a refused approval: each entry's id and failed rules.
fn refused_entries(entries: &[(i64, Vec<crate::domain::rule::Rule>)]) -> async_graphql::Value {
    async_graphql::Value::List(
        entries
            .iter()
            .map(|(id, rules)| {
                let mut object = async_graphql::indexmap::IndexMap::new();
                object.insert(
                    async_graphql::Name::new("entryId"),
                    async_graphql::Value::from(id.to_string()),
                );
                object.insert(
                    async_graphql::Name::new("failedChecks"),
                    async_graphql::Value::List(
                        rules
                            .iter()
                            .map(|r| async_graphql::Value::from(r.code()))
                            .collect(),
                    ),
                );
                async_graphql::Value::Object(object)
            })
            .collect(),
    )
}
