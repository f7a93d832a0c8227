//! Admission into the city transfer plan (docs/rules.md): site surveys, clean-mine
//! confirmation, eligibility, admission with its quota and caps held against concurrent
//! admissions, and the transfer plans themselves.

pub mod admit;
pub mod approval;
pub mod authority_table;
pub mod clean;
pub mod closures;
pub mod delegation;
pub mod entries;
pub mod facts;
pub mod feed;
pub mod outlook;
pub mod places;
pub mod production;
pub mod registration;
pub mod settings;
pub mod standing;
pub mod surveys;
pub mod transfer;
pub mod withdraw;
