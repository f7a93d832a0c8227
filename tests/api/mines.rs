//! The mine registry through GraphQL: create, read back, validate, update, archive, list.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{CREATE_MINE, GAOPING, TestApp, ZEZHOU, error_code, error_field, mine_input};

const UPDATE: &str = "mutation($id: ID!, $version: Int!, $input: MinePatch!) {
    updateMine(id: $id, version: $version, input: $input) { id name version licenceNo latitude longitude productionScale } }";

async fn create_err(app: &TestApp, input: Value) -> Value {
    app.gql(Some(&app.admin()), CREATE_MINE, json!({ "input": input }))
        .await
}

#[tokio::test]
async fn a_created_mine_reads_back_with_every_fact() {
    let app = TestApp::spawn().await;
    let mut input = mine_input(ZEZHOU, "READ-1");
    input["status"] = json!("SUSPENDED");
    input["suspendedSince"] = json!("2024-03-01");
    input["suspensionOrdered"] = json!(true);
    input["oreBodyId"] = json!("ORE-7");
    input["licenceValidFrom"] = json!("2020-01-01");
    input["licenceValidUntil"] = json!("2030-01-01");
    let id = app.create_mine(input).await;
    let query = "query($id: ID!) { mine(id: $id) { id name holder holderType licenceNo countyCode county { name }
        mineral { code } productionScale productionScaleClass remainingReserves serviceYears status suspendedSince
        suspensionOrdered oreBodyId licenceValidFrom licenceValidUntil hasMiningLicence version archived } }";
    let body = app
        .gql(Some(&app.admin()), query, json!({ "id": id }))
        .await;
    let mine = &body["data"]["mine"];
    assert_eq!(mine["name"], "测试矿山READ-1");
    assert_eq!(mine["county"]["name"], "泽州县");
    assert_eq!(mine["mineral"]["code"], "BUILDING_STONE");
    assert_eq!(mine["productionScaleClass"], "MEDIUM");
    assert_eq!(mine["serviceYears"], 10.0);
    assert_eq!(mine["status"], "SUSPENDED");
    assert_eq!(mine["suspendedSince"], "2024-03-01");
    assert_eq!(mine["suspensionOrdered"], true);
    assert_eq!(mine["oreBodyId"], "ORE-7");
    assert_eq!(mine["licenceValidUntil"], "2030-01-01");
    assert_eq!(mine["hasMiningLicence"], true);
    assert_eq!(mine["version"], 1);
    assert_eq!(mine["archived"], false);
}

#[tokio::test]
async fn invalid_input_names_the_field() {
    let app = TestApp::spawn().await;
    let cases: Vec<(&str, Value)> = vec![
        ("countyCode", json!({ "countyCode": "140599" })),
        ("mineralCode", json!({ "mineralCode": "UNOBTAINIUM" })),
        ("productionScale", json!({ "productionScale": 0 })),
        ("productionScale", json!({ "productionScale": -5 })),
        ("remainingReserves", json!({ "remainingReserves": -1 })),
        (
            "licenceValidUntil",
            json!({ "licenceValidFrom": "2024-01-02", "licenceValidUntil": "2024-01-01" }),
        ),
        ("name", json!({ "name": "   " })),
        ("suspendedSince", json!({ "status": "SUSPENDED" })),
    ];
    for (field, change) in cases {
        let mut input = mine_input(ZEZHOU, "BAD-1");
        for (key, value) in change.as_object().expect("object") {
            input[key] = value.clone();
        }
        let body = create_err(&app, input).await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{field}: {body}");
        assert_eq!(error_field(&body), Some(field), "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| !m.is_ascii()),
            "Chinese message: {body}"
        );
    }
    let listed = app
        .gql(Some(&app.admin()), "{ mines { totalCount } }", json!({}))
        .await;
    assert_eq!(
        listed["data"]["mines"]["totalCount"], 0,
        "nothing half-written"
    );
}

#[tokio::test]
async fn licence_numbers_are_unique_but_unlicensed_sites_may_be_many() {
    let app = TestApp::spawn().await;
    app.create_mine(mine_input(ZEZHOU, "DUP-1")).await;
    let body = create_err(&app, mine_input(GAOPING, "DUP-1")).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&body), Some("licenceNo"));
    for _ in 0..2 {
        let mut input = mine_input(ZEZHOU, "none");
        input["licenceNo"] = Value::Null;
        input["hasMiningLicence"] = json!(false);
        app.create_mine(input).await;
    }
}

