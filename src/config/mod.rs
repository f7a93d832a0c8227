//! Configuration: environment variables (`MINERIGHT_*`) or the equivalent flags, one struct
//! shared by `serve`, `migrate` and `token` so that they always agree on keys and database.

use std::path::PathBuf;
use std::time::Duration;

use crate::auth::keys::KeySource;
use crate::auth::ttl::parse_ttl;

mod budgets;

pub use budgets::{Budget, Budgets};

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default issuer and audience of tokens.
pub const DEFAULT_JWT_NAME: &str = "mineright";
/// Default and maximum token lifetime accepted by `mineright token`.
pub const DEFAULT_TOKEN_MAX_TTL: &str = "30d";
/// Default end-to-end limit on one HTTP request.
pub const DEFAULT_REQUEST_TIMEOUT: &str = "30s";
/// How long a whole-county assessment waits for a place by default.
pub const DEFAULT_SCAN_WAIT: &str = "5s";
/// How often a server looks for stored assessments to catch up (a new day, a version in force).
pub const DEFAULT_CATCH_UP_EVERY: &str = "60s";
/// Default limit on one multipart upload (docs/api.md).
pub const DEFAULT_UPLOAD_LIMIT: &str = "20MiB";
/// Uploads read at once: each may hold its file and the cells of its first sheet.
pub const DEFAULT_CONCURRENT_UPLOADS: usize = 2;
/// How long an upload waits for a place.
pub const DEFAULT_UPLOAD_WAIT: &str = "2s";
/// Stamped scans one record may hold.
pub const DEFAULT_SCAN_QUOTA_PER_RECORD: &str = "100MiB";
/// Stamped scans one official may bring.
pub const DEFAULT_SCAN_QUOTA_PER_OFFICIAL: &str = "2GiB";
/// How long in-flight requests and open WebSockets get to finish after SIGTERM.
pub const DEFAULT_SHUTDOWN_GRACE: &str = "25s";
/// Database pool size.
pub const DEFAULT_DB_MAX_CONNECTIONS: u32 = 10;

