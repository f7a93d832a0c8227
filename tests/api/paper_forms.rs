//! The forms as county clerks fill them in (docs/api.md, "Imports"): a deadline
//! may name a period, read as its last day and said back; marks are 「√」 and its kin, and
//! 「/」 or 「—」 mean no mark; anything else is a problem naming its cell; a known block the
//! paper describes otherwise is a problem, never dropped silently.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU, mine_input};

const IMPORT: &str = "mutation($plan: ID!, $n: Int!, $file: Upload!, $dryRun: Boolean) { \
    importAttachment(planId: $plan, attachment: $n, file: $file, dryRun: $dryRun) { \
    created problems { row column message } readings { row column message } \
    changes { row action subject } } }";
const HEADER: &str = "序号,矿山名称,采矿许可证号,关闭取缔,引导退出,关闭退出时间";

async fn import_two(app: &TestApp, token: &str, plan: &str, csv: String, dry_run: bool) -> Value {
    import(app, token, (plan, 2), csv, dry_run).await
}

/// Imports `csv` as attachment `n` of `plan`; the report.
async fn import(
    app: &TestApp,
    token: &str,
    (plan, n): (&str, i32),
    csv: String,
    dry_run: bool,
) -> Value {
    let variables = json!({ "plan": plan, "n": n, "dryRun": dry_run });
    app.upload(
        Some(token),
        (IMPORT, variables),
        ("附件.csv", csv.into_bytes()),
    )
    .await
    .1["data"]["importAttachment"]
        .clone()
}

/// Two mines the close list must hold (CLOSE-1: no safety-production licence).
async fn closing_mines(app: &TestApp) -> [String; 2] {
    let mut ids = Vec::new();
    for (licence, latitude) in [("PAPER-1", 35.91), ("PAPER-2", 35.95)] {
        let mut mine = mine_input(ZEZHOU, licence);
        mine["hasSafetyLicence"] = json!(false);
        mine["latitude"] = json!(latitude);
        ids.push(app.create_mine(mine).await);
    }
    [ids[0].clone(), ids[1].clone()]
}