#[tokio::test]
async fn update_applies_a_patch_and_bumps_the_version() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "UPD-1")).await;
    let admin = app.admin();
    let patch =
        json!({ "name": "改名矿山", "latitude": null, "longitude": null, "productionScale": 80 });
    let body = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "id": id, "version": 1, "input": patch }),
        )
        .await;
    let mine = &body["data"]["updateMine"];
    assert_eq!(mine["name"], "改名矿山", "{body}");
    assert_eq!(mine["version"], 2);
    assert_eq!(mine["licenceNo"], "UPD-1", "omitted fields are kept");
    assert!(mine["latitude"].is_null(), "explicit null clears");
    assert_eq!(mine["productionScale"], 80.0);
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_a_required_null_is_refused() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "UPD-2")).await;
    let admin = app.admin();
    app.gql(
        Some(&admin),
        UPDATE,
        json!({ "id": id, "version": 1, "input": { "name": "一" } }),
    )
    .await;
    let stale = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "id": id, "version": 1, "input": { "name": "二" } }),
        )
        .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    let null = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "id": id, "version": 2, "input": { "name": null } }),
        )
        .await;
    assert_eq!(error_code(&null), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&null), Some("name"));
    let missing = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "id": "999999", "version": 1, "input": {} }),
        )
        .await;
    assert_eq!(error_code(&missing), Some("NOT_FOUND"));
}

#[tokio::test]
async fn archiving_hides_a_mine_from_lists_but_never_deletes_it() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "ARC-1")).await;
    let admin = app.admin();
    let archive = "mutation($id: ID!) { archiveMine(id: $id, reason: \"已注销\") { archived archivedReason version } }";
    let body = app.gql(Some(&admin), archive, json!({ "id": id })).await;
    assert_eq!(body["data"]["archiveMine"]["archived"], true, "{body}");
    assert_eq!(body["data"]["archiveMine"]["version"], 2);
    let again = app.gql(Some(&admin), archive, json!({ "id": id })).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    let listed = app
        .gql(Some(&admin), "{ mines { totalCount } }", json!({}))
        .await;
    assert_eq!(listed["data"]["mines"]["totalCount"], 0);
    let all = app
        .gql(
            Some(&admin),
            "{ mines(filter: { includeArchived: true }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(all["data"]["mines"]["totalCount"], 1);
    let edit = app
        .gql(
            Some(&admin),
            UPDATE,
            json!({ "id": id, "version": 2, "input": { "name": "x" } }),
        )
        .await;
    assert_eq!(error_code(&edit), Some("CONFLICT"));
}

