//! Router-level integration tests: each test starts the real app on port 0 with its own
//! database (a temporary SQLite file, or a fresh PostgreSQL database when
//! `MINERIGHT_TEST_DATABASE_URL` is set) and talks HTTP to it.

mod admission;
mod assessment;
mod audit;
mod authority_table;
mod authorization;
mod backups;
mod block_life;
mod blocks;
mod browser;
mod closure_counting;
mod complete_lists;
mod composition;
mod concurrency;
mod cross_county;
mod database;
mod demo;
mod entry_life;
mod expensive_fields;
mod exports;
mod fixtures;
mod frozen_exports;
mod helpers;
#[path = "../support/hostile.rs"]
mod hostile;
mod hostile_documents;
mod hostile_files;
mod hostile_input;
mod http_surface;
mod imports;
mod instances;
mod introspection;
mod layers;
mod maps;
mod metrics;
mod mine_boundaries;
mod mines;
mod office;
mod paper_forms;
mod planning_cap;
mod plans;
mod races;
mod rechecks;
mod rectification_progress;
mod scans;
mod schema_drift;
mod shapefiles;
mod standards;
mod statements;
mod stored_assessments;
mod stored_reads;
mod synthetic;
mod tokens;
mod violations;
mod webhook;
pub(crate) mod websocket;
