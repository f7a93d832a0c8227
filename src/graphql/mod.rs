//! The GraphQL transport: schema, limits, per-request loaders, and thin resolvers that take
//! the caller and the database from the context, call one service function and convert.

pub mod context;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod schema;
pub mod session;
pub mod types;

pub use schema::{AppSchema, build_schema, sdl};