/// How SQLite flushes commits. FULL (default) survives power loss; NORMAL is faster in WAL
/// mode but may lose the last commits on power loss (never on a process crash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SqliteSync {
    /// `synchronous=FULL`: every commit is on disk before it returns (default).
    Full,
    /// `synchronous=NORMAL`: faster in WAL mode; a power loss may drop the last commits.
    Normal,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (coloured only on a terminal).
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Everything a process of mineright reads from its environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the bound address is logged).
    #[arg(long, env = "MINERIGHT_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: String,
    /// Directory holding `mineright.db` and the generated key.
    #[arg(long, env = "MINERIGHT_DATA_DIR", default_value = ".")]
    pub data_dir: PathBuf,
    /// Database URL overriding the embedded SQLite file, e.g. `postgres://user@host/db`.
    #[arg(long, env = "MINERIGHT_DATABASE_URL")]
    pub database_url: Option<String>,
    /// PKCS#8 PEM Ed25519 private key (required when several instances share a database).
    #[arg(long, env = "MINERIGHT_JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<PathBuf>,
    /// PEM public key; alone, this instance verifies an external provider's tokens.
    #[arg(long, env = "MINERIGHT_JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,
    /// Token issuer (`iss`).
    #[arg(long, env = "MINERIGHT_JWT_ISSUER", default_value = DEFAULT_JWT_NAME)]
    pub jwt_issuer: String,
    /// Token audience (`aud`).
    #[arg(long, env = "MINERIGHT_JWT_AUDIENCE", default_value = DEFAULT_JWT_NAME)]
    pub jwt_audience: String,
    /// Longest lifetime `mineright token --ttl` accepts.
    #[arg(long, env = "MINERIGHT_TOKEN_MAX_TTL", default_value = DEFAULT_TOKEN_MAX_TTL, value_parser = duration)]
    pub token_max_ttl: Duration,
    /// How long in-flight requests and open WebSockets get to finish after SIGTERM or
    /// SIGINT; then the server exits regardless (keep it below the supervisor's stop timeout).
    #[arg(long, env = "MINERIGHT_SHUTDOWN_GRACE", default_value = DEFAULT_SHUTDOWN_GRACE, value_parser = duration)]
    pub shutdown_grace: Duration,
    /// Longest time one HTTP request may take.
    #[arg(long, env = "MINERIGHT_REQUEST_TIMEOUT", default_value = DEFAULT_REQUEST_TIMEOUT, value_parser = duration)]
    pub request_timeout: Duration,
    /// SQLite `synchronous` setting.
    #[arg(
        long,
        env = "MINERIGHT_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value = "full"
    )]
    pub sqlite_synchronous: SqliteSync,
    /// Database connection pool size.
    #[arg(long, env = "MINERIGHT_DB_MAX_CONNECTIONS", default_value_t = DEFAULT_DB_MAX_CONNECTIONS)]
    pub db_max_connections: u32,
    /// Base URL of an OpenTelemetry collector's OTLP/HTTP receiver (e.g.
    /// `http://collector:4318`): traces are exported there as JSON; none: no traces.
    #[arg(long, env = "MINERIGHT_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,
    /// Log format.
    #[arg(long, env = "MINERIGHT_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Whole-county or whole-city assessments run at once (default: one per core).
    #[arg(long, env = "MINERIGHT_MAX_CONCURRENT_SCANS")]
    pub max_concurrent_scans: Option<usize>,
    /// Origins (`https://host[:port]`, comma-separated) whose pages may call the API from a
    /// browser; none by default.
    #[arg(long, env = "MINERIGHT_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// How long a scan waits for a place before answering `SERVER_BUSY`.
    #[arg(long, env = "MINERIGHT_SCAN_WAIT", default_value = DEFAULT_SCAN_WAIT, value_parser = duration)]
    pub scan_wait: Duration,
    /// How often the server looks for stored assessments that are no longer fresh (a new
    /// day in Asia/Shanghai, a standards version come into force) and stores them again.
    #[arg(long, env = "MINERIGHT_ASSESSMENT_CATCH_UP_EVERY", default_value = DEFAULT_CATCH_UP_EVERY, value_parser = duration)]
    pub assessment_catch_up_every: Duration,
    /// URL that published transfer-plan events are POSTed to (none: no webhook).
    #[arg(long, env = "MINERIGHT_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Key of the HMAC-SHA256 signature of each webhook body (required with the URL).
    #[arg(long, env = "MINERIGHT_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<Secret>,
    /// Largest multipart upload (an import, a scan), like `20MiB`, `512KiB` or bytes.
    #[arg(long, env = "MINERIGHT_UPLOAD_LIMIT", default_value = DEFAULT_UPLOAD_LIMIT, value_parser = byte_size)]
    pub upload_limit: usize,
    /// Uploads (imports and stamped scans) read at once; a further one waits.
    #[arg(long, env = "MINERIGHT_MAX_CONCURRENT_UPLOADS", default_value_t = DEFAULT_CONCURRENT_UPLOADS)]
    pub max_concurrent_uploads: usize,
    /// How long an upload waits for a place before answering `SERVER_BUSY`.
    #[arg(long, env = "MINERIGHT_UPLOAD_WAIT", default_value = DEFAULT_UPLOAD_WAIT, value_parser = duration)]
    pub upload_wait: Duration,
    /// Stamped scans one record may hold in all, like `100MiB`.
    #[arg(long, env = "MINERIGHT_SCAN_QUOTA_PER_RECORD", default_value = DEFAULT_SCAN_QUOTA_PER_RECORD, value_parser = byte_size)]
    pub scan_quota_per_record: usize,
    /// Whether callers without a token may introspect the schema (`__schema`, `__type`,
    /// `/schema.graphql`); `false` keeps the schema to officials and integrators.
    #[arg(long, env = "MINERIGHT_ANONYMOUS_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub anonymous_introspection: bool,
    /// Bearer token that reads `/metrics` on the main listener (none: not served there).
    #[arg(long, env = "MINERIGHT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<Secret>,
    /// Address of a separate listener serving `/metrics` without a token (none: no such
    /// listener); keep it on a network only the monitoring reaches.
    #[arg(long, env = "MINERIGHT_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Operations each caller may run (docs/operations.md, "Fair use"): `KIND=COUNT/PERIOD`
    /// pairs over the defaults, `KIND` a role or `ANONYMOUS` (per address), `PERIOD` `s`,
    /// `m` or `h`; `KIND=off` lifts one budget and `off` alone all of them.
    #[arg(long, env = "MINERIGHT_RATE_LIMITS", default_value = "", value_parser = Budgets::parse)]
    pub rate_limits: Budgets,
    /// Addresses of the reverse proxies in front of this server (comma-separated): from
    /// them, a caller without a token is known by `X-Forwarded-For`, not the proxy's address.
    #[arg(long, env = "MINERIGHT_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// An Apollo persisted-query manifest of trusted documents (docs/operations.md,
    /// "Persisted queries"); they run by hash without being registered.
    #[arg(long, env = "MINERIGHT_TRUSTED_DOCUMENTS")]
    pub trusted_documents: Option<PathBuf>,
    /// Roles whose tokens may run only the trusted documents (comma-separated, e.g.
    /// `INTEGRATOR`); needs `MINERIGHT_TRUSTED_DOCUMENTS`.
    #[arg(
        long,
        env = "MINERIGHT_REQUIRE_TRUSTED_DOCUMENTS",
        value_delimiter = ','
    )]
    pub require_trusted_documents: Vec<String>,
    /// Stamped scans one official (token subject) may have brought in all, like `2GiB`.
    #[arg(long, env = "MINERIGHT_SCAN_QUOTA_PER_OFFICIAL", default_value = DEFAULT_SCAN_QUOTA_PER_OFFICIAL, value_parser = byte_size)]
    pub scan_quota_per_official: usize,
}

