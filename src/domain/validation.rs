//! The domain's one error: input that breaks a rule of form, naming the field.

/// A rejected input field with a Chinese message an official can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The GraphQL input field name (`productionScale`, `licenceValidUntil`, …).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}
