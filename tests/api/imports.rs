//! `importMines` through the router with real multipart uploads: workbooks made by other
//! tools (openpyxl, xlwt and odfpy, `tests/fixtures/make_registry.py`), the export read back into another
//! deployment (the round trip), idempotent re-imports, malformed files each answered with
//! their problems and no writes, the upload limit, and who may import.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU, mine_input};

const IMPORT: &str = "mutation($file: Upload!, $dryRun: Boolean) { importMines(file: $file, dryRun: $dryRun) { \
    dryRun rowsRead created updated unchanged problems { row column message } } }";

/// Posts `bytes` as the file of `importMines`.
async fn import(app: &TestApp, token: Option<&str>, bytes: Vec<u8>, dry_run: bool) -> (u16, Value) {
    app.upload(
        token,
        (IMPORT, json!({ "dryRun": dry_run })),
        ("名录.xlsx", bytes),
    )
    .await
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

/// a workbook another tool made imports, and importing it again changes nothing.
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
    // The same registry as Excel 97-2003 and OpenDocument write it reads cell for cell
    // alike: every mine unchanged.
    for other in ["registry-xlwt.xls", "registry-odfpy.ods"] {
        let (_, same) = import(&app, Some(&admin), fixture(other), false).await;
        assert_eq!(
            (
                report(&same)["rowsRead"].clone(),
                report(&same)["unchanged"].clone(),
                report(&same)["problems"].clone()
            ),
            (json!(2), json!(2), json!([])),
            "{other}: {same}"
        );
    }
}

/// the exported registry imported into another deployment exports the same cells, a
/// recorded violation and a licensed boundary (in zone 38's notation) among them.
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
            // Stopped after it was found producing without its safety licence (CLOSE-1).
            input["suspendedSince"] = json!("2024-03-01");
            input["hasSafetyLicence"] = json!(false);
            input["violation"] = json!({ "kind": "NO_SAFETY_LICENCE", "foundOn": "2024-02-20",
                "foundBy": "泽州县应急管理局" });
        }
        input["licenceLevel"] = json!("CITY");
        input["miningMethod"] = json!("UNDERGROUND");
        if n == 0 {
            input["corners"] = json!([
                { "zone": 38, "x": 3_929_875.0, "y": 38_389_875.0 },
                { "zone": 38, "x": 3_929_875.0, "y": 38_390_125.0 },
                { "zone": 38, "x": 3_930_125.0, "y": 38_390_125.0 },
            ]);
        }
        source.create_mine(input).await;
    }
    // An unlicensed mine, known by its county and name.
    let mut unlicensed = mine_input(ZEZHOU, "unused");
    unlicensed["licenceNo"] = json!(null);
    unlicensed["licenceLevel"] = json!(null);
    unlicensed["hasMiningLicence"] = json!(false);
    unlicensed["name"] = json!("无证矿点（全角）");
    source.create_mine(unlicensed).await;
    let export = async |app: &TestApp| {
        app.download(Some(&app.admin()), "/exports/mines.xlsx?county=140525")
            .await
            .1
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
    let sent = cells(exported);
    assert!(
        sent.iter()
            .any(|row| row.iter().any(|c| c == "未取得安全生产许可证擅自开采")),
        "the violation is exported"
    );
    let boundary = "1,3929875.00,38389875.00；2,3929875.00,38390125.00；3,3930125.00,38390125.00";
    assert!(
        sent.iter().any(|row| row.iter().any(|c| c == boundary)),
        "the boundary is exported: {sent:?}"
    );
    assert_eq!(cells(export(&target).await), sent, "every column the same");
}

/// each malformed file gets its answer and writes nothing.
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

/// the upload limit, and who may import what.
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

const IMPORT_ATTACHMENT: &str = "mutation($plan: ID!, $n: Int!, $file: Upload!, $dryRun: Boolean) { \
    importAttachment(planId: $plan, attachment: $n, file: $file, dryRun: $dryRun) { \
    dryRun rowsRead created updated unchanged problems { row column message } } }";

/// Posts `bytes` as attachment `n` of plan `plan`.
async fn import_attachment(
    app: &TestApp,
    token: &str,
    plan: &str,
    n: i32,
    bytes: Vec<u8>,
    dry_run: bool,
) -> Value {
    let variables = json!({ "plan": plan, "n": n, "dryRun": dry_run });
    app.upload(
        Some(token),
        (IMPORT_ATTACHMENT, variables),
        ("附件.xlsx", bytes),
    )
    .await
    .1
}

