//! The `--demo` data set: loaded into an empty database, it shows every disposition and every
//! rule ID of docs/rules.md in GraphiQL.

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

/// as docs/walkthroughs.md, "Admission", walks it on the demo data: a block refused
/// for its unfinished survey, admitted once 林业 records, the city balance refusing the
/// second, and the approved feed an integrator reads.
#[tokio::test]
async fn the_demo_admission_story_reads_as_the_readme_tells_it() {
    use chrono::Datelike;
    use mineright::auth::TokenRequest;
    use mineright::demo::admission::{BLOCKS, COUNTY, LATE_DEPARTMENT};
    use mineright::domain::access::Role;
    use serde_json::json;

    use crate::fixtures::{ADMIT, must};
    use crate::helpers::error_code;

    let app = crate::helpers::TestApp::spawn_demo().await;
    let year = app.state.clock.today().year();
    let admin = app.admin();
    let blocks = must(
        &app,
        &admin,
        "query($county: String!) { blocks(filter: { countyCode: $county }) { edges { node { id name } } } }",
        json!({ "county": COUNTY }),
    )
    .await;
    assert_eq!(
        blocks["data"]["blocks"]["edges"],
        json!([{ "node": { "id": "1", "name": BLOCKS[0] } }, { "node": { "id": "2", "name": BLOCKS[1] } }]),
        "the walk-through names the blocks 1 and 2"
    );
    let eligibility = must(
        &app,
        &admin,
        "query($year: Int!) { block(id: \"1\") { eligibility(year: $year) { eligible failedChecks checks { code passed detail } } } }",
        json!({ "year": year }),
    )
    .await;
    let eligibility = &eligibility["data"]["block"]["eligibility"];
    assert_eq!(
        eligibility["failedChecks"],
        json!(["NEW-4"]),
        "{eligibility}"
    );
    let refused = app
        .gql(Some(&admin), ADMIT, json!({ "year": year, "block": "1" }))
        .await;
    assert_eq!(error_code(&refused), Some("ADMISSION_REFUSED"));
    assert_eq!(
        refused["errors"][0]["extensions"]["failedChecks"],
        json!(["NEW-4"])
    );

    let forestry = app.token_for(TokenRequest {
        role: Role::DepartmentReviewer,
        sub: "forestry".into(),
        city: Some("140500".into()),
        county: None,
        department: Some(LATE_DEPARTMENT.into()),
        ttl: std::time::Duration::from_secs(600),
    });
    must(
        &app,
        &forestry,
        "mutation { recordSurvey(blockId: \"1\", department: \"FORESTRY\", conflict: false, note: \"无冲突\") { id } }",
        json!({}),
    )
    .await;
    must(&app, &admin, ADMIT, json!({ "year": year, "block": "1" })).await;
    let one_more = app
        .gql(Some(&admin), ADMIT, json!({ "year": year, "block": "2" }))
        .await;
    assert_eq!(
        error_code(&one_more),
        Some("ADMISSION_REFUSED"),
        "{one_more}"
    );
    assert_eq!(
        one_more["errors"][0]["extensions"]["failedChecks"],
        json!(["NEW-3"])
    );

    must(
        &app,
        &app.token(Role::CityApprover, None),
        "mutation($year: Int!) { approveTransferPlan(year: $year) { status } }",
        json!({ "year": year }),
    )
    .await;
    let feed = must(
        &app,
        &app.token(Role::Integrator, None),
        "query($year: Int!) { approvedBlocks(year: $year) { totalCount edges { node { transferAuthority block { name } } } } }",
        json!({ "year": year }),
    )
    .await;
    assert_eq!(
        feed["data"]["approvedBlocks"],
        json!({ "totalCount": 1, "edges": [{ "node": { "transferAuthority": "PROVINCE", "block": { "name": BLOCKS[0] } } }] })
    );
}
