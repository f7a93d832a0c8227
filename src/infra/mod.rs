//! What the use cases stand on and no rule lives in: connections and transactions, the
//! in-memory registries and caches, the event bus and its cross-instance listening, the
//! webhook outbox and sender, and the gates that bound heavy work. Nothing here imports a
//! use case of [`crate::service`]; the arrows run from the services down to here.

pub mod backup;
pub mod capacity;
pub mod db;
pub mod dialect;
pub mod events;
pub mod layers;
pub mod lease;
pub mod listen;
pub mod metrics;
pub mod persisted_queries;
pub mod places;
pub mod rate_limit;
pub mod revocations;
pub mod versions;
pub mod webhook;
pub mod writes;
