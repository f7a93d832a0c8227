//! The audit chain outside the database: the head signed for a second party to keep, and
//! a verification that holds today's chain to every checkpoint kept since (docs/operations.md,
//! "Audit checkpoints").

use std::collections::HashMap;

use chrono::SecondsFormat;
use entity::audit_log;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::audit_chain::{Checkpoint, checkpoint_problem};
use crate::error::{AppError, AppResult};
use crate::service::audit::{ChainStatus, head, walk};
use crate::state::AppState;

/// The chain's head now, signed: the checkpoint and its signed form.
pub async fn checkpoint(state: &AppState) -> AppResult<(Checkpoint, String)> {
    let head = head(&state.db).await?;
    let checkpoint = Checkpoint {
        seq: head.seq,
        hash: head.last_hash,
        at: state.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let signed = state
        .tokens
        .sign_checkpoint(&checkpoint)
        .map_err(|err| AppError::internal(format!("cannot sign the checkpoint: {err}")))?;
    Ok((checkpoint, signed))
}

/// Today's chain, and what it says of each checkpoint (in the order given).
pub struct CheckpointReport {
    /// The chain walked from the first entry.
    pub chain: ChainStatus,
    /// Each checkpoint with its problem, `None` when history up to it is unchanged.
    pub checkpoints: Vec<(Checkpoint, Option<String>)>,
}

/// Checkpoints looked up per statement (well inside SQLite's bound on parameters).
const LOOKUP_BATCH: usize = 1_000;

/// Walks the chain, then compares each checkpoint's hash with the entry stored at its
/// sequence number (one statement per thousand checkpoints).
pub async fn verify(
    db: &DatabaseConnection,
    checkpoints: Vec<Checkpoint>,
) -> AppResult<CheckpointReport> {
    let chain = walk(db).await?;
    let mut stored: HashMap<i64, String> = HashMap::new();
    for batch in checkpoints.chunks(LOOKUP_BATCH) {
        let rows = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Seq)
            .column(audit_log::Column::Hash)
            .filter(audit_log::Column::Seq.is_in(batch.iter().map(|c| c.seq)))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        stored.extend(rows);
    }
    let checkpoints = checkpoints
        .into_iter()
        .map(|checkpoint| {
            let problem =
                checkpoint_problem(&checkpoint, stored.get(&checkpoint.seq).map(String::as_str));
            (checkpoint, problem)
        })
        .collect();
    Ok(CheckpointReport { chain, checkpoints })
}
