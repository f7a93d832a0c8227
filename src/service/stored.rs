//! Codes read back from the database: parsed at the boundary, and loud when they do not
//! parse.

use crate::error::{AppError, AppResult};

/// A stored code, parsed; one the domain does not know is a corrupt row, reported with its
/// table, row and value (in the log; the caller sees `INTERNAL`), never silently skipped.
pub fn stored_code<T>(
    parse: impl FnOnce(&str) -> Option<T>,
    table: &str,
    column: &str,
    id: impl std::fmt::Display,
    value: &str,
) -> AppResult<T> {
    parse(value).ok_or_else(|| {
        AppError::internal(format!(
            "{table} row {id}: column {column} holds unknown code {value:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::OperatingStatus;

    #[test]
    fn an_unknown_stored_code_is_an_internal_error_naming_table_row_and_value() {
        assert!(matches!(
            stored_code(OperatingStatus::parse, "mines", "status", 7, "PRODUCING"),
            Ok(OperatingStatus::Producing)
        ));
        match stored_code(OperatingStatus::parse, "mines", "status", 7, "BOGUS") {
            Err(AppError::Internal(cause)) => {
                assert_eq!(
                    cause,
                    "mines row 7: column status holds unknown code \"BOGUS\""
                );
            }
            other => panic!("expected an internal error, got {other:?}"),
        }
    }
}
