//! The built binary as a test drives it: a clean environment, port 0, readiness, and a
//! GraphQL client.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const BINARY: &str = env!("CARGO_BIN_EXE_mineright");

/// The binary with a clean environment: only what the test sets.
pub fn command(dir: &Path, database_url: Option<&str>) -> Command {
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
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The port in a log line like
/// `… mineright listening address=127.0.0.1:40123 graphiql=http://127.0.0.1:40123/`.
fn listening_port(line: &str) -> Option<u16> {
    if !line.contains("mineright listening") {
        return None;
    }
    let address = line
        .split_whitespace()
        .find_map(|f| f.strip_prefix("address="))?;
    address.rsplit(':').next()?.trim().parse().ok()
}

/// Starts the binary on port 0 (a free port it picks itself) and waits until it is ready.
pub async fn start(dir: &Path, database_url: Option<&str>) -> Server {
    start_with(dir, database_url, &[]).await
}

/// As [`start`], with settings (`MINERIGHT_*` variables) in its environment.
pub async fn start_with(
    dir: &Path,
    database_url: Option<&str>,
    settings: &[(&str, &str)],
) -> Server {
    let mut child = command(dir, database_url)
        .envs(settings.iter().copied())
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

pub fn stop(mut server: Server) {
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    // A server that hangs on the way out fails here rather than hanging the suite.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait") {
            break exit;
        }
        if std::time::Instant::now() > deadline {
            server.child.kill().ok();
            panic!("the server was still running 30 s after SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(exit.code(), Some(0), "graceful shutdown exits 0");
}

pub async fn graphql(port: u16, token: &str, query: &str, variables: Value) -> Value {
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

/// A token for `role` minted by the binary with the data dir `dir` (the server's key).
pub fn token(dir: &Path, database_url: Option<&str>, role: &str) -> String {
    let minted = command(dir, database_url)
        .args(["token", "--role", role, "--ttl", "1h"])
        .output()
        .expect("mineright token");
    assert!(
        minted.status.success(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );
    String::from_utf8(minted.stdout)
        .expect("utf8")
        .trim()
        .to_owned()
}
