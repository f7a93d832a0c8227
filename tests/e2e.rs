//! End to end: the built binary in an empty directory with no configuration but a free
//! port; a mine created with a CLI-minted token survives SIGTERM (exit 0) and a restart, and
//! the old token stays valid.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "support/database.rs"]
mod database;

const BINARY: &str = env!("CARGO_BIN_EXE_mineright");

/// The binary with a clean environment: only what the test sets.
fn command(dir: &Path, database_url: Option<&str>) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    if let Some(url) = database_url {
        command.env("MINERIGHT_DATABASE_URL", url);
    }
    command
}

/// A running server; killed if the test ends without stopping it.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The port in a log line like `… mineright listening address=127.0.0.1:40123`.
fn listening_port(line: &str) -> Option<u16> {
    if !line.contains("mineright listening") {
        return None;
    }
    line.rsplit(':').next()?.trim().parse().ok()
}

/// Starts the binary on port 0 (a free port it picks itself) and waits until it is ready.
async fn start(dir: &Path, database_url: Option<&str>) -> Server {
    let mut child = command(dir, database_url)
        .env("MINERIGHT_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mineright");
    let stderr = child.stderr.take().expect("piped stderr");
    let (found, port) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Keep draining the log so the server never blocks on a full pipe.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(port) = listening_port(&line) {
                let _ = found.send(port);
            }
        }
    });
    let port = port
        .recv_timeout(Duration::from_secs(60))
        .expect("mineright logs the address it listens on");
    let server = Server { child, port };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && response.status() == 200
        {
            return server;
        }
        assert!(Instant::now() < deadline, "mineright did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn stop(mut server: Server) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = server.child.wait().expect("wait");
    assert_eq!(exit.code(), Some(0), "graceful shutdown exits 0");
}

async fn graphql(port: u16, token: &str, query: &str, variables: Value) -> Value {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_binary_serves_persists_and_restarts_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database::fresh_database_url().await;
    let server = start(dir.path(), database_url.as_deref()).await;
    let port = server.port;

    let minted = command(dir.path(), database_url.as_deref())
        .args(["token", "--role", "CITY_ADMIN", "--ttl", "1h"])
        .output()
        .expect("mineright token");
    assert!(
        minted.status.success(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );
    let stdout = String::from_utf8(minted.stdout).expect("utf8");
    assert_eq!(stdout.lines().count(), 1, "the token alone on stdout");
    let token = stdout.trim().to_owned();
    assert_eq!(token.split('.').count(), 3);

    let create = "mutation($input: MineInput!) { createMine(input: $input) { id } }";
    let input = json!({ "name": "端到端矿山", "holder": "测试公司", "licenceNo": "E2E-1", "countyCode": "140525",
        "mineralCode": "IRON", "miningMethod": "UNDERGROUND", "productionScale": 40, "remainingReserves": 800 });
    let created = graphql(port, &token, create, json!({ "input": input })).await;
    let id = created["data"]["createMine"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let read = "query($id: ID!) { mine(id: $id) { name productionScaleClass } }";
    let body = graphql(port, &token, read, json!({ "id": id })).await;
    assert_eq!(body["data"]["mine"]["name"], "端到端矿山");
    stop(server);

    let server = start(dir.path(), database_url.as_deref()).await;
    let port = server.port;
    let body = graphql(port, &token, read, json!({ "id": id })).await;
    assert_eq!(
        body["data"]["mine"]["name"], "端到端矿山",
        "the mine and the token survive a restart: {body}"
    );
    stop(server);

    if database_url.is_none() {
        assert!(dir.path().join("mineright.db").exists());
    }
    assert!(dir.path().join("mineright.key").exists());
}

#[test]
fn token_errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        vec!["token", "--role", "SUPERUSER"],
        vec!["token", "--role", "COUNTY_OFFICIAL"],
        vec!["token", "--role", "AUDITOR", "--ttl", "31d"],
        vec!["token", "--role", "AUDITOR", "--ttl", "soon"],
        // Claims must name real places (issue 6, item 3).
        vec!["token", "--role", "CITY_ADMIN", "--city", "140100"],
        vec!["token", "--role", "COUNTY_OFFICIAL", "--county", "140199"],
        vec![
            "token",
            "--role",
            "DEPARTMENT_REVIEWER",
            "--department",
            "SPACE",
        ],
    ] {
        let output = command(dir.path(), None).args(&args).output().expect("run");
        assert!(!output.status.success(), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(
            !output.stderr.is_empty(),
            "{args:?}: an explanation on stderr"
        );
    }
}

#[test]
fn the_schema_command_prints_the_checked_in_sdl() {
    let output = Command::new(BINARY).arg("schema").output().expect("run");
    assert!(output.status.success());
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
            .expect("sdl");
    assert!(
        String::from_utf8(output.stdout).expect("utf8") == checked_in,
        "`mineright schema` differs from schema.graphql; regenerate it with `cargo run -- schema > schema.graphql`"
    );
}
