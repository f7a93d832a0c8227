//! `mineright export …` and `mineright import mines …`: the officials' paper from the
//! command line, on the configured database, acting as the deployment's operator (who
//! holds the database anyway), audited as `system:cli`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::app::open_state;
use crate::cli::report;
use crate::clock::SystemClock;
use crate::config::Config;
use crate::domain::access::{Caller, Role};
use crate::error::AppError;
use crate::exports::{self, Workbook, attachments::Attachment};
use crate::service::imports::{ImportReport, attachments, mines};
use crate::service::uploads::Upload;
use crate::state::AppState;
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
    /// Print the report as JSON (the API's field names) instead of a table.
    #[arg(long)]
    json: bool,
    /// The workbook (XLSX, XLS, ODS or CSV).
    file: PathBuf,
}

#[derive(Args)]
pub struct ImportAttachmentArgs {
    #[command(flatten)]
    import: ImportArgs,
    /// The plan revision (drafted or returned) the entries go into.
    #[arg(long)]
    plan: i64,
    /// 2, 3 or 4.
    #[arg(long)]
    number: i32,
}

/// The deployment's operator at the command line: the city admin of every city.
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
            .map_err(|err| format!("cannot write {}: {err}", args.out.display()))?;
        Ok(workbook)
    }) {
        Ok(workbook) => {
            // Says what the file holds (the title it would download under) and where it went.
            eprintln!(
                "mineright export: wrote “{}” ({} bytes) to {}",
                workbook.file_name,
                workbook.bytes.len(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mineright export: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `mineright import mines FILE`: prints the report as a table (as JSON with
/// `--json`); exits 1 when a row has a problem (nothing is then written).
pub async fn import_mines(args: ImportArgs) -> ExitCode {
    run_import(&args, async |state, bytes| {
        mines::import(state, Some(&operator()), from_file(bytes), args.dry_run).await
    })
    .await
}

/// Runs `mineright import attachment --plan ID --number N FILE`, as `import mines`.
pub async fn import_attachment(args: ImportAttachmentArgs) -> ExitCode {
    let (plan, number, dry_run) = (args.plan, args.number, args.import.dry_run);
    run_import(&args.import, async |state, bytes| {
        // Plans are the county's to write: the command acts as that county's official.
        let county = attachments::plan_county(state, plan)
            .await?
            .ok_or(AppError::NotFound("县级整治方案"))?;
        let official = Caller {
            role: Role::CountyOfficial,
            county: Some(county),
            ..operator()
        };
        attachments::import(
            state,
            Some(&official),
            plan,
            number,
            from_file(bytes),
            dry_run,
        )
        .await
    })
    .await
}

/// The file the command read, as an upload.
fn from_file(bytes: Vec<u8>) -> Upload {
    Upload::from_bytes("", bytes)
}

/// Reads the file (within the upload limit), opens the state, runs `import` and prints
/// its report.
async fn run_import(
    args: &ImportArgs,
    import: impl AsyncFnOnce(&AppState, Vec<u8>) -> Result<ImportReport, AppError>,
) -> ExitCode {
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
        import(&state, bytes).await.map_err(|err| describe(&err))
    }
    .await;
    match result {
        Ok(report) => {
            let printed = if args.json {
                report::as_json(&report).to_string()
            } else {
                report::as_table(&report)
            };
            // A closed pipe (`| head`) is the reader's choice, not a failure to report.
            let _ = writeln!(std::io::stdout(), "{}", printed.trim_end());
            if report.problems.is_empty() {
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
