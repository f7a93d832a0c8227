//! Test databases: a fresh PostgreSQL database per test when `MINERIGHT_TEST_DATABASE_URL`
//! names a server, else `None` (the app's embedded SQLite file in its own temp dir).

use sea_orm::{ConnectionTrait, Database};

/// A URL for a new, empty database, or `None` for SQLite. Names start with
/// `MINERIGHT_TEST_DB_PREFIX` (default `mr_t_`): `.ci/run` gives each run its own prefix and
/// drops that run's databases when it ends, without touching another run's.
pub async fn fresh_database_url() -> Option<String> {
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
    let name = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("connect to the PostgreSQL test server");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a test database");
    admin.close().await.ok();
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    Some(format!("{base}/{name}"))
}
