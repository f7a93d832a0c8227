//! The duties that follow an approved plan (docs/rules.md): created at approval from the duty
//! kinds in force, completed one by one (a completed closure closes the mine, a completed
//! integration creates the unified mine and closes its members into it), and listed when
//! overdue.

mod completion;
mod creation;
mod kinds;
mod overdue;
mod unification;

pub use completion::{Completed, complete};
pub use creation::create_for;
pub use kinds::kinds;
pub use overdue::overdue;
