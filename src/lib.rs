//! mineright: a GraphQL backend for planning the rectification of non-coal mines and the
//! public transfer of new mining rights (晋市政办〔2024〕41号).
//!
//! Module map (the arrows run down this list: a module uses those below it, never above):
//! - [`cli`], [`app`]: the commands and the server's start-up.
//! - [`http`]: the axum router, its layers, uploads, exports and the browser page.
//! - [`graphql`]: schema, limits, loaders, the error mapping and thin resolvers.
//! - [`exports`]: the officials' workbooks written from service data.
//! - [`demo`], [`synthetic`]: the demo data set behind `--demo` and the synthetic registry
//!   of the benchmarks.
//! - [`service`]: use cases, one folder or file per feature; one transaction each,
//!   scope-checked and audited.
//! - [`state`]: what every request shares.
//! - [`infra`]: connections, transactions and the SQLite/PostgreSQL dialect, in-memory
//!   registries and caches, the event bus, the webhook outbox, the gates on heavy work.
//! - [`telemetry`], [`config`]: logging and settings.
//! - [`auth`]: Ed25519 keys, token minting and verification.
//! - [`error`]: the one service-layer error, its codes and messages.
//! - [`domain`]: pure rules and parsed facts (rule IDs of docs/rules.md), access decisions.
//! - [`clock`]: the one source of "now" and of the plan's calendar day.

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod exports;
pub mod graphql;
pub mod http;
pub mod infra;
pub mod service;
pub mod state;
pub mod synthetic;
pub mod telemetry;
