//! End to end: the built binary in an empty directory with no configuration but a free
//! port; a mine created with a CLI-minted token survives SIGTERM (exit 0) and a restart, and
//! the old token stays valid.

use serde_json::{Value, json};

#[path = "../support/database.rs"]
mod database;
#[path = "../support/hostile.rs"]
mod hostile;

mod binary;
mod crash;
mod hostile_files;
mod traces;

use binary::{command, graphql, start, stop};

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
    let said = String::from_utf8_lossy(&minted.stderr);
    assert!(
        said.contains("signed with") && said.contains("mineright.key"),
        "stderr names the server's key that signed it: {said}"
    );
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
fn a_token_minted_where_no_key_is_says_a_new_key_signed_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = command(dir.path(), None)
        .args(["token", "--role", "CITY_ADMIN"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("no key was at") && said.contains("refuses this token"),
        "the new key is named, not made silently: {said}"
    );
}

#[test]
fn token_errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        vec!["token", "--role", "SUPERUSER"],
        vec!["token", "--role", "COUNTY_OFFICIAL"],
        vec!["token", "--role", "AUDITOR", "--ttl", "31d"],
        vec!["token", "--role", "AUDITOR", "--ttl", "soon"],
        // Claims must name real places.
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
    let output = std::process::Command::new(binary::BINARY)
        .arg("schema")
        .output()
        .expect("run");
    assert!(output.status.success());
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
            .expect("sdl");
    assert!(
        String::from_utf8(output.stdout).expect("utf8") == checked_in,
        "`mineright schema` differs from schema.graphql; regenerate it with `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn the_public_key_command_prints_the_key_that_verifies_minted_tokens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let minted = command(dir.path(), None)
        .args(["token", "--role", "AUDITOR", "--ttl", "1h"])
        .output()
        .expect("mineright token");
    let token = String::from_utf8_lossy(&minted.stdout).trim().to_owned();
    let printed = command(dir.path(), None)
        .arg("public-key")
        .output()
        .expect("mineright public-key");
    assert!(printed.status.success());
    let pem = String::from_utf8_lossy(&printed.stdout).into_owned();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
    let key = jsonwebtoken::DecodingKey::from_ed_pem(pem.as_bytes()).expect("SPKI PEM");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&["mineright"]);
    let claims = jsonwebtoken::decode::<serde_json::Value>(&token, &key, &validation)
        .expect("the printed key verifies the token");
    assert_eq!(claims.claims["role"], "AUDITOR");
}

/// the paper from the command line: a county's workbook imported (dry run, then
/// for real, then again unchanged), the registry exported and read back, a refused
/// attachment answered on stderr with a non-zero exit.
#[test]
fn the_paper_commands_import_and_export_the_registry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = format!(
        "{}/tests/fixtures/registry-openpyxl.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    let report = |args: &[&str]| -> Value {
        let output = command(dir.path(), None)
            .args(args)
            .arg("--json")
            .output()
            .expect("run");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("a JSON report on stdout")
    };
    let dry = report(&["import", "mines", "--dry-run", &fixture]);
    assert_eq!(
        (dry["dryRun"].clone(), dry["created"].clone()),
        (json!(true), json!(2))
    );
    let table = command(dir.path(), None)
        .args(["import", "mines", "--dry-run", &fixture])
        .output()
        .expect("run");
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.starts_with("dry run: nothing was written\nrows read 2 · created 2")
            && table.contains("create  【夹具】甲石料厂（C1405252024001）"),
        "a table for a person by default: {table}"
    );
    assert_eq!(report(&["import", "mines", &fixture])["created"], 2);
    assert_eq!(report(&["import", "mines", &fixture])["unchanged"], 2);
    let verified = command(dir.path(), None)
        .args(["assessments", "verify"])
        .output()
        .expect("run");
    assert!(
        verified.status.success()
            && String::from_utf8_lossy(&verified.stdout).contains("every stored assessment"),
        "the import stored what a fresh computation gives: {verified:?}"
    );

    let out = dir.path().join("registry.xlsx");
    let out_arg = out.to_string_lossy().into_owned();
    let exported = command(dir.path(), None)
        .args(["export", "--out", &out_arg, "mines", "--county", "140525"])
        .output()
        .expect("run");
    assert!(exported.status.success());
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"PK"), "an XLSX workbook");
    let said = String::from_utf8_lossy(&exported.stderr);
    assert!(
        said.contains("非煤矿山名录（泽州县") && said.contains(&out_arg),
        "export says what it wrote and where: {said}"
    );

    let output = command(dir.path(), None)
        .args([
            "import",
            "attachment",
            "--plan",
            "99",
            "--number",
            "2",
            &fixture,
        ])
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("NOT_FOUND"),
        "{output:?}"
    );
}