/// A configured secret: printed as `***` so that logging the configuration leaks nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(text.to_owned()))
    }
}

/// A size like `20MiB`, `20M`, `512KiB`, `512k` or plain bytes (binary units).
pub fn byte_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{text:?} is not a size like 20MiB")),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{text:?} is not a size like 20MiB"))
}

fn duration(text: &str) -> Result<Duration, String> {
    parse_ttl(text).ok_or_else(|| format!("{text:?} is not a duration like 30s, 30m, 8h or 7d"))
}

impl Config {
    /// The defaults, with data in `data_dir`; tests and embedders start here.
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            listen: DEFAULT_LISTEN.into(),
            data_dir,
            database_url: None,
            jwt_private_key_file: None,
            jwt_public_key_file: None,
            jwt_issuer: DEFAULT_JWT_NAME.into(),
            jwt_audience: DEFAULT_JWT_NAME.into(),
            token_max_ttl: parse_ttl(DEFAULT_TOKEN_MAX_TTL)
                .unwrap_or(Duration::from_secs(30 * 86_400)),
            request_timeout: parse_ttl(DEFAULT_REQUEST_TIMEOUT).unwrap_or(Duration::from_secs(30)),
            shutdown_grace: parse_ttl(DEFAULT_SHUTDOWN_GRACE).unwrap_or(Duration::from_secs(25)),
            sqlite_synchronous: SqliteSync::Full,
            db_max_connections: DEFAULT_DB_MAX_CONNECTIONS,
            log_format: LogFormat::Text,
            otlp_endpoint: None,
            max_concurrent_scans: None,
            cors_origins: Vec::new(),
            scan_wait: parse_ttl(DEFAULT_SCAN_WAIT).unwrap_or(Duration::from_secs(5)),
            assessment_catch_up_every: parse_ttl(DEFAULT_CATCH_UP_EVERY)
                .unwrap_or(Duration::from_secs(60)),
            webhook_url: None,
            webhook_secret: None,
            upload_limit: byte_size(DEFAULT_UPLOAD_LIMIT).unwrap_or(20 << 20),
            max_concurrent_uploads: DEFAULT_CONCURRENT_UPLOADS,
            upload_wait: parse_ttl(DEFAULT_UPLOAD_WAIT).unwrap_or(Duration::from_secs(2)),
            scan_quota_per_record: byte_size(DEFAULT_SCAN_QUOTA_PER_RECORD).unwrap_or(100 << 20),
            scan_quota_per_official: byte_size(DEFAULT_SCAN_QUOTA_PER_OFFICIAL).unwrap_or(2 << 30),
            metrics_token: None,
            metrics_listen: None,
            anonymous_introspection: true,
            rate_limits: Budgets::default(),
            trusted_proxies: Vec::new(),
            trusted_documents: None,
            require_trusted_documents: Vec::new(),
        }
    }

    /// Scans allowed at once: the setting, or one per core.
    pub fn scan_concurrency(&self) -> usize {
        self.max_concurrent_scans.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
        })
    }

    /// The scan store's quotas.
    pub fn scan_quota(&self) -> crate::domain::scan::ScanQuota {
        crate::domain::scan::ScanQuota {
            per_record: self.scan_quota_per_record as u64,
            per_official: self.scan_quota_per_official as u64,
        }
    }

    /// Where the signing keys come from.
    pub fn key_source(&self) -> KeySource {
        KeySource {
            private_key_file: self.jwt_private_key_file.clone(),
            public_key_file: self.jwt_public_key_file.clone(),
            data_dir: self.data_dir.clone(),
        }
    }
}
