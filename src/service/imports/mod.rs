//! Imports of the officials' tables (issue 11): the mine registry, and a county plan's
//! attachments. A dry run reads and checks everything and writes nothing; a commit does
//! the same inside one write transaction and writes only when no row has a problem, so a
//! file lands whole or not at all. Re-importing a file changes nothing (mines are matched
//! by licence number).

pub mod attachments;
pub mod mines;
pub mod table;

use crate::domain::import::Problem;

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read (below the header).
    pub rows_read: usize,
    pub created: usize,
    pub updated: usize,
    /// Rows that change nothing.
    pub unchanged: usize,
    /// Every problem; when there is any, nothing was written.
    pub problems: Vec<Problem>,
}
