//! The hostile-file corpus through the command line: `mineright import mines FILE
//! --dry-run` refuses each file with its sheet and cell or its limit named, exits 1 (not
//! by a signal), and peaks far below what the file would make a naive reader allocate.
//! Each run's peak memory is printed (`--nocapture`) for the record.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::binary::command;
use crate::database;
use crate::hostile::corpus;

/// A ceiling no bounded import comes near (the probe's files reached gigabytes).
const CEILING_KIB: i64 = 512 * 1024;

/// How a child process ended: its exit code (minus the signal when killed), its standard
/// error, and its peak resident memory in KiB.
// The child is reaped by wait4 (which also reports its memory), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run_measured(mut command: Command) -> (i32, String, i64) {
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("mineright import");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).ok();
        text
    });
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for the child we spawned and did
    // not wait for otherwise.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    (code, reader.join().unwrap_or_default(), usage.ru_maxrss)
}

#[tokio::test]
async fn the_cli_refuses_every_hostile_file_within_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database::fresh_database_url().await;
    for file in corpus() {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).expect("write the file");
        let mut import = command(dir.path(), database_url.as_deref());
        import.args(["import", "mines", "--dry-run"]).arg(&path);
        let (code, stderr, peak_kib) = run_measured(import);
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
