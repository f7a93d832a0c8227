//! Operations under load, against the built binary: fair use while one token is greedy.
//! Each test measures latency, so they run one at a time (the [`SERIAL`] lock) and in a
//! test binary of their own, never beside the API suite's hundreds of tests.

// Shared with the end-to-end suite, which uses all of it.
#[allow(dead_code)]
#[path = "../e2e/binary.rs"]
mod binary;
#[path = "../support/database.rs"]
mod database;

mod fair_use;

/// Held for the whole of each test here: no two load tests share the cores.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
