//! `importMines` through the router with real multipart uploads: a workbook made by another
//! tool (openpyxl, `tests/fixtures/make_registry.py`), the export read back into another
//! deployment (the round trip), idempotent re-imports, malformed files each answered with
//! their problems and no writes, the upload limit, and who may import.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, ZEZHOU, mine_input};

const IMPORT: &str = "mutation($file: Upload!, $dryRun: Boolean) { importMines(file: $file, dryRun: $dryRun) { \
    dryRun rowsRead created updated unchanged problems { row column message } } }";

/// Posts `bytes` as the `file` variable of `importMines`.
async fn import(app: &TestApp, token: Option<&str>, bytes: Vec<u8>, dry_run: bool) -> (u16, Value) {
    let operations = json!({ "query": IMPORT, "variables": { "file": null, "dryRun": dry_run } });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes).file_name("名录.xlsx"),
        );
    let mut request = app.client.post(app.url("/graphql")).multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

async fn mine_count(app: &TestApp) -> u64 {
    let body = app
        .gql(
            Some(&app.admin()),
            "{ mines(first: 1) { totalCount } }",
            json!({}),
        )
        .await;
    body["data"]["mines"]["totalCount"].as_u64().expect("count")
}

fn report(body: &Value) -> &Value {
    &body["data"]["importMines"]
}

/// issue 11: a workbook another tool made imports, and importing it again changes nothing.
#[tokio::test]
async fn a_workbook_made_by_another_tool_imports_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let (status, dry) = import(&app, Some(&admin), fixture("registry-openpyxl.xlsx"), true).await;
    assert_eq!(status, 200);
    assert_eq!(
        report(&dry),
        &json!({ "dryRun": true, "rowsRead": 2, "created": 2, "updated": 0, "unchanged": 0, "problems": [] }),
        "{dry}"
    );
    assert_eq!(mine_count(&app).await, 0, "a dry run writes nothing");
    let (_, done) = import(&app, Some(&admin), fixture("registry-openpyxl.xlsx"), false).await;
    assert_eq!(report(&done)["created"], 2, "{done}");
    let mines = app
        .gql(
            Some(&admin),
            "{ mines(first: 5, filter: { search: \"【夹具】\" }) { edges { node { name licenceNo mineralCode productionScale remainingReserves countyCode licenceValidUntil status hasSafetyLicence } } } }",
            json!({}),
        )
        .await;
    let nodes: Vec<Value> = mines["data"]["mines"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["node"].clone())
        .collect();
    assert_eq!(
        nodes,
        [
            json!({ "name": "【夹具】甲石料厂", "licenceNo": "C1405252024001", "mineralCode": "BUILDING_STONE", "productionScale": 60.0,
                    "remainingReserves": 600.0, "countyCode": ZEZHOU, "licenceValidUntil": "2030-06-30", "status": "PRODUCING", "hasSafetyLicence": true }),
            json!({ "name": "【夹具】乙铁矿", "licenceNo": "C1405252024002", "mineralCode": "IRON", "productionScale": 20.0,
                    "remainingReserves": 400.0, "countyCode": ZEZHOU, "licenceValidUntil": "2031-12-31", "status": "PRODUCING", "hasSafetyLicence": false }),
        ]
    );
    let (_, again) = import(&app, Some(&admin), fixture("registry-openpyxl.xlsx"), false).await;
    assert_eq!(
        (
            report(&again)["created"].clone(),
            report(&again)["updated"].clone(),
            report(&again)["unchanged"].clone()
        ),
        (json!(0), json!(0), json!(2)),
        "a re-import changes nothing: {again}"
    );
}

