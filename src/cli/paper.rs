//! `mineright export …` and `mineright import mines …`: the officials' paper from the
//! command line, on the configured database, acting as the deployment's operator (who
//! holds the database anyway), audited as `system:cli`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::app::open_state;
use crate::clock::SystemClock;
use crate::config::Config;
use crate::domain::access::{Caller, Role};
use crate::error::AppError;
use crate::exports::{self, Workbook, attachments::Attachment};
use crate::service::imports::mines;
use crate::telemetry;

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    config: Config,
    /// Where to write the workbook.
    #[arg(long)]
    out: PathBuf,
    #[command(subcommand)]
    what: ExportWhat,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Attachment 2, 3 or 4 of a county plan revision (or, with --groups, its integration
    /// groups).
    Attachment {
        /// The plan revision's id.
        #[arg(long)]
        plan: i64,
        /// 2, 3 or 4.
        #[arg(long, required_unless_present = "groups")]
        number: Option<i32>,
        /// The integration groups instead of a numbered attachment.
        #[arg(long)]
        groups: bool,
    },
    /// The city transfer plan of a year.
    TransferPlan {
        #[arg(long)]
        year: i32,
        /// City division code (optional while the deployment holds one city).
        #[arg(long)]
        city: Option<String>,
    },
    /// The mine registry with each mine's assessment today.
    Mines {
        /// One county's mines only.
        #[arg(long)]
        county: Option<String>,
    },
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: Config,
    /// Check every row and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The registry workbook (XLSX, XLS, ODS or CSV).
    file: PathBuf,
}

fn operator() -> Caller {
    Caller {
        sub: "system:cli".into(),
        role: Role::CityAdmin,
        city: None,
        county: None,
        department: None,
        jti: "cli".into(),
    }
}

/// Runs `mineright export …`.
pub async fn export(args: ExportArgs) -> ExitCode {
    telemetry::init(args.config.log_format);
    let result: Result<Workbook, String> = async {
        let state = open_state(&args.config, Arc::new(SystemClock))
            .await
            .map_err(|err| err.to_string())?;
        let caller = operator();
        let viewer = Some(&caller);
        let made = match args.what {
            ExportWhat::Attachment {
                plan,
                number,
                groups,
            } => {
                let attachment = if groups {
                    Some(Attachment::Integration)
                } else {
                    number.and_then(Attachment::numbered)
                }
                .ok_or("--number must be 2, 3 or 4")?;
                exports::county_plan(&state, viewer, plan, attachment).await
            }
            ExportWhat::TransferPlan { year, city } => {
                exports::transfer_plan(&state, viewer, year, city.as_deref()).await
            }
            ExportWhat::Mines { county } => {
                exports::registry(&state, viewer, county.as_deref()).await
            }
        };
        made.map_err(|err| describe(&err))
    }
    .await;
    match result.and_then(|workbook| {
        std::fs::write(&args.out, &workbook.bytes)
            .map_err(|err| format!("cannot write {}: {err}", args.out.display()))
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mineright export: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `mineright import mines FILE`: prints the report as JSON; exits 1 when a row has a
/// problem (nothing is then written).
pub async fn import_mines(args: ImportArgs) -> ExitCode {
    telemetry::init(args.config.log_format);
    let result = async {
        let bytes = std::fs::read(&args.file)
            .map_err(|err| format!("cannot read {}: {err}", args.file.display()))?;
        if bytes.len() > args.config.upload_limit {
            return Err(format!(
                "{} is larger than MINERIGHT_UPLOAD_LIMIT ({} bytes)",
                args.file.display(),
                args.config.upload_limit
            ));
        }
        let state = open_state(&args.config, Arc::new(SystemClock))
            .await
            .map_err(|err| err.to_string())?;
        mines::import(&state, Some(&operator()), bytes, args.dry_run)
            .await
            .map_err(|err| describe(&err))
    }
    .await;
    match result {
        Ok(report) => {
            let problems: Vec<serde_json::Value> = report
                .problems
                .iter()
                .map(|p| serde_json::json!({ "row": p.row, "column": p.column, "message": p.message }))
                .collect();
            // A closed pipe (`| head`) is the reader's choice, not a failure to report.
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::json!({
                    "dryRun": report.dry_run,
                    "rowsRead": report.rows_read,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "problems": problems,
                })
            );
            if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("mineright import: {message}");
            ExitCode::FAILURE
        }
    }
}

fn describe(err: &AppError) -> String {
    format!("{}: {}", err.code(), err.message())
}
