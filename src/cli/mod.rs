//! The command line: `serve` (the default), `migrate`, `schema`, `token`, `public-key`,
//! `seed-synthetic`, `export`, `import`, `assessments`, `audit`, `backup`, `restore`.

mod assessments;
mod audit;
mod backup;
mod paper;
mod report;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::app::{App, shutdown_signal, token_issuer};
use crate::auth::ttl::parse_ttl;
use crate::auth::{KeyPair, TokenRequest};
use crate::clock::SystemClock;
use crate::config::Config;
use crate::domain::access::Role;
use crate::domain::places::Places;
use crate::infra::db;
use crate::infra::places::PlaceRegistry;
use crate::synthetic::{self, SyntheticPlan};
use crate::{graphql, telemetry};

/// mineright: non-coal mine rectification and mining-right transfer planning.
#[derive(Parser)]
#[command(name = "mineright", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve GraphQL over HTTP (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(ConfigArgs),
    /// Print the GraphQL SDL.
    Schema,
    /// Mint a token; prints the token alone on stdout.
    Token(TokenArgs),
    /// Print the public key that verifies this deployment's tokens (SPKI PEM), for
    /// verifiers elsewhere (a gateway, a trading platform).
    PublicKey(ConfigArgs),
    /// Add a large synthetic registry (benchmarks, capacity checks): reproducible from its
    /// seed, every disposition and rule represented, audited per batch.
    SeedSynthetic(SeedArgs),
    /// Write a workbook: a county plan's attachment, the transfer plan or the registry.
    Export(paper::ExportArgs),
    /// Read a workbook into the database.
    #[command(subcommand)]
    Import(ImportWhat),
    /// Check the stored assessments against a fresh computation, or bring them up to date.
    #[command(subcommand)]
    Assessments(assessments::AssessmentsWhat),
    /// Take the audit chain's head out of the database, signed, or verify the chain
    /// against the checkpoints kept.
    #[command(subcommand)]
    Audit(audit::AuditWhat),
    /// Write a consistent copy of the SQLite database to FILE, while the server serves.
    Backup(backup::BackupArgs),
    /// Put the backup FILE in place as the data dir's database (which must not exist).
    Restore(backup::BackupArgs),
}

#[derive(Subcommand)]
enum ImportWhat {
    /// The mine registry workbook (docs/api.md's columns); mines matched by licence number.
    Mines(paper::ImportArgs),
    /// Attachment 2, 3 or 4 of a county plan into that plan while it is drafted.
    Attachment(paper::ImportAttachmentArgs),
}

#[derive(Args)]
struct SeedArgs {
    #[command(flatten)]
    config: Config,
    /// Mines to add.
    #[arg(long)]
    mines: usize,
    /// Counties to spread them over: 晋城市's six first, then synthetic cities of ten.
    #[arg(long, default_value_t = 6)]
    counties: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    config: Config,
    /// Load the fictional demo data set if the database has no mines.
    #[arg(long)]
    demo: bool,
}

#[derive(Args)]
struct ConfigArgs {
    #[command(flatten)]
    config: Config,
}

#[derive(Args)]
struct TokenArgs {
    #[command(flatten)]
    config: Config,
    /// CITY_ADMIN, CITY_APPROVER, COUNTY_OFFICIAL, DEPARTMENT_REVIEWER, INTEGRATOR or AUDITOR.
    #[arg(long)]
    role: String,
    /// City division code (optional while the deployment holds one city).
    #[arg(long)]
    city: Option<String>,
    /// County division code (required for COUNTY_OFFICIAL).
    #[arg(long)]
    county: Option<String>,
    /// Department code (required for DEPARTMENT_REVIEWER).
    #[arg(long)]
    department: Option<String>,
    /// Subject: who the token is for (default: `cli-<role>`).
    #[arg(long)]
    sub: Option<String>,
    /// Lifetime like 30m, 8h, 7d; at most MINERIGHT_TOKEN_MAX_TTL.
    #[arg(long, default_value = "8h")]
    ttl: String,
}

/// Parses the command line and runs it.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Migrate(args)) => migrate(args.config).await,
        Some(Command::Schema) => {
            print!("{}", graphql::sdl());
            ExitCode::SUCCESS
        }
        Some(Command::Token(args)) => token(args).await,
        Some(Command::PublicKey(args)) => public_key(&args.config),
        Some(Command::SeedSynthetic(args)) => seed_synthetic(args).await,
        Some(Command::Export(args)) => paper::export(args).await,
        Some(Command::Import(ImportWhat::Mines(args))) => paper::import_mines(args).await,
        Some(Command::Import(ImportWhat::Attachment(args))) => paper::import_attachment(args).await,
        Some(Command::Assessments(what)) => assessments::run(what).await,
        Some(Command::Audit(what)) => audit::run(what).await,
        Some(Command::Backup(args)) => backup::backup(args).await,
        Some(Command::Restore(args)) => backup::restore(args).await,
    }
}

