//! What an import reports (`ImportReport`).

use async_graphql::SimpleObject;

use crate::service::imports::{ImportReport as Report, Problems};

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
