//! GraphQL types, separate from entities so that a column change never silently changes the
//! public API.

pub mod audit;
pub mod block;
pub mod block_patch;
mod block_reading;
pub mod boundary;
pub mod campaign;
pub mod connection;
pub mod date;
pub mod enums;
pub mod import;
pub mod layer;
pub mod mines;
pub mod plan;
pub mod reference;
pub mod scan;
pub mod standards;
pub mod transfer;
pub mod viewer;
pub mod webhook;
