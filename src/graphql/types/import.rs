//! What an import reports (`ImportReport`).

use async_graphql::{Enum, SimpleObject};

use crate::service::imports::{ImportReport as Report, Problems, RowAction, RowChange};

/// One refused cell, row or file: the sheet row (header = 1 when the sheet has no title
/// lines), the column as the layout heads it, and what to fix.
#[derive(SimpleObject)]
pub struct ImportProblem {
    /// The sheet row (header = 1 when the sheet has no title lines).
    pub row: i32,
    /// The column, as the layout heads it.
    pub column: String,
    /// What is wrong, and what to fix.
    pub message: String,
}

/// How a cell that named a period was read (「2025年6月」 as 2025-06-30): the row, the
/// column, and the reading, for the clerk to confirm.
#[derive(SimpleObject)]
pub struct ImportReading {
    /// The sheet row (header = 1 when the sheet has no title lines).
    pub row: i32,
    /// The column, as the layout heads it.
    pub column: String,
    /// What the cell held and the day it was read as.
    pub message: String,
}

/// Whether a row creates a record or changes one.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    /// A new mine, plan entry or block.
    Create,
    /// An existing mine's columns changed.
    Update,
}

/// One column a row changes, as the sheet writes it before and after.
#[derive(SimpleObject)]
pub struct ImportFieldChange {
    /// The column, as the layout heads it.
    pub column: String,
    /// What the registry holds now, as paper writes it (empty when not set).
    pub from: String,
    /// What the row makes it.
    pub to: String,
}

/// What one row creates or changes.
#[derive(SimpleObject)]
pub struct ImportChange {
    /// The sheet row (header = 1 when the sheet has no title lines).
    pub row: i32,
    /// Whether the row creates a record or changes one.
    pub action: ImportAction,
    /// The mine (name and licence number) or block the row is about.
    pub subject: String,
    /// For an update, each column it changes, old → new.
    pub fields: Vec<ImportFieldChange>,
}

impl From<RowChange> for ImportChange {
    fn from(change: RowChange) -> Self {
        Self {
            row: i32::try_from(change.row).unwrap_or(i32::MAX),
            action: match change.action {
                RowAction::Create => ImportAction::Create,
                RowAction::Update => ImportAction::Update,
            },
            subject: change.subject,
            fields: change
                .fields
                .into_iter()
                .map(|f| ImportFieldChange {
                    column: f.column.into(),
                    from: f.from,
                    to: f.to,
                })
                .collect(),
        }
    }
}

/// What an import did, or in a dry run would do (for the rows without problems); with
/// any problem a commit writes nothing and counts nothing.
#[derive(SimpleObject)]
pub struct ImportReport {
    /// Whether this was a dry run, which writes nothing.
    pub dry_run: bool,
    /// Data rows read below the header.
    pub rows_read: i32,
    /// Records (mines or plan entries) created, or that a dry run would create.
    pub created: i32,
    /// Existing mines changed, or that a dry run would change.
    pub updated: i32,
    /// Rows that change nothing (a re-import).
    pub unchanged: i32,
    /// The problems in sheet order, at most the first 1,000.
    pub problems: Vec<ImportProblem>,
    /// How many problems were found, listed or not.
    pub problem_count: i32,
    /// Cells read other than literally (a deadline naming a period), at most the first
    /// 1,000.
    pub readings: Vec<ImportReading>,
    /// What each row creates or changes, in sheet order, at most the first 1,000: a dry
    /// run says which mine or block each row is about and every column it would change,
    /// old → new.
    pub changes: Vec<ImportChange>,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<Report> for ImportReport {
    fn from(report: Report) -> Self {
        Self {
            dry_run: report.dry_run,
            rows_read: count(report.rows_read),
            created: count(report.created),
            updated: count(report.updated),
            unchanged: count(report.unchanged),
            problem_count: count(report.problems.total()),
            problems: listed(&report.problems, |row, column, message| ImportProblem {
                row,
                column,
                message,
            }),
            readings: listed(&report.readings, |row, column, message| ImportReading {
                row,
                column,
                message,
            }),
            changes: report.changes.into_iter().map(Into::into).collect(),
        }
    }
}

/// The listed cells of `list`, each made by `make` from its row, column and message.
fn listed<T>(list: &Problems, make: fn(i32, String, String) -> T) -> Vec<T> {
    list.listed()
        .iter()
        .map(|p| {
            let row = i32::try_from(p.row).unwrap_or(i32::MAX);
            make(row, p.column.clone(), p.message.clone())
        })
        .collect()
}
