//! `mineright assessments verify|refresh`: the stored assessments checked against a fresh
//! computation of every mine, or brought up to date after an offline write (a bulk load).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;

use super::ConfigArgs;
use crate::app::open_state;
use crate::clock::SystemClock;
use crate::service::stored_assessments::catch_up::catch_up;
use crate::service::stored_assessments::verify::verify;
use crate::telemetry;

#[derive(Subcommand)]
pub enum AssessmentsWhat {
    /// Recompute every mine today and list each stored result that differs; exits 1 when
    /// any does.
    Verify(ConfigArgs),
    /// Store every assessment that is not fresh: mines written while no server ran (and
    /// their neighbours), and those stored for another day or standards version.
    Refresh(ConfigArgs),
}

/// Runs `mineright assessments …`.
pub async fn run(what: AssessmentsWhat) -> ExitCode {
    let (config, verifying) = match &what {
        AssessmentsWhat::Verify(args) => (&args.config, true),
        AssessmentsWhat::Refresh(args) => (&args.config, false),
    };
    telemetry::init(config.log_format);
    let state = match open_state(config, Arc::new(SystemClock)).await {
        Ok(state) => state,
        Err(err) => {
            eprintln!("mineright assessments: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout();
    // A closed pipe (`| head`) is the reader's choice, not a failure to report.
    if !verifying {
        return match catch_up(&state).await {
            Ok(count) => {
                let _ = writeln!(out, "stored the assessments of {count} mines");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("mineright assessments refresh: {}", err.message());
                ExitCode::FAILURE
            }
        };
    }
    match verify(&state).await {
        Ok(differences) if differences.is_empty() => {
            let _ = writeln!(out, "every stored assessment equals a fresh computation");
            ExitCode::SUCCESS
        }
        Ok(differences) => {
            let _ = writeln!(out, "{} stored assessments differ:", differences.len());
            for d in &differences {
                let stored =
                    d.stored
                        .as_ref()
                        .map_or("none".to_owned(), |(disposition, digest)| {
                            format!("{disposition} {}", &digest[..12.min(digest.len())])
                        });
                let (disposition, digest) = &d.fresh;
                let _ = writeln!(
                    out,
                    "mine {}: stored {stored}, fresh {disposition} {}",
                    d.mine_id,
                    &digest[..12.min(digest.len())]
                );
            }
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("mineright assessments verify: {}", err.message());
            ExitCode::FAILURE
        }
    }
}
