//! mineright: a GraphQL backend for planning the rectification of non-coal mines and the
//! public transfer of new mining rights (晋市政办〔2024〕41号).
//!
//! Module map:
//! - [`domain`]: pure rules and parsed facts (rule IDs of docs/rules.md), access decisions.
//! - [`service`]: use cases; one transaction each, scope-checked and audited.
//! - [`graphql`]: schema, limits, loaders and thin resolvers.
//! - [`http`]: the axum router and its layers.
//! - [`auth`]: Ed25519 keys, token minting and verification.
//! - [`app`], [`config`], [`db`], [`telemetry`], [`cli`]: process plumbing.
//! - [`clock`]: the one source of "now" and of the plan's calendar day.
//! - [`demo`]: the fictional demo data set behind `--demo`.
//! - [`error`]: the one service-layer error and its mapping to `extensions.code`.

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod exports;
pub mod graphql;
pub mod http;
pub mod service;
pub mod state;
pub mod synthetic;
pub mod telemetry;
