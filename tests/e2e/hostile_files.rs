//! The hostile-file corpus through the command line: `mineright import mines FILE
//! --dry-run` refuses each file with its sheet and cell or its limit named, exits 1 (not
//! by a signal), and peaks far below what the file would make a naive reader allocate.
//! Each run's peak memory is printed (`--nocapture`) for the record (python3 measures it).

use std::process::Command;

use crate::binary::BINARY;
use crate::database;
use crate::hostile::corpus;

/// A ceiling no bounded import comes near (the probe's files reached gigabytes).
const CEILING_KIB: i64 = 512 * 1024;

/// Runs the command through Python, which reports the peak resident memory of its child.
/// A child forked straight from this test would report this test's own peak instead (Linux
/// carries a process's high-water mark over `fork` and `exec`), and the corpus is large.
const MEASURE: &str = "import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode if done.returncode >= 0 else 128 - done.returncode)";

/// How `mineright ARGS` ended in `dir`: its exit code (128 + the signal when killed), its
/// standard error, and its peak resident memory in KiB.
fn run_measured(
    dir: &std::path::Path,
    database_url: Option<&str>,
    args: &[&std::ffi::OsStr],
) -> (i32, String, i64) {
    let mut command = Command::new("python3");
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(["-c", MEASURE, BINARY])
        .args(args);
    if let Some(url) = database_url {
        command.env("MINERIGHT_DATABASE_URL", url);
    }
    let done = command.output().expect("python3 runs the import");
    let peak = String::from_utf8_lossy(&done.stdout)
        .trim()
        .parse()
        .unwrap_or(i64::MAX);
    (
        done.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&done.stderr).into_owned(),
        peak,
    )
}

#[tokio::test]
async fn the_cli_refuses_every_hostile_file_within_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database::fresh_database_url().await;
    for file in corpus() {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).expect("write the file");
        let args = [
            "import".as_ref(),
            "mines".as_ref(),
            "--dry-run".as_ref(),
            path.as_os_str(),
        ];
        let (code, stderr, peak_kib) = run_measured(dir.path(), database_url.as_deref(), &args);
        eprintln!(
            "{:<24} {:>9} bytes  peak {:>7} KiB",
            file.name,
            file.bytes.len(),
            peak_kib
        );
        assert_eq!(code, 1, "{}: {stderr}", file.name);
        assert!(
            stderr.contains("BAD_USER_INPUT") && stderr.contains(file.refusal),
            "{}: {stderr}",
            file.name
        );
        assert!(
            peak_kib < CEILING_KIB,
            "{}: peaked at {peak_kib} KiB",
            file.name
        );
    }
}