async fn seed_synthetic(args: SeedArgs) -> ExitCode {
    telemetry::init(args.config.log_format);
    let plan = SyntheticPlan {
        mines: args.mines,
        counties: args.counties,
        seed: args.seed,
    };
    let started = std::time::Instant::now();
    let result = async {
        let conn = db::connect(&args.config).await?;
        db::migrate(&conn).await?;
        synthetic::seed(&conn, &SystemClock, plan, synthetic::terminal_progress()).await
    }
    .await;
    match result {
        Ok(added) => {
            tracing::info!(
                mines = added,
                seconds = started.elapsed().as_secs_f64(),
                "synthetic mines added"
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            tracing::error!(error = ?err, "seeding failed");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> ExitCode {
    let endpoint = args.config.otlp_endpoint.as_deref();
    if let Err(err) = telemetry::init_with_traces(args.config.log_format, endpoint) {
        eprintln!("mineright: cannot export traces: {err}");
        return ExitCode::FAILURE;
    }
    let app = match App::build(&args.config, args.demo).await {
        Ok(app) => app,
        Err(err) => {
            tracing::error!(error = %err, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    let served = app.run_until(shutdown_signal()).await;
    telemetry::flush();
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "server failed");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(config: Config) -> ExitCode {
    telemetry::init(config.log_format);
    let result = async {
        let conn = db::connect(&config).await?;
        db::migrate(&conn).await
    }
    .await;
    match result {
        Ok(()) => {
            tracing::info!("migrations applied");
            ExitCode::SUCCESS
        }
        Err(err) => {
            tracing::error!(error = %err, "migration failed");
            ExitCode::FAILURE
        }
    }
}

fn public_key(config: &Config) -> ExitCode {
    match KeyPair::load(&config.key_source()) {
        Ok(keys) => {
            print!("{}", keys.public_pem);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("mineright public-key: {err}");
            ExitCode::from(2)
        }
    }
}

async fn token(args: TokenArgs) -> ExitCode {
    match mint(&args).await {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mineright token: {message}");
            ExitCode::from(2)
        }
    }
}

/// Mints a token whose claims name real places of the deployment's database (migrated
/// first, as `serve` would), so that a token the server would refuse is never printed.
async fn mint(args: &TokenArgs) -> Result<String, String> {
    let role = Role::parse(&args.role).ok_or_else(|| {
        let known: Vec<&str> = Role::ALL.iter().map(|role| role.code()).collect();
        format!(
            "unknown role {:?}; expected one of {}",
            args.role,
            known.join(", ")
        )
    })?;
    let ttl = parse_ttl(&args.ttl)
        .ok_or_else(|| format!("--ttl {:?} is not like 30m, 8h or 7d", args.ttl))?;
    std::fs::create_dir_all(&args.config.data_dir)
        .map_err(|err| format!("cannot create data dir: {err}"))?;
    let key = signing_key_file(&args.config);
    let existed = key.exists();
    let issuer = token_issuer(&args.config).map_err(|err| err.to_string())?;
    // A token is only good for a server holding the same key: say which key signed it, so
    // a token minted outside the server's data directory is not a silent mystery (stderr,
    // so `TOKEN=$(mineright token …)` still captures the token alone).
    let shown = std::path::absolute(&key).unwrap_or(key);
    if existed {
        eprintln!("mineright token: signed with {}", shown.display());
    } else {
        eprintln!(
            "mineright token: no key was at {}; a new one was made there. A server started \
             elsewhere refuses this token: run this command in the server's data directory \
             (or pass --data-dir / --jwt-private-key-file)",
            shown.display()
        );
    }
    let request = TokenRequest {
        role,
        sub: args
            .sub
            .clone()
            .unwrap_or_else(|| format!("cli-{}", role.code().to_lowercase())),
        city: args.city.clone(),
        county: args.county.clone(),
        department: args.department.clone(),
        ttl,
    };
    let (token, _jti) = issuer.mint(&request).map_err(|err| err.to_string())?;
    let places = known_places(&args.config).await?;
    let caller = issuer.verify(&token).map_err(|err| err.to_string())?;
    places
        .resolve(caller)
        .map_err(|err| format!("the token's claims name no real place: {err}"))?;
    Ok(token)
}

/// The private key file tokens are signed with: the configured one, else the one the
/// server generates in its data directory.
fn signing_key_file(config: &Config) -> std::path::PathBuf {
    config
        .jwt_private_key_file
        .clone()
        .unwrap_or_else(|| config.data_dir.join(crate::auth::keys::GENERATED_KEY_FILE))
}

async fn known_places(config: &Config) -> Result<Arc<Places>, String> {
    let conn = db::connect(config)
        .await
        .map_err(|err| format!("database: {err}"))?;
    db::migrate(&conn)
        .await
        .map_err(|err| format!("database: {err}"))?;
    let places = PlaceRegistry::load(&conn)
        .await
        .map(|registry| registry.current())
        .map_err(|err| format!("reference data: {err:?}"));
    conn.close().await.ok();
    places
}
