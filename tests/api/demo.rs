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
    let db = app.state().db.clone();
    let today = mineright::clock::Clock::today(app.state().clock.as_ref());
    let standards = mineright::service::standards::on(&db, &app.state().versions, "140000", today)
        .await
        .expect("standards");
    let rows = <entity::mine::Entity as sea_orm::EntityTrait>::find()
        .all(&db)
        .await
        .expect("mines");
    assert_eq!(rows.len(), 36);
    let assessed = mineright::service::assessment::assess_rows(&db, rows, &standards, today)
        .await
        .expect("assessed");
    for disposition in mineright::domain::assessment::Disposition::ALL {
        assert!(
            assessed
                .iter()
                .any(|a| a.assessment.disposition == disposition),
            "{disposition:?} missing from the demo"
        );
    }
    for rule in mineright::domain::assessment::RuleId::ALL.map(|rule| rule.code()) {
        assert!(
            assessed.iter().any(|a| a.assessment.has_rule(rule)),
            "{rule} missing from the demo"
        );
    }
}