/// attachments 2 and 4 exported from a plan, its entries removed, imported back:
/// the same entries (re-import unchanged), the same cells; a new block needs its columns;
/// a row the rules refuse names its rule.
#[tokio::test]
async fn attachments_round_trip_into_a_plan_being_drafted() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    let mut closing = mine_input(ZEZHOU, "ATT-CLOSE");
    closing["hasSafetyLicence"] = json!(false);
    let closing = app.create_mine(closing).await;
    let mut exiting = mine_input(ZEZHOU, "ATT-EXIT");
    exiting["resourcesExhausted"] = json!(true);
    exiting["latitude"] = json!(35.5);
    let exiting = app.create_mine(exiting).await;
    let add = "mutation($p: ID!, $m: ID!, $method: Disposition!) { addClosureEntry(planId: $p, input: { mineId: $m, method: $method, \
               closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }";
    for (mine, method) in [(&closing, "CLOSE"), (&exiting, "EXIT")] {
        let body = app
            .gql(
                Some(&official),
                add,
                json!({ "p": plan, "m": mine, "method": method }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let block = app
        .create_block(crate::helpers::block_input(ZEZHOU, "南村铁矿区块"))
        .await;
    let body = app
        .gql(
            Some(&official),
            "mutation($p: ID!, $b: ID!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: 2026 }) { id } }",
            json!({ "p": plan, "b": block }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let export = async |n: i32| {
        let path = format!("/exports/county-plans/{plan}/attachment-{n}.xlsx");
        app.download(Some(&official), &path).await.1
    };
    let (two, four) = (export(2).await, export(4).await);
    let entries = app
        .gql(
            Some(&official),
            "query($p: ID!) { countyPlan(id: $p) { closures { id } newMines { id } } }",
            json!({ "p": plan }),
        )
        .await;
    let ids: Vec<String> = ["closures", "newMines"]
        .iter()
        .flat_map(|list| {
            entries["data"]["countyPlan"][list]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|entry| entry["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 3, "{entries}");
    for entry in &ids {
        let body = app
            .gql(
                Some(&official),
                "mutation($p: ID!, $e: ID!) { removePlanEntry(planId: $p, entryId: $e) { id } }",
                json!({ "p": plan, "e": entry }),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let dry = import_attachment(&app, &official, &plan, 2, two.clone(), true).await;
    assert_eq!(dry["data"]["importAttachment"]["created"], 2, "{dry}");
    for (n, bytes) in [(2, two.clone()), (4, four.clone())] {
        let done = import_attachment(&app, &official, &plan, n, bytes.clone(), false).await;
        let report = &done["data"]["importAttachment"];
        assert_eq!(
            (report["problems"].clone(), report["created"].as_u64()),
            (json!([]), Some(if n == 2 { 2 } else { 1 })),
            "{done}"
        );
        let again = import_attachment(&app, &official, &plan, n, bytes, false).await;
        assert_eq!(
            again["data"]["importAttachment"]["unchanged"].as_u64(),
            Some(if n == 2 { 2 } else { 1 }),
            "{again}"
        );
    }
    let cells = |bytes: Vec<u8>, sheet: &str| -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let range = book.worksheet_range(sheet).expect("sheet");
        range
            .rows()
            .map(|row| row.iter().map(ToString::to_string).collect())
            .collect()
    };
    assert_eq!(
        cells(export(2).await, "附件2"),
        cells(two, "附件2"),
        "attachment 2 the same"
    );
    assert_eq!(
        cells(export(4).await, "附件4"),
        cells(four, "附件4"),
        "attachment 4 the same"
    );

    // The seed's own seven columns create a new block; what the form lacks stays unstated,
    // and eligibility names it (NOT_STATED) until updateBlock states it.
    let header = "序号,拟设矿业权名称（规划区块）,开采矿种,矿区面积（平方公里）,预测资源量（万吨）,地理位置,拟出让年度";
    let csv = format!("{header}\n1,北岭石料区块,83907,0.8,900万吨,北岭村,2027\n");
    let body = import_attachment(&app, &official, &plan, 4, csv.into_bytes(), false).await;
    assert_eq!(body["data"]["importAttachment"]["created"], 1, "{body}");
    let read = must(
        &app,
        &official,
        "{ blocks(filter: { search: \"北岭石料\" }) { edges { node { id version designedProductionScale \
           miningMethod inMasterPlan unstated eligibility(year: 2027) { checks { ruleId code passed detail } } } } } }",
        json!({}),
    )
    .await;
    let block = &read["data"]["blocks"]["edges"][0]["node"];
    assert_eq!(
        (
            block["designedProductionScale"].clone(),
            block["miningMethod"].clone(),
            block["inMasterPlan"].clone(),
            block["unstated"].clone()
        ),
        (
            Value::Null,
            Value::Null,
            Value::Null,
            json!(["designedProductionScale", "miningMethod", "inMasterPlan"])
        ),
        "{read}"
    );
    let waiting: Vec<(String, String)> = block["eligibility"]["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|check| check["code"] == "NOT_STATED")
        .map(|check| (check["ruleId"].to_string(), check["detail"].to_string()))
        .collect();
    assert!(
        waiting.len() >= 3,
        "NEW-1 gate, production class, service life (and a cap): {read}"
    );
    assert!(waiting[0].0.contains("NEW-1") && waiting[0].1.contains("inMasterPlan"));
    assert!(
        waiting[1]
            .1
            .contains("designedProductionScale、miningMethod")
    );
    let csv = format!(
        "{header},设计生产规模（万吨/年）,开采方式,符合矿产资源规划\n1,南岭石料区块,83907,0.8,900万吨,南岭村,2027,60,露天开采,是\n"
    );
    let body = import_attachment(&app, &official, &plan, 4, csv.into_bytes(), false).await;
    assert_eq!(body["data"]["importAttachment"]["created"], 1, "{body}");

    // A CLOSE mine marked for exit: refused by its rule, nothing written.
    let csv = "序号,矿山名称,采矿许可证号,关闭取缔,引导退出,关闭退出时间\n1,,ATT-CLOSE-2,,√,2025年6月30日\n";
    let mut other = mine_input(ZEZHOU, "ATT-CLOSE-2");
    other["hasSafetyLicence"] = json!(false);
    other["latitude"] = json!(35.9);
    app.create_mine(other).await;
    let body = import_attachment(&app, &official, &plan, 2, csv.as_bytes().to_vec(), false).await;
    let problem = &body["data"]["importAttachment"]["problems"][0];
    assert!(
        problem["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("CLOSE-")),
        "{body}"
    );
    assert_eq!(body["data"]["importAttachment"]["created"], 0);
}
