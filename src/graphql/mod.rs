//! The GraphQL transport: schema, the gate every operation passes (limits, per-request
//! loaders, error shapes), and thin resolvers that take the caller and the database from
//! the context, call one service function and convert.

pub mod context;
pub mod errors;
pub mod gate;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod persisted;
pub mod query;
pub mod schema;
pub mod session;
pub mod subscription;
pub mod types;

pub use gate::{Admitted, ClientAddress, Gate, admitted};
pub use schema::{AppSchema, build_schema, sdl};