#[tokio::test]
async fn pages_walk_the_whole_list_with_cursors_and_filters() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        app.create_mine(mine_input(ZEZHOU, &format!("PG-Z{i}")))
            .await;
        let mut input = mine_input(GAOPING, &format!("PG-G{i}"));
        input["mineralCode"] = json!("IRON");
        app.create_mine(input).await;
    }
    let admin = app.admin();
    let query = "query($after: String, $filter: MineFilter) { mines(first: 3, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { licenceNo } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = app
            .gql(Some(&admin), query, json!({ "after": after }))
            .await;
        let page = &body["data"]["mines"];
        for edge in page["edges"].as_array().expect("edges") {
            seen.push(
                edge["node"]["licenceNo"]
                    .as_str()
                    .expect("licence")
                    .to_owned(),
            );
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 10);
    let iron = app
        .gql(
            Some(&admin),
            query,
            json!({ "filter": { "mineralCode": "IRON", "countyCode": GAOPING } }),
        )
        .await;
    assert_eq!(iron["data"]["mines"]["totalCount"], 5);
    let search = app
        .gql(
            Some(&admin),
            query,
            json!({ "filter": { "search": "PG-Z3" } }),
        )
        .await;
    assert_eq!(search["data"]["mines"]["totalCount"], 1);
    let too_many = app
        .gql(
            Some(&admin),
            "{ mines(first: 101) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&too_many), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&too_many), Some("first"));
    let bad_cursor = app
        .gql(
            Some(&admin),
            "{ mines(after: \"garbage\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_field(&bad_cursor), Some("after"));
}

#[tokio::test]
async fn reads_are_scoped_and_out_of_scope_reads_never_leak() {
    let app = TestApp::spawn().await;
    let zezhou_mine = app.create_mine(mine_input(ZEZHOU, "SC-1")).await;
    app.create_mine(mine_input(GAOPING, "SC-2")).await;
    let one = "query($id: ID!) { mine(id: $id) { id } }";
    let count = "{ mines { totalCount edges { node { countyCode } } } }";

    let gaoping = app.token(Role::CountyOfficial, Some(GAOPING));
    let foreign = app
        .gql(Some(&gaoping), one, json!({ "id": zezhou_mine }))
        .await;
    assert!(
        foreign["data"]["mine"].is_null() && foreign["errors"].is_null(),
        "{foreign}"
    );
    let own = app.gql(Some(&gaoping), count, json!({})).await;
    assert_eq!(own["data"]["mines"]["totalCount"], 1);
    assert_eq!(
        own["data"]["mines"]["edges"][0]["node"]["countyCode"],
        GAOPING
    );

    for (role, expected) in [
        (Role::CityApprover, 2),
        (Role::Auditor, 2),
        (Role::Integrator, 0),
        (Role::DepartmentReviewer, 0),
    ] {
        let body = app
            .gql(Some(&app.token(role, Some(ZEZHOU))), count, json!({}))
            .await;
        assert_eq!(body["data"]["mines"]["totalCount"], expected, "{role:?}");
    }
    let anonymous = app.gql(None, count, json!({})).await;
    assert_eq!(anonymous["data"]["mines"]["totalCount"], 0);
    let anonymous_one = app.gql(None, one, json!({ "id": zezhou_mine })).await;
    assert!(anonymous_one["data"]["mine"].is_null());
}

#[tokio::test]
async fn a_corrupt_stored_code_is_an_error_not_a_null_or_a_skip() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "CORRUPT-1")).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        &format!("UPDATE mines SET status = 'BOGUS' WHERE id = {id}"),
    )
    .await
    .expect("corrupt the row");
    let body = app
        .gql(
            Some(&app.admin()),
            "query($id: ID!) { mine(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&body), Some("INTERNAL"), "{body}");
    assert!(
        !body.to_string().contains("BOGUS"),
        "no internal text: {body}"
    );
    let lists = app
        .gql(
            Some(&app.admin()),
            &format!("{{ rectificationLists(countyCode: \"{ZEZHOU}\") {{ asOf }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(&lists),
        Some("INTERNAL"),
        "the rules never run without it: {lists}"
    );
}

#[tokio::test]
async fn a_neighbour_with_a_malformed_stored_mineral_fails_the_assessment_loudly() {
    let app = TestApp::spawn().await;
    let assessed = app.create_mine(mine_input(ZEZHOU, "CORRUPT-A")).await;
    let neighbour = app.create_mine(mine_input(ZEZHOU, "CORRUPT-B")).await;
    for statement in [
        "INSERT INTO minerals (code, name, production_unit, reserves_unit, sand_stone_soil, \
         ordinary_sand_stone, sort_order) VALUES ('building stone', '坏数据', '万吨/年', '万吨', \
         false, false, 999)"
            .to_owned(),
        format!("UPDATE mines SET mineral_code = 'building stone' WHERE id = {neighbour}"),
    ] {
        sea_orm::ConnectionTrait::execute_unprepared(&app.state.db, &statement)
            .await
            .expect("corrupt the neighbour");
    }
    let body = app
        .gql(
            Some(&app.admin()),
            "query($id: ID!) { mine(id: $id) { assessment { disposition } } }",
            json!({ "id": assessed }),
        )
        .await;
    assert_eq!(
        error_code(&body),
        Some("INTERNAL"),
        "the neighbour is never silently skipped: {body}"
    );
}

#[tokio::test]
async fn the_kept_counts_agree_with_a_real_count_through_every_kind_of_write() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let zezhou: Vec<String> = futures_util::future::join_all(
        (1..=3).map(|n| app.create_mine(mine_input(ZEZHOU, &format!("KEPT-Z{n}")))),
    )
    .await;
    app.create_mine(mine_input(GAOPING, "KEPT-G1")).await;
    let archive = "mutation($id: ID!) { archiveMine(id: $id, reason: \"测试\") { id } }";
    app.gql(Some(&admin), archive, json!({ "id": zezhou[0] }))
        .await;
    let moved = "mutation($id: ID!) { updateMine(id: $id, version: 1, \
        input: { countyCode: \"140581\" }) { countyCode } }";
    let body = app
        .gql(Some(&admin), moved, json!({ "id": zezhou[1] }))
        .await;
    assert_eq!(body["data"]["updateMine"]["countyCode"], GAOPING, "{body}");
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        &format!("DELETE FROM mines WHERE id = {}", zezhou[2]),
    )
    .await
    .expect("a row deleted behind the services' back");

    let counted = "query($filter: MineFilter) { mines(first: 1, filter: $filter) { totalCount } }";
    for (token, filter) in [
        (admin.clone(), json!({})),
        (admin.clone(), json!({ "includeArchived": true })),
        (
            admin.clone(),
            json!({ "countyCode": ZEZHOU, "includeArchived": true }),
        ),
        (admin.clone(), json!({ "countyCode": GAOPING })),
        (
            app.token(Role::CountyOfficial, Some(ZEZHOU)),
            json!({ "includeArchived": true }),
        ),
        (app.token(Role::CountyOfficial, Some(GAOPING)), json!({})),
    ] {
        let kept = app
            .gql(Some(&token), counted, json!({ "filter": filter }))
            .await;
        // The same filter with a mineral every test mine has forces a real count.
        let mut real_filter = filter.clone();
        real_filter["mineralCode"] = json!("BUILDING_STONE");
        let real = app
            .gql(Some(&token), counted, json!({ "filter": real_filter }))
            .await;
        assert_eq!(
            kept["data"]["mines"]["totalCount"], real["data"]["mines"]["totalCount"],
            "{filter}: {kept} vs {real}"
        );
    }
    let everything = app
        .gql(
            Some(&admin),
            counted,
            json!({ "filter": { "includeArchived": true } }),
        )
        .await;
    assert_eq!(everything["data"]["mines"]["totalCount"], 3, "{everything}");
}
