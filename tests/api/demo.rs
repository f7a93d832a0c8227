//! The `--demo` data set: loaded into an empty database, it shows every disposition and every
//! rule ID of domain.md §3 in GraphiQL.

#[tokio::test]
async fn the_demo_data_shows_every_disposition_and_every_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = mineright::config::Config::new(dir.path().to_path_buf());
    config.listen = "127.0.0.1:0".into();
    config.database_url = crate::helpers::fresh_database_url().await;
    let app = mineright::app::App::build(&config, true)
        .await
        .expect("starts with --demo");
    let assessed = crate::helpers::assert_every_disposition_and_rule(app.state(), "the demo").await;
    assert_eq!(assessed, 36);
}
