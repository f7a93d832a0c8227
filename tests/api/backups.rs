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
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
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
    while acknowledged.lock().expect("list").len() < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acknowledged.lock().expect("list").clone();
    let contents = backup(&app.state.db, &target).await.expect("backed up");
    let during = acknowledged.lock().expect("list").len();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("writer");
    }
    assert!(
        during > before.len(),
        "writes went on during the backup ({} then {during})",
        before.len()
    );
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
    let admin = restored.admin();
    for id in &before {
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
    let checked = chain["data"]["verifyAuditChain"]["checkedEntries"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(checked, contents.audit_entries, "{chain}");
}
