//! `mineright backup FILE` and `mineright restore FILE` (docs/operations.md, "Backups").

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::config::Config;
use crate::infra::backup::{self, BackupError};
use crate::infra::db;

#[derive(Args)]
pub struct BackupArgs {
    #[command(flatten)]
    config: Config,
    /// The file to write (it must not exist) or to restore from.
    file: PathBuf,
}

/// Writes a consistent copy of the SQLite database while the server may be serving.
pub async fn backup(args: BackupArgs) -> ExitCode {
    let result = async {
        let conn = db::connect(&args.config).await?;
        let contents = backup::backup(&conn, &args.file).await;
        conn.close().await?;
        contents
    }
    .await;
    report("backup", &args.file, result)
}

/// Puts a backup in place as the data dir's database, which must not exist yet.
pub async fn restore(args: BackupArgs) -> ExitCode {
    if args.config.database_url.is_some() {
        return report(
            "restore",
            &args.file,
            Err(BackupError::Refused(
                "a database URL is set: restore PostgreSQL with pg_restore (docs/operations.md, Backups)"
                    .into(),
            )),
        );
    }
    let result = backup::restore(&args.file, &args.config.data_dir).await;
    report("restore", &args.file, result)
}

fn report(
    what: &str,
    file: &std::path::Path,
    result: Result<backup::Contents, BackupError>,
) -> ExitCode {
    match result {
        Ok(contents) => {
            println!(
                "{what} {}: {} mines, {} audit entries, integrity ok",
                file.display(),
                contents.mines,
                contents.audit_entries
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("mineright {what}: {err}");
            ExitCode::from(2)
        }
    }
}
