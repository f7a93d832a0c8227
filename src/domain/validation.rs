//! The domain's one error: input that breaks a rule of form, naming the field; and
//! [`Problems`], every such error of one input, so an official fixes them all at once.

use crate::domain::rule::Rule;

/// A rejected input field with a Chinese message an official can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The GraphQL input field name (`productionScale`, `licenceValidUntil`, …).
    pub field: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The rule of docs/rules.md the input breaks (`CLOSE-1`, `UPGRADE-1`, …), when a rule and
    /// not a rule of form refuses it; sent as `extensions.rule`.
    pub rule: Option<Rule>,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
            rule: None,
        }
    }

    /// An error for `field` that breaks the domain rule `rule`.
    pub fn breaking(rule: impl Into<Rule>, field: &str, message: impl Into<String>) -> Self {
        Self {
            rule: Some(rule.into()),
            ..Self::new(field, message)
        }
    }
}

/// Every problem found in one input, in the order its fields were checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problems(Vec<ValidationError>);

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `result`'s value, or records its error and yields `None`.
    pub fn check<T>(&mut self, result: Result<T, ValidationError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.0.push(err);
                None
            }
        }
    }

    /// Records a problem.
    pub fn push(&mut self, err: ValidationError) {
        self.0.push(err);
    }

    /// `value` when nothing was recorded, else every problem.
    pub fn finish<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The problems, first found first.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.0
    }

    /// The fields with problems, in order.
    pub fn fields(&self) -> Vec<&str> {
        self.0.iter().map(|err| err.field.as_str()).collect()
    }
}

impl From<ValidationError> for Problems {
    fn from(err: ValidationError) -> Self {
        Self(vec![err])
    }
}

/// A finite figure within `(min, max)`, both inclusive.
pub fn within(
    value: f64,
    (min, max): (f64, f64),
    field: &str,
    label: &str,
) -> Result<f64, ValidationError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ValidationError::new(
            field,
            format!("{label}须为{min}到{max}之间的有限数值"),
        ))
    }
}