/// issue 11: the exported registry imported into another deployment exports the same cells.
#[tokio::test]
async fn the_exported_registry_round_trips_column_for_column() {
    let source = TestApp::spawn().await;
    for (n, (scale, status)) in [(30.0, "PRODUCING"), (12.5, "SUSPENDED")]
        .into_iter()
        .enumerate()
    {
        let mut input = mine_input(ZEZHOU, &format!("RT-{n}"));
        input["productionScale"] = json!(scale);
        input["status"] = json!(status);
        if status == "SUSPENDED" {
            input["suspendedSince"] = json!("2024-03-01");
        }
        input["licenceLevel"] = json!("CITY");
        input["miningMethod"] = json!("UNDERGROUND");
        source.create_mine(input).await;
    }
    // An unlicensed mine, known by its county and name.
    let mut unlicensed = mine_input(ZEZHOU, "unused");
    unlicensed["licenceNo"] = json!(null);
    unlicensed["licenceLevel"] = json!(null);
    unlicensed["hasMiningLicence"] = json!(false);
    unlicensed["name"] = json!("无证矿点（全角）");
    source.create_mine(unlicensed).await;
    let export = |app: &TestApp| {
        let request = app
            .client
            .get(app.url("/exports/mines.xlsx?county=140525"))
            .bearer_auth(app.admin());
        async move {
            request
                .send()
                .await
                .expect("export")
                .bytes()
                .await
                .expect("bytes")
                .to_vec()
        }
    };
    let exported = export(&source).await;
    let target = TestApp::spawn().await;
    let (_, done) = import(&target, Some(&target.admin()), exported.clone(), false).await;
    assert_eq!(
        (
            report(&done)["created"].clone(),
            report(&done)["problems"].clone()
        ),
        (json!(3), json!([])),
        "{done}"
    );
    let (_, again) = import(&target, Some(&target.admin()), exported.clone(), false).await;
    assert_eq!(report(&again)["unchanged"], 3, "{again}");
    let cells = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let range = book.worksheet_range("矿山名录").expect("sheet");
        range
            .rows()
            .skip(1)
            .map(|row| row.iter().map(ToString::to_string).collect())
            .collect()
    };
    assert_eq!(
        cells(export(&target).await),
        cells(exported),
        "every column the same"
    );
}

/// issue 11: each malformed file gets its answer and writes nothing.
#[tokio::test]
async fn malformed_files_are_answered_with_their_problems_and_write_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    for (file, row, column, says) in [
        ("registry-wrong-header.xlsx", 2, "开采矿种", "找不到表头"),
        ("registry-empty-row.xlsx", 4, "", "空行"),
        ("registry-merged.xlsx", 3, "", "合并单元格"),
        ("registry-duplicate.xlsx", 4, "采矿许可证号", "与第3行"),
    ] {
        let (_, body) = import(&app, Some(&admin), fixture(file), false).await;
        let problem = &report(&body)["problems"][0];
        assert_eq!(
            (problem["row"].clone(), problem["column"].clone()),
            (json!(row), json!(column)),
            "{file}: {body}"
        );
        assert!(
            problem["message"]
                .as_str()
                .is_some_and(|m| m.contains(says)),
            "{file}: {body}"
        );
    }
    let (_, body) = import(
        &app,
        Some(&admin),
        fixture("registry-bad-cells.xlsx"),
        false,
    )
    .await;
    let columns: Vec<&str> = report(&body)["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["column"].as_str())
        .collect();
    assert_eq!(
        columns,
        [
            "开采矿种",
            "生产规模（万吨/年）",
            "县（市、区）",
            "采矿许可证有效期止",
            "持有安全生产许可证"
        ],
        "{body}"
    );
    assert_eq!(
        report(&body)["created"],
        0,
        "the good row is not written alone"
    );

    let (_, body) = import(&app, Some(&admin), b"%PDF-1.7\n\x00binary".to_vec(), false).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["field"], "file");
    assert_eq!(mine_count(&app).await, 0);
}

/// issue 11: the upload limit, and who may import what.
#[tokio::test]
async fn uploads_have_their_limit_and_imports_their_scope() {
    let app = TestApp::spawn_with(|config| config.upload_limit = 64 * 1024).await;
    let admin = app.admin();
    let (status, _) = import(&app, Some(&admin), vec![b'a'; 100 * 1024], true).await;
    assert_eq!(status, 413);
    let (status, body) = import(&app, None, fixture("registry-openpyxl.xlsx"), true).await;
    assert_eq!(
        (status, body["errors"][0]["extensions"]["code"].clone()),
        (200, json!("UNAUTHENTICATED"))
    );
    let integrator = app.token(Role::Integrator, None);
    let (_, body) = import(
        &app,
        Some(&integrator),
        fixture("registry-openpyxl.xlsx"),
        true,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let gaoping = app.token(Role::CountyOfficial, Some(crate::helpers::GAOPING));
    let (_, body) = import(
        &app,
        Some(&gaoping),
        fixture("registry-openpyxl.xlsx"),
        false,
    )
    .await;
    assert_eq!(
        report(&body)["problems"][0]["column"],
        "县（市、区）",
        "{body}"
    );
    assert_eq!(mine_count(&app).await, 0);
    let zezhou = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let (_, body) = import(
        &app,
        Some(&zezhou),
        fixture("registry-openpyxl.xlsx"),
        false,
    )
    .await;
    assert_eq!(report(&body)["created"], 2, "{body}");
}
