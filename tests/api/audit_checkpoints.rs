//! `mineright audit checkpoint` / `audit verify --checkpoints` through the built binary
//! (docs/operations.md, "Audit checkpoints"): a history rewritten consistently from its
//! first entry verifies as a chain, and only the checkpoints kept outside show it.

use std::path::Path;
use std::process::Output;

use entity::{audit_head, audit_log};
use mineright::service::audit::content_of;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, QueryOrder, Set};

use crate::helpers::{TestApp, ZEZHOU, mine_input};

/// `mineright audit ARGS` against `app`'s database and key.
fn audit(app: &TestApp, args: &[&str]) -> Output {
    audit_at(app.dir.path(), &app.database_url, args)
}

/// `mineright audit ARGS` with the data dir `dir` (its key) and the database `url`.
fn audit_at(dir: &Path, url: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mineright"))
        .env_clear()
        .env("MINERIGHT_DATA_DIR", dir)
        .env("MINERIGHT_DATABASE_URL", url)
        .arg("audit")
        .args(args)
        .output()
        .expect("mineright audit")
}

fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Rewrites the whole trail as a forger with database access would: the first entry's
/// image changed, every later hash recomputed, the head moved along.
async fn rewrite_history_consistently(app: &TestApp) {
    let db = &app.state.db;
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .all(db)
        .await
        .expect("rows");
    let mut prev = migration::GENESIS_HASH.to_owned();
    for (index, row) in rows.into_iter().enumerate() {
        let mut content = content_of(&row);
        if index == 0 {
            content.after = Some("{\"name\":\"从未存在的矿山\"}".into());
        }
        let hash = content.chain_hash(&prev);
        let mut active = row.into_active_model();
        active.after_json = Set(content.after);
        active.prev_hash = Set(prev.clone());
        active.hash = Set(hash.clone());
        active.update(db).await.expect("rewritten");
        prev = hash;
    }
    let mut head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await
        .expect("head")
        .expect("head row")
        .into_active_model();
    head.last_hash = Set(prev);
    head.update(db).await.expect("head moved");
}

fn only_file(dir: &Path) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|entry| entry.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[tokio::test]
async fn checkpoints_kept_outside_show_a_consistent_rewrite_of_history() {
    let app = TestApp::spawn().await;
    for licence in ["C1400002026001", "C1400002026002"] {
        app.create_mine(mine_input(ZEZHOU, licence)).await;
    }
    let kept = tempfile::tempdir().expect("kept");
    let kept_dir = kept.path().to_str().expect("utf8");
    let written = audit(&app, &["checkpoint", "--out", kept_dir]);
    assert!(written.status.success(), "{}", said(&written));
    let file = only_file(kept.path());
    let text = std::fs::read_to_string(&file).expect("checkpoint");
    let checkpoint: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(
        checkpoint["seq"].as_i64().is_some_and(|seq| seq >= 2),
        "{text}"
    );
    assert!(
        checkpoint["signed"]
            .as_str()
            .is_some_and(|s| s.split('.').count() == 3)
    );

    let intact = audit(&app, &["verify", "--checkpoints", kept_dir]);
    assert!(intact.status.success(), "{}", said(&intact));
    assert!(
        said(&intact).contains("checkpoints: 1 hold"),
        "{}",
        said(&intact)
    );

    // Later history is fine: a new entry after the checkpoint changes nothing.
    app.create_mine(mine_input(ZEZHOU, "C1400002026003")).await;
    assert!(
        audit(&app, &["verify", "--checkpoints", kept_dir])
            .status
            .success()
    );

    rewrite_history_consistently(&app).await;
    // The chain alone cannot tell: every link verifies.
    let chain_only = audit(&app, &["verify"]);
    assert!(chain_only.status.success(), "{}", said(&chain_only));
    // The checkpoint can.
    let rewritten = audit(&app, &["verify", "--checkpoints", kept_dir]);
    assert_eq!(rewritten.status.code(), Some(1), "{}", said(&rewritten));
    assert!(said(&rewritten).contains("改写"), "{}", said(&rewritten));
}

#[tokio::test]
async fn a_checkpoint_not_signed_by_the_deployment_or_edited_is_a_problem() {
    let app = TestApp::spawn().await;
    app.create_mine(mine_input(ZEZHOU, "C1400002026001")).await;
    let kept = tempfile::tempdir().expect("kept");
    let kept_dir = kept.path().to_str().expect("utf8");
    assert!(
        audit(&app, &["checkpoint", "--out", kept_dir])
            .status
            .success()
    );
    let file = only_file(kept.path());
    // Its readable count raised by hand: the signature says otherwise.
    let text = std::fs::read_to_string(&file).expect("read");
    let mut edited: serde_json::Value = serde_json::from_str(&text).expect("json");
    edited["seq"] = serde_json::json!(1_000);
    std::fs::write(&file, edited.to_string()).expect("edit");
    let refused = audit(&app, &["verify", "--checkpoints", kept_dir]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("differ from what it signed"),
        "{}",
        said(&refused)
    );

    // One signed by another deployment's key.
    let other = TestApp::spawn().await;
    std::fs::remove_file(&file).expect("remove");
    let forged = audit_at(
        other.dir.path(),
        &other.database_url,
        &["checkpoint", "--out", kept_dir],
    );
    assert!(forged.status.success(), "{}", said(&forged));
    let refused = audit(&app, &["verify", "--checkpoints", kept_dir]);
    assert_eq!(refused.status.code(), Some(1), "{}", said(&refused));
    assert!(
        said(&refused).contains("not signed by this deployment"),
        "{}",
        said(&refused)
    );
}

#[tokio::test]
async fn a_checkpoint_posted_to_a_keeper_verifies_from_what_it_kept() {
    let app = TestApp::spawn().await;
    app.create_mine(mine_input(ZEZHOU, "C1400002026001")).await;
    // The second party: an endpoint that keeps each body it is sent as a file.
    let kept = tempfile::tempdir().expect("kept");
    let keeper_dir = kept.path().to_path_buf();
    let keeper = axum::Router::new().route(
        "/checkpoints",
        axum::routing::post(move |body: String| async move {
            std::fs::write(keeper_dir.join("kept.json"), body).expect("kept");
            "kept"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/checkpoints",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, keeper).await });
    let sent = tokio::task::spawn_blocking({
        let (dir, database_url, url) = (
            app.dir.path().to_path_buf(),
            app.database_url.clone(),
            url.clone(),
        );
        move || audit_at(&dir, &database_url, &["checkpoint", "--url", &url])
    })
    .await
    .expect("joined");
    assert!(sent.status.success(), "{}", said(&sent));
    let verified = audit(
        &app,
        &[
            "verify",
            "--checkpoints",
            kept.path().to_str().expect("utf8"),
        ],
    );
    assert!(
        said(&verified).contains("checkpoints: 1 hold"),
        "{}",
        said(&verified)
    );
}