#[tokio::test]
async fn attachment_2_reads_periods_and_marks_as_the_clerk_wrote_them() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    let mines = closing_mines(&app).await;

    let unreadable = format!("{HEADER}\n1,,PAPER-1,√,x,2025年6月\n2,,PAPER-2,√,/,明年\n");
    let refused = import_two(&app, &official, &plan, unreadable, true).await;
    let cells: Vec<(Value, Value)> = refused["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p["row"].clone(), p["column"].clone()))
        .collect();
    assert_eq!(
        cells,
        [
            (json!(2), json!("引导退出")),
            (json!(3), json!("关闭退出时间"))
        ],
        "{refused}"
    );

    let written = format!("{HEADER}\n1,,PAPER-1,√,/,2025年6月\n2,,PAPER-2,✓,—,2025年底\n");
    let report = import_two(&app, &official, &plan, written, false).await;
    assert_eq!(report["problems"], json!([]), "{report}");
    assert_eq!(report["created"], 2);
    let readings: Vec<Value> = report["readings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["column"] == "关闭退出时间")
        .cloned()
        .collect();
    let said: Vec<(Value, Value, bool)> = readings
        .iter()
        .zip(["2025-06-30", "2025-12-31"])
        .map(|(r, day)| {
            let names_day = r["message"].as_str().is_some_and(|m| m.contains(day));
            (r["row"].clone(), r["column"].clone(), names_day)
        })
        .collect();
    assert_eq!(
        said,
        [
            (json!(2), json!("关闭退出时间"), true),
            (json!(3), json!("关闭退出时间"), true)
        ],
        "{report}"
    );
    let closures = must(
        &app,
        &official,
        "query($p: ID!) { countyPlan(id: $p) { closures { mine { id } method closeBy } } }",
        json!({ "p": plan }),
    )
    .await;
    assert_eq!(
        closures["data"]["countyPlan"]["closures"],
        json!([
            { "mine": { "id": mines[0] }, "method": "CLOSE", "closeBy": "2025-06-30" },
            { "mine": { "id": mines[1] }, "method": "CLOSE", "closeBy": "2025-12-31" }
        ])
    );
}

/// The restoration commitment is an optional column of attachment 2: read when the form
/// has it, and when it does not, the entry waits for one (the report says so) and the plan
/// is not submitted until it has one; nothing is invented.
#[tokio::test]
async fn attachment_2_asks_for_a_restoration_commitment_it_lacks() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    closing_mines(&app).await;
    let with_column = format!("{HEADER},生态修复完成时限\n1,,PAPER-1,√,/,2025年6月,2026年底\n");
    let report = import_two(&app, &official, &plan, with_column, false).await;
    assert_eq!(report["problems"], json!([]), "{report}");
    let without = format!("{HEADER}\n1,,PAPER-2,√,/,2025年6月\n");
    let report = import_two(&app, &official, &plan, without, false).await;
    let asked = report["readings"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|r| r["column"] == "生态修复完成时限" && r["row"] == 2);
    assert!(asked, "{report}");
    let closures = must(
        &app,
        &official,
        "query($p: ID!) { countyPlan(id: $p) { closures { id restorationDueBy } } }",
        json!({ "p": plan }),
    )
    .await["data"]["countyPlan"]["closures"]
        .clone();
    assert_eq!(closures[0]["restorationDueBy"], "2026-12-31");
    assert_eq!(closures[1]["restorationDueBy"], json!(null));
    crate::fixtures::with_division(&app, &official, &json!(plan)).await;
    let refused = app
        .gql(
            Some(&official),
            "mutation($p: ID!) { submitCountyPlan(id: $p) { status } }",
            json!({ "p": plan }),
        )
        .await;
    let field = format!(
        "entries[{}].restorationDueBy",
        closures[1]["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        refused["errors"][0]["extensions"]["field"], field,
        "{refused}"
    );
}

#[tokio::test]
async fn attachment_4_reports_a_known_block_it_describes_otherwise() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    app.create_block(crate::helpers::block_input(ZEZHOU, "南岭铁矿区块"))
        .await;
    let header = "序号,拟设矿业权名称（规划区块）,开采矿种,矿区面积（平方公里）,预测资源量（万吨）,地理位置,拟出让年度";
    let read = must(
        &app,
        &official,
        "{ blocks(filter: { countyCode: \"140525\" }) { edges { node { areaKm2 predictedResources location mineral { name } } } } }",
        json!({}),
    )
    .await;
    let block = read["data"]["blocks"]["edges"][0]["node"].clone();
    let row = |area: &str| {
        format!(
            "{header}\n1,南岭铁矿区块,{},{area},{},{},2026\n",
            block["mineral"]["name"].as_str().unwrap_or_default(),
            block["predictedResources"],
            block["location"].as_str().unwrap_or_default()
        )
    };
    let differs = import(&app, &official, (&plan, 4), row("9.9"), false).await;
    let problems = differs["problems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 1, "{differs}");
    assert_eq!(
        (problems[0]["row"].clone(), problems[0]["column"].clone()),
        (json!(2), json!("矿区面积（平方公里）"))
    );
    assert_eq!(differs["created"], 0, "nothing is written");
    let same = import(
        &app,
        &official,
        (&plan, 4),
        row(&block["areaKm2"].to_string()),
        false,
    )
    .await;
    assert_eq!(
        (
            same["problems"].clone(),
            same["created"].clone(),
            same["changes"].clone()
        ),
        (
            json!([]),
            json!(1),
            json!([{ "row": 2, "action": "CREATE", "subject": "南岭铁矿区块" }])
        ),
        "{same}"
    );
}

/// The answer to registry import `mutation` (a `$file` upload) of `file`, as the city admin.
pub(crate) async fn import_registry(
    app: &TestApp,
    mutation: &str,
    (name, bytes): (&str, Vec<u8>),
) -> Value {
    app.upload(Some(&app.admin()), (mutation, json!({})), (name, bytes))
        .await
        .1
}

/// A registry row as an office suite saves it back (figures at 15 significant digits) is
/// the same mine: no update, no new version, no audit entry.
#[tokio::test]
async fn a_registry_row_saved_back_by_an_office_suite_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut input = mine_input(ZEZHOU, "PAPER-ROUND");
    input["latitude"] = json!(35.3 + 0.02 * 2.0);
    input["productionScale"] = json!(0.1 + 0.2);
    let id = app.create_mine(input).await;
    let import = "mutation($file: Upload!) { importMines(file: $file) { created updated unchanged problems { message } } }";
    let csv = "矿山名称,采矿权人,采矿许可证号,开采矿种,生产规模（万吨/年）,剩余可采资源量（万吨）,县（市、区）,纬度,经度\n\
        测试矿山PAPER-ROUND,测试建材有限公司,PAPER-ROUND,BUILDING_STONE,0.3,600,140525,35.34,112.8\n";
    let body = import_registry(&app, import, ("名录.csv", csv.as_bytes().to_vec())).await;
    assert_eq!(
        body["data"]["importMines"],
        json!({ "created": 0, "updated": 0, "unchanged": 1, "problems": [] }),
        "{body}"
    );
    let version = must(
        &app,
        &app.admin(),
        "query($id: ID!) { mine(id: $id) { version } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(version["data"]["mine"]["version"], 1);
}

/// A row that names a mine by licence and describes another (its name, mineral or scale
/// as the registry does not record them) is a problem per cell, not ignored.
#[tokio::test]
async fn attachment_2_refuses_a_row_that_describes_its_mine_otherwise() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    closing_mines(&app).await;
    let header =
        "序号,矿山名称,采矿许可证号,开采矿种,生产规模（万吨/年）,关闭取缔,引导退出,关闭退出时间";
    let csv = |name: &str, scale: &str| {
        format!("{header}\n1,{name},PAPER-1,BUILDING_STONE,{scale},√,,2025-06-30\n")
    };
    let other = import_two(&app, &official, &plan, csv("别的矿山", "99"), false).await;
    let cells: Vec<Value> = other["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["column"].clone())
        .collect();
    assert_eq!(
        cells,
        [json!("矿山名称"), json!("生产规模（万吨/年）")],
        "{other}"
    );
    assert_eq!(other["created"], 0);
    let same = import_two(&app, &official, &plan, csv("测试矿山PAPER-1", "60"), false).await;
    assert_eq!(
        (
            same["problems"].clone(),
            same["created"].clone(),
            same["changes"].clone()
        ),
        (
            json!([]),
            json!(1),
            json!([{ "row": 2, "action": "CREATE", "subject": "测试矿山PAPER-1（PAPER-1）" }])
        ),
        "{same}"
    );
}

/// A dry run says which mine each row is about and every column it would change, old →
/// new, in the registry's words; a new mine is listed as created; nothing is written.
#[tokio::test]
async fn a_registry_dry_run_tells_each_change_old_to_new() {
    let app = TestApp::spawn().await;
    let id = app.create_mine(mine_input(ZEZHOU, "DRY-1")).await;
    let import = "mutation($file: Upload!) { importMines(file: $file, dryRun: true) { \
        created updated changes { row action subject fields { column from to } } } }";
    let csv = "矿山名称,采矿权人,采矿许可证号,开采矿种,生产规模（万吨/年）,剩余可采资源量（万吨）,县（市、区）,纬度\n\
        测试矿山DRY-1,测试建材有限公司,DRY-1,BUILDING_STONE,75,600,140525,35.5000000000000001\n\
        新矿山,新公司,DRY-2,BUILDING_STONE,30,300,140525,\n";
    let body = import_registry(&app, import, ("名录.csv", csv.as_bytes().to_vec())).await;
    assert_eq!(
        body["data"]["importMines"],
        json!({ "created": 1, "updated": 1, "changes": [
            { "row": 2, "action": "UPDATE", "subject": "测试矿山DRY-1（DRY-1）",
              "fields": [{ "column": "生产规模（万吨/年）", "from": "60", "to": "75" }] },
            { "row": 3, "action": "CREATE", "subject": "新矿山（DRY-2）", "fields": [] },
        ] }),
        "{body}"
    );
    let read = must(
        &app,
        &app.admin(),
        "query($id: ID!) { mine(id: $id) { productionScale version } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        read["data"]["mine"],
        json!({ "productionScale": 60.0, "version": 1 }),
        "a dry run writes nothing"
    );
}

/// Attachment 4 carries a block's boundary: a 拐点坐标 cell in the official notation (zone
/// from Y's prefix) creates the block with its corners, stored in degrees.
#[tokio::test]
async fn new_4_attachment_4_carries_the_corners_of_a_new_block() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    let csv = "序号,拟设矿业权名称（规划区块）,开采矿种,矿区面积（平方公里）,预测资源量（万吨）,地理位置,拟出让年度,拐点坐标\n\
        1,北岭铁矿区块,铁矿,0.25,1500,北岭村,2026,\"1,3930000.00,38520000.00；2,3930000.00,38520500.00；3,3930500.00,38520500.00；4,3930500.00,38520000.00\"\n";
    let report = import(&app, &official, (&plan, 4), csv.to_owned(), false).await;
    assert_eq!(report["created"], json!(1), "{report}");
    let read = must(
        &app,
        &official,
        "{ blocks(filter: { countyCode: \"140525\" }) { edges { node { name corners { latitude longitude } boundaryArea { computedKm2 zone } } } } }",
        json!({}),
    )
    .await;
    let block = &read["data"]["blocks"]["edges"][0]["node"];
    assert_eq!(block["corners"].as_array().map(Vec::len), Some(4), "{read}");
    let area = block["boundaryArea"]["computedKm2"]
        .as_f64()
        .unwrap_or_default();
    assert!((area - 0.25).abs() < 1e-6, "{read}");
    assert_eq!(block["boundaryArea"]["zone"], json!(38), "{read}");
    let refused = "序号,拟设矿业权名称（规划区块）,开采矿种,矿区面积（平方公里）,预测资源量（万吨）,地理位置,拟出让年度,拐点坐标\n\
        1,南岭铁矿区块,铁矿,0.25,1500,南岭村,2026,35.5\n";
    let report = import(&app, &official, (&plan, 4), refused.to_owned(), true).await;
    assert_eq!(
        report["problems"][0]["column"],
        json!("拐点坐标"),
        "{report}"
    );
}
