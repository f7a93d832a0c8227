//! Test databases: a fresh PostgreSQL database per test when `MINERIGHT_TEST_DATABASE_URL`
//! names a server, else `None` (the app's embedded SQLite file in its own temp dir).
//!
//! Each test binary migrates one template database once, and every test's database is a
//! copy of it (`CREATE DATABASE … TEMPLATE`): a copy costs a few milliseconds where running
//! every migration costs about a second, for each of a hundred and more tests.

use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

/// The migrated template of this test binary.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The server's URL and the prefix of this run's databases, when tests run on PostgreSQL.
fn server() -> Option<(String, String)> {
    let admin_url = std::env::var("MINERIGHT_TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())?;
    let prefix = std::env::var("MINERIGHT_TEST_DB_PREFIX")
        .ok()
        .filter(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
        .unwrap_or_else(|| "mr_t_".to_owned());
    Some((admin_url, prefix))
}

/// `url` with its database replaced by `name`.
fn url_of(admin_url: &str, name: &str) -> String {
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    format!("{base}/{name}")
}

async fn create(admin_url: &str, sql: &str) {
    let admin = Database::connect(admin_url)
        .await
        .expect("connect to the PostgreSQL test server");
    admin
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
    admin.close().await.ok();
}

/// The name of the migrated template, made on first use.
async fn template(admin_url: &str, prefix: &str) -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("{prefix}template_{}", uuid::Uuid::new_v4().simple());
            create(admin_url, &format!("CREATE DATABASE {name}")).await;
            let db = Database::connect(url_of(admin_url, &name))
                .await
                .expect("connect to the template");
            mineright::infra::db::migrate(&db)
                .await
                .expect("migrate the template");
            // A template with a connection open cannot be copied.
            db.close().await.ok();
            name
        })
        .await
}

/// A URL for a new database holding every migration and its reference data, or `None` for
/// SQLite. Names start with `MINERIGHT_TEST_DB_PREFIX` (default `mr_t_`): `.ci/run` gives
/// each run its own prefix and drops that run's databases when it ends, without touching
/// another run's.
pub async fn fresh_database_url() -> Option<String> {
    let (admin_url, prefix) = server()?;
    let template = template(&admin_url, &prefix).await;
    let name = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
    create(
        &admin_url,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await;
    Some(url_of(&admin_url, &name))
}
