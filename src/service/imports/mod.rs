//! Imports of the officials' tables: the mine registry, and a county plan's
//! attachments. A dry run reads and checks everything and writes nothing; a commit does
//! the same inside one write transaction and writes only when no row has a problem, so a
//! file lands whole or not at all. Re-importing a file changes nothing (mines are matched
//! by licence number).

pub mod attachments;
pub mod mines;
pub mod read;

use crate::domain::import::Problem;
pub use crate::domain::import::registry::FieldChange;

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
    /// The problems; when there is any, nothing was written.
    pub problems: Problems,
    /// Cells read other than literally (a deadline naming a period), said back.
    pub readings: Problems,
    /// What each row creates or changes, in sheet order, at most the first
    /// [`MAX_LISTED_PROBLEMS`]: a dry run shows it before anything is written.
    pub changes: Vec<RowChange>,
}

impl ImportReport {
    /// Records what a row creates or changes (listed up to the cap; counted regardless).
    pub fn tell(&mut self, change: RowChange) {
        match change.action {
            RowAction::Create => self.created += 1,
            RowAction::Update => self.updated += 1,
        }
        if self.changes.len() < MAX_LISTED_PROBLEMS {
            self.changes.push(change);
        }
    }
}

/// Whether a row creates a record or changes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Create,
    Update,
}

/// What one row creates or changes: the mine, block or entry it is about, and for a change
/// each column old → new.
#[derive(Debug, Clone, PartialEq)]
pub struct RowChange {
    /// The sheet row, counting from 1.
    pub row: u32,
    pub action: RowAction,
    /// The mine (name and licence number) or block the row is about.
    pub subject: String,
    /// For an update, each column it changes.
    pub fields: Vec<FieldChange>,
}

/// The most problems a report lists: a file whose every cell is wrong would otherwise
/// answer with a report many times its own size.
pub const MAX_LISTED_PROBLEMS: usize = 1_000;

/// An import's problems: every one counted, the first [`MAX_LISTED_PROBLEMS`] listed (in
/// sheet order, which is the order they are found).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    listed: Vec<Problem>,
    total: usize,
}

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED_PROBLEMS {
            self.listed.push(problem);
        }
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        for problem in problems {
            self.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many problems were found, listed or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The problems listed.
    pub fn listed(&self) -> &[Problem] {
        &self.listed
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        let mut all = Self::default();
        all.extend(problems);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_counted_and_the_first_thousand_listed() {
        let mut problems = Problems::default();
        assert!(problems.is_empty());
        problems.extend((0..1_500).map(|row| Problem::new(row, "列", "错")));
        assert_eq!(problems.total(), 1_500);
        assert_eq!(problems.listed().len(), MAX_LISTED_PROBLEMS);
        assert_eq!(problems.listed()[999].row, 999);
        assert!(!problems.is_empty());
    }
}
