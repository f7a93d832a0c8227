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

/// as docs/walkthroughs.md, "Admission" and "The next year", walks it on the demo data: a
/// block refused for its unfinished survey, admitted once 林业 records, the city balance
/// refusing the second, the approved feed an integrator reads; then the first unsold, the
/// second in a supplementary batch, and the first carried into the next year.
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
    unsold_then_a_supplementary_batch(&app, year).await;
    carried_into_the_next_year(&app, year).await;
}

/// Steps 2.5 to 2.7: block 1 (entry 1) goes unsold and gives its place back, block 2 takes
/// it in the year's first supplementary batch, and block 1 cannot be listed again.
async fn unsold_then_a_supplementary_batch(app: &crate::helpers::TestApp, year: i32) {
    use mineright::domain::access::Role;
    use serde_json::json;

    use crate::fixtures::{ADMIT, REPORT, must, refused};

    let integrator = app.token(Role::Integrator, None);
    let today = app.state.clock.today().to_string();
    for (outcome, key) in [
        ("ANNOUNCED", "demo-1-announced"),
        ("UNSOLD", "demo-1-unsold"),
    ] {
        let input = json!({ "outcome": outcome, "date": today, "idempotencyKey": key });
        must(
            app,
            &integrator,
            REPORT,
            json!({ "entry": "1", "input": input }),
        )
        .await;
    }
    let admin = app.admin();
    let batch = must(app, &admin, ADMIT, json!({ "year": year, "block": "2" })).await;
    assert_eq!(batch["data"]["admitBlock"]["id"], "2", "{batch}");
    let plan = must(
        app,
        &admin,
        "query($y: Int!) { transferPlan(year: $y) { entries { id batch published } } }",
        json!({ "y": year }),
    )
    .await;
    let entries = plan["data"]["transferPlan"]["entries"].as_array().cloned();
    let second = entries.and_then(|all| all.into_iter().find(|e| e["id"] == "2"));
    assert_eq!(
        second,
        Some(json!({ "id": "2", "batch": 1, "published": false })),
        "{plan}"
    );
    let approved = must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation($year: Int!) { approveTransferPlan(year: $year) { batches entries { id published } } }",
        json!({ "year": year }),
    )
    .await;
    assert_eq!(
        approved["data"]["approveTransferPlan"],
        json!({ "batches": 1, "entries": [{ "id": "1", "published": true }, { "id": "2", "published": true }] })
    );
    let again = json!({ "outcome": "ANNOUNCED", "date": today, "idempotencyKey": "demo-1-again" });
    let body = refused(
        app,
        &integrator,
        REPORT,
        json!({ "entry": "1", "input": again }),
        "ADMISSION_REFUSED",
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["failedChecks"],
        json!(["NEW-3"])
    );
}

/// Walk-through 4: 高平市 moves block 1 to the next year, where its plan's exit of mine 32
/// falls due, and its admission there carries the unsold entry out of the demo's year.
async fn carried_into_the_next_year(app: &crate::helpers::TestApp, year: i32) {
    use mineright::domain::access::Role;
    use serde_json::json;

    use crate::fixtures::{ADMIT, must};

    let official = app.token(
        Role::CountyOfficial,
        Some(mineright::demo::admission::COUNTY),
    );
    let revision = must(
        app,
        &official,
        "mutation { reviseCountyPlan(id: \"1\") { id newMines { id block { id } } } }",
        json!({}),
    )
    .await["data"]["reviseCountyPlan"]
        .clone();
    let plan = &revision["id"];
    let block_1 = revision["newMines"]
        .as_array()
        .and_then(|entries| entries.iter().find(|e| e["block"]["id"] == "1"))
        .map(|e| e["id"].clone());
    let steps = [
        "mutation($p: ID!, $e: ID) { removePlanEntry(planId: $p, entryId: $e) { id } }",
        "mutation($p: ID!, $y: Int!) { addNewMineEntry(planId: $p, input: { blockId: \"1\", transferYear: $y }) { id } }",
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
    ];
    let next = year + 1;
    let variables = json!({ "p": plan, "e": block_1, "y": next });
    for step in steps {
        must(app, &official, step, variables.clone()).await;
    }
    must(
        app,
        &app.token(Role::CityApprover, None),
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    let admin = app.admin();
    must(app, &admin, ADMIT, json!({ "year": next, "block": "1" })).await;
    let left = must(
        app,
        &admin,
        "query($y: Int!) { transferPlan(year: $y) { entries { id withdrawn withdrawnReason } } }",
        json!({ "y": year }),
    )
    .await;
    let entries = left["data"]["transferPlan"]["entries"].as_array().cloned();
    let first = entries.and_then(|all| all.into_iter().find(|e| e["id"] == "1"));
    assert_eq!(
        first,
        Some(
            json!({ "id": "1", "withdrawn": true, "withdrawnReason": format!("流拍后转入{next}年出让计划") })
        ),
        "{left}"
    );
}

/// The demo's reference layers (docs/spatial.md): the second block's screen finds the
/// farmland it overlaps, a warning for the survey; the first touches the red line at one
/// corner, which is no overlap. Neither blocks.
#[tokio::test]
async fn the_demo_screens_its_blocks_against_its_layers() {
    use serde_json::json;

    let app = crate::helpers::TestApp::spawn_demo().await;
    let screen = "query($id: ID!) { block(id: $id) { spatialScreen { blocking
        findings { layerKind featureName overlaps shareOfBlock distanceM severity } } } }";
    let admin = app.admin();
    let first = app.gql(Some(&admin), screen, json!({"id": "1"})).await;
    let first = &first["data"]["block"]["spatialScreen"];
    assert_eq!(first["blocking"], json!(false), "{first}");
    assert_eq!(
        first["findings"][0]["layerKind"],
        json!("ECOLOGICAL_RED_LINE"),
        "{first}"
    );
    assert_eq!(first["findings"][0]["overlaps"], json!(false), "{first}");
    let apart = first["findings"][0]["distanceM"].as_f64().unwrap_or(1.0);
    assert!(apart < 0.001, "touching within 1 mm: {first}");
    let second = app.gql(Some(&admin), screen, json!({"id": "2"})).await;
    let second = &second["data"]["block"]["spatialScreen"];
    assert_eq!(second["blocking"], json!(false), "{second}");
    let farmland = &second["findings"][0];
    assert_eq!(farmland["layerKind"], json!("BASIC_FARMLAND"), "{second}");
    assert_eq!(farmland["overlaps"], json!(true), "{second}");
    assert_eq!(farmland["severity"], json!("WARNING"), "{second}");
    let share = farmland["shareOfBlock"].as_f64().unwrap_or_default();
    assert!(share > 0.1 && share < 0.9, "{second}");
}
