//! Backups while the server serves (docs/operations.md, "Backups"): a copy taken under a
//! steady stream of writes holds every write acknowledged before it began and an intact
//! audit chain once restored; restore never overwrites a database.

use std::sync::{Arc, Mutex};

use mineright::infra::backup::{backup, restore};
use sea_orm::DatabaseBackend;
use serde_json::json;

use crate::helpers::{CREATE_MINE, TestApp, mine_input};

const WRITERS: usize = 4;

#[tokio::test]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let app = Arc::new(TestApp::spawn().await);
    let target = app.dir.path().join("copy.db");
    if app.state.db.get_database_backend() == DatabaseBackend::Postgres {
        // PostgreSQL is backed up with pg_dump; the command says so rather than pretend.
        let refused = backup(&app.state.db, &target).await.expect_err("refused");
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        return;
    }
    let load = WriteLoad::start(app.clone()).await;
    let before = load.acknowledged();
    let contents = backup(&app.state.db, &target).await.expect("backed up");
    load.stop_after(before.len()).await;
    assert!(contents.mines >= before.len() as i64, "{contents:?}");
    assert!(
        backup(&app.state.db, &target).await.is_err(),
        "never overwrites"
    );

    let place = tempfile::tempdir().expect("dir");
    restore(&target, place.path()).await.expect("restored");
    assert!(
        restore(&target, place.path()).await.is_err(),
        "never over a database"
    );
    let restored = TestApp::spawn_with(|config| {
        config.database_url = None;
        config.data_dir = place.path().to_path_buf();
    })
    .await;
    let checked = holds_every_write_and_a_valid_chain(&restored, &before).await;
    assert_eq!(checked, contents.audit_entries);
}

/// Mines created by four writers, as fast as the server takes them; the ids of those
/// acknowledged so far.
struct WriteLoad {
    acknowledged: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    writers: Vec<tokio::task::JoinHandle<()>>,
}

impl WriteLoad {
    /// Starts the writers and waits until twenty writes are acknowledged.
    async fn start(app: Arc<TestApp>) -> WriteLoad {
        let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writers = (0..WRITERS)
            .map(|writer| {
                let (app, acknowledged, stop) = (app.clone(), acknowledged.clone(), stop.clone());
                tokio::spawn(async move {
                    let admin = app.admin();
                    let mut n = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let input = mine_input("140525", &format!("BK-{writer}-{n}"));
                        let body = app
                            .gql(Some(&admin), CREATE_MINE, json!({ "input": input }))
                            .await;
                        if let Some(id) = body["data"]["createMine"]["id"].as_str() {
                            acknowledged.lock().expect("list").push(id.to_owned());
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        let load = WriteLoad {
            acknowledged,
            stop,
            writers,
        };
        while load.acknowledged().len() < 20 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        load
    }

    fn acknowledged(&self) -> Vec<String> {
        self.acknowledged.lock().expect("list").clone()
    }

    /// Stops the writers once a write after the `before` acknowledged when the backup
    /// began is acknowledged as well: the load was live around the backup (one faster than
    /// a write may see none inside it, which once failed a busy CI run).
    async fn stop_after(self, before: usize) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.acknowledged().len() <= before && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let after = self.acknowledged().len();
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for writer in self.writers {
            writer.await.expect("writer");
        }
        assert!(
            after > before,
            "writes went on around the backup ({before} then {after})"
        );
    }
}

/// Every mine of `ids` is in `restored`, whose audit chain verifies: the entries checked.
async fn holds_every_write_and_a_valid_chain(restored: &TestApp, ids: &[String]) -> i64 {
    let admin = restored.admin();
    for id in ids {
        let body = restored
            .gql(
                Some(&admin),
                "query($id: ID!) { mine(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(body["data"]["mine"]["id"], json!(id), "{body}");
    }
    let chain = restored
        .gql(
            Some(&admin),
            "{ verifyAuditChain { valid checkedEntries } }",
            json!({}),
        )
        .await;
    assert_eq!(chain["data"]["verifyAuditChain"]["valid"], true, "{chain}");
    chain["data"]["verifyAuditChain"]["checkedEntries"]
        .as_i64()
        .unwrap_or_default()
}

/// PostgreSQL, the documented way (docs/operations.md, "Backups"): `pg_dump -Fc` while the
/// writers go on, `pg_restore` into an empty database, a server started on it.
#[tokio::test]
async fn a_pg_dump_under_write_load_restores_every_acknowledged_write() {
    let app = Arc::new(TestApp::spawn().await);
    if app.state.db.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let dump = app.dir.path().join("mineright.dump");
    let load = WriteLoad::start(app.clone()).await;
    let before = load.acknowledged();
    let (url, file) = (app.database_url.clone(), dump.clone());
    let dumped = tokio::task::spawn_blocking(move || {
        std::process::Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&file)
            .arg(&url)
            .output()
            .expect("pg_dump")
    })
    .await
    .expect("joined");
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    load.stop_after(before.len()).await;

    let empty = empty_database(&app.database_url).await;
    let restored = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&empty)
        .arg(&dump)
        .output()
        .expect("pg_restore");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let restored = TestApp::spawn_with(move |config| config.database_url = Some(empty)).await;
    let checked = holds_every_write_and_a_valid_chain(&restored, &before).await;
    assert!(checked >= before.len() as i64, "{checked} entries");
}

/// A new, empty database beside the one `url` names (same server, same prefix).
async fn empty_database(url: &str) -> String {
    let (server, name) = url.rsplit_once('/').expect("a database URL");
    let empty = format!("{name}_restored");
    let admin = sea_orm::Database::connect(url).await.expect("connect");
    sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {empty}"))
        .await
        .expect("create");
    admin.close().await.ok();
    format!("{server}/{empty}")
}
