//! Database behaviour: SQLite settings, readiness that follows the database, and internal
//! errors that never leak database text.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;

use crate::helpers::{TestApp, error_code};

#[tokio::test]
async fn sqlite_runs_in_wal_with_foreign_keys_and_full_sync() {
    let app = TestApp::spawn().await;
    if app.state.db.get_database_backend() != DatabaseBackend::Sqlite {
        return; // PostgreSQL has no such pragmas; its run covers readiness below.
    }
    let pragma = |name: &str| {
        let db = app.state.db.clone();
        let sql = format!("PRAGMA {name}");
        async move {
            let row = db
                .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql))
                .await
                .expect("pragma")
                .expect("row");
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
                .expect("value")
        }
    };
    assert_eq!(pragma("journal_mode").await, "wal");
    assert_eq!(pragma("foreign_keys").await, "1");
    assert_eq!(pragma("synchronous").await, "2", "FULL");
    assert_eq!(pragma("busy_timeout").await, "5000");
}

#[tokio::test]
async fn database_failures_are_internal_and_never_leak_their_text() {
    let app = TestApp::spawn().await;
    app.state
        .db
        .execute_unprepared("ALTER TABLE departments RENAME TO departments_gone")
        .await
        .expect("rename");
    let body = app.gql(None, "{ departments { code } }", json!({})).await;
    assert_eq!(error_code(&body), Some("INTERNAL"), "{body}");
    assert_eq!(body["errors"][0]["message"], "服务器内部错误");
    let text = body.to_string();
    for leak in ["SELECT", "relation", "no such table", "sqlx", "Query Error"] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
}

/// A TCP proxy in front of PostgreSQL that can be cut and restored.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: broadcast::Sender<()>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = broadcast::channel(4);
        let (accepting, cuts) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropping the socket refuses the connection
                }
                let (upstream, mut cut) = (upstream.clone(), cuts.subscribe());
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.recv() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
        if !up {
            let _ = self.cut.send(());
        }
    }
}

async fn wait_for_readiness(app: &TestApp, expected: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = app
            .client
            .get(app.url("/readyz"))
            .send()
            .await
            .expect("readyz")
            .status()
            .as_u16();
        if status == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "readyz stayed {status}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn readiness_follows_postgresql_down_and_back_without_a_restart() {
    let Some(url) = crate::helpers::fresh_database_url().await else {
        return; // only PostgreSQL can go away under a running server; the PostgreSQL run covers it
    };
    let (scheme_and_user, rest) = url.split_once('@').expect("url with user");
    let (host, database) = rest.split_once('/').expect("url with database");
    let proxy = Proxy::start(host.to_owned()).await;
    let proxied = format!("{scheme_and_user}@127.0.0.1:{}/{database}", proxy.port);
    let app = TestApp::spawn_with(|config| config.database_url = Some(proxied)).await;
    wait_for_readiness(&app, 200).await;

    proxy.set_up(false);
    wait_for_readiness(&app, 503).await;
    let body = app.gql(None, "{ counties { code } }", json!({})).await;
    assert_eq!(error_code(&body), Some("INTERNAL"), "{body}");

    proxy.set_up(true);
    wait_for_readiness(&app, 200).await;
    let body = app.gql(None, "{ counties { code } }", json!({})).await;
    assert_eq!(
        body["data"]["counties"].as_array().map(Vec::len),
        Some(6),
        "{body}"
    );
}

/// The performance migrations (kept counts with their triggers, grid cells, finer grid
/// cells) can be undone and applied again; the counts they keep are rebuilt from the rows
/// and the cells they fill are the ones the services compute.
#[tokio::test]
async fn the_newest_migrations_undo_and_reapply_cleanly() {
    use entity::mine;
    use migration::{Migrator, MigratorTrait};
    use mineright::domain::assessment::neighbours::grid_cell;
    use sea_orm::EntityTrait;

    let app = crate::helpers::TestApp::spawn().await;
    let id: i64 = app
        .create_mine(crate::helpers::mine_input(
            crate::helpers::ZEZHOU,
            "DOWN-UP-1",
        ))
        .await
        .parse()
        .expect("numeric id");
    let db = &app.state.db;
    let stored = || async {
        let row = mine::Entity::find_by_id(id)
            .one(db)
            .await
            .expect("read")
            .expect("the mine");
        let position = row.latitude.zip(row.longitude).expect("a position");
        (row.grid_cell, Some(grid_cell(position)))
    };
    let (written, computed) = stored().await;
    assert_eq!(written, computed, "set on create");
    Migrator::down(db, Some(3))
        .await
        .expect("the last three undone");
    Migrator::up(db, None).await.expect("applied again");
    let (filled, computed) = stored().await;
    assert_eq!(
        filled, computed,
        "the migration fills the cells the services compute"
    );
    let total = || async {
        app.gql(
            Some(&app.admin()),
            "{ mines(first: 1) { totalCount } }",
            serde_json::json!({}),
        )
        .await
    };
    let body = total().await;
    assert_eq!(body["data"]["mines"]["totalCount"], 1, "{body}");
    app.create_mine(crate::helpers::mine_input(
        crate::helpers::ZEZHOU,
        "DOWN-UP-2",
    ))
    .await;
    let body = total().await;
    assert_eq!(
        body["data"]["mines"]["totalCount"], 2,
        "the triggers work again: {body}"
    );
}
