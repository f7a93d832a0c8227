//! `mineright audit checkpoint` and `mineright audit verify` (docs/operations.md, "Audit
//! checkpoints"): the chain's head leaves the database, signed, for a second party to keep;
//! a later verification holds the chain to every checkpoint kept, which shows a rewrite of
//! history even when the whole table was rewritten consistently.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};

use crate::app::open_state;
use crate::clock::SystemClock;
use crate::config::Config;
use crate::domain::audit_chain::Checkpoint;
use crate::service::audit_checkpoints::{self, CheckpointReport};
use crate::state::AppState;
use crate::telemetry;

#[derive(Subcommand)]
pub enum AuditWhat {
    /// Sign the chain's head (count, hash, time) with the deployment's key and write it to
    /// a directory and/or POST it to a URL that a second party keeps.
    Checkpoint(CheckpointArgs),
    /// Walk the chain from its first entry; with --checkpoints, hold it to every checkpoint
    /// in the directory. Exits 1 on any break, rewrite or checkpoint not signed by this
    /// deployment.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub struct CheckpointArgs {
    #[command(flatten)]
    config: Config,
    /// Directory to write the checkpoint file into (a new file, never one overwritten).
    #[arg(long)]
    out: Option<PathBuf>,
    /// URL the checkpoint is POSTed to as JSON.
    #[arg(long)]
    url: Option<String>,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    config: Config,
    /// Directory of checkpoint files (`*.json`) to hold the chain to.
    #[arg(long)]
    checkpoints: Option<PathBuf>,
}

/// A checkpoint file: the checkpoint readable, and signed. Only the signed form is
/// trusted; the readable fields must agree with it.
#[derive(Serialize, Deserialize)]
struct CheckpointFile {
    #[serde(flatten)]
    checkpoint: Checkpoint,
    signed: String,
}

/// Runs `mineright audit …`.
pub async fn run(what: AuditWhat) -> ExitCode {
    let config = match &what {
        AuditWhat::Checkpoint(args) => &args.config,
        AuditWhat::Verify(args) => &args.config,
    };
    telemetry::init(config.log_format);
    let state = match open_state(config, Arc::new(SystemClock)).await {
        Ok(state) => state,
        Err(err) => return failed(&err.to_string()),
    };
    let result = match &what {
        AuditWhat::Checkpoint(args) => checkpoint(&state, args).await,
        AuditWhat::Verify(args) => verify(&state, args).await,
    };
    result.unwrap_or_else(|why| failed(&why))
}

fn failed(why: &str) -> ExitCode {
    eprintln!("mineright audit: {why}");
    ExitCode::FAILURE
}

async fn checkpoint(state: &AppState, args: &CheckpointArgs) -> Result<ExitCode, String> {
    if args.out.is_none() && args.url.is_none() {
        return Err("say where the checkpoint goes: --out DIR and/or --url URL".into());
    }
    let (checkpoint, signed) = audit_checkpoints::checkpoint(state)
        .await
        .map_err(|err| err.message())?;
    let file = CheckpointFile { checkpoint, signed };
    let json = serde_json::to_string_pretty(&file).map_err(|err| err.to_string())?;
    let mut out = std::io::stdout();
    if let Some(dir) = &args.out {
        let path = dir.join(file_name(&file.checkpoint));
        write_new(&path, &json)?;
        let _ = writeln!(out, "{}", path.display());
    }
    if let Some(url) = &args.url {
        let response = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(json.clone())
            .send()
            .await
            .map_err(|err| format!("cannot POST the checkpoint to {url}: {err}"))?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        let _ = writeln!(out, "sent to {url}");
    }
    let _ = writeln!(
        out,
        "checkpoint: entry {} hash {} at {}",
        file.checkpoint.seq, file.checkpoint.hash, file.checkpoint.at
    );
    Ok(ExitCode::SUCCESS)
}

/// `audit-000000000042-20261206T040000Z.json`: sorted by position, then time.
fn file_name(checkpoint: &Checkpoint) -> String {
    let at: String = checkpoint
        .at
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("audit-{:012}-{at}.json", checkpoint.seq)
}

fn write_new(path: &Path, json: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| format!("cannot create {}: {err}", path.display()))?;
    file.write_all(json.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|err| format!("cannot write {}: {err}", path.display()))
}

/// Every checkpoint file in `dir`, opened with the deployment's key; a file that does not
/// open (unreadable, not signed by this deployment, its readable fields not what it signed)
/// is a problem of its own.
fn read_checkpoints(
    state: &AppState,
    dir: &Path,
) -> Result<(Vec<Checkpoint>, Vec<String>), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| format!("cannot read {}: {err}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    entries.sort();
    let (mut checkpoints, mut problems) = (Vec::new(), Vec::new());
    for path in entries {
        let opened = std::fs::read_to_string(&path)
            .map_err(|err| err.to_string())
            .and_then(|text| {
                serde_json::from_str::<CheckpointFile>(&text).map_err(|e| e.to_string())
            })
            .and_then(|file| {
                let signed = state
                    .tokens
                    .open_checkpoint(&file.signed)
                    .map_err(|err| format!("not signed by this deployment's key ({err})"))?;
                if signed == file.checkpoint {
                    Ok(signed)
                } else {
                    Err("its fields differ from what it signed".into())
                }
            });
        match opened {
            Ok(checkpoint) => checkpoints.push(checkpoint),
            Err(why) => problems.push(format!("{}: {why}", path.display())),
        }
    }
    Ok((checkpoints, problems))
}

async fn verify(state: &AppState, args: &VerifyArgs) -> Result<ExitCode, String> {
    let (checkpoints, mut problems) = match &args.checkpoints {
        Some(dir) => read_checkpoints(state, dir)?,
        None => (Vec::new(), Vec::new()),
    };
    let CheckpointReport { chain, checkpoints } = audit_checkpoints::verify(&state.db, checkpoints)
        .await
        .map_err(|err| err.message())?;
    let mut out = std::io::stdout();
    match &chain.broken {
        None => {
            let _ = writeln!(
                out,
                "chain: {} entries verify, head {}",
                chain.checked, chain.head_hash
            );
        }
        Some(broken) => problems.push(format!(
            "chain broken at entry {}: {}",
            broken.seq, broken.problem
        )),
    }
    let held = checkpoints.iter().filter(|(_, p)| p.is_none()).count();
    problems.extend(checkpoints.into_iter().filter_map(|(_, problem)| problem));
    if args.checkpoints.is_some() {
        let _ = writeln!(out, "checkpoints: {held} hold");
    }
    for problem in &problems {
        let _ = writeln!(out, "PROBLEM {problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
