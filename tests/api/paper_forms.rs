//! The forms as county clerks fill them in (docs/api.md, "Imports"): a deadline
//! may name a period, read as its last day and said back; marks are 「√」 and its kin, and
//! 「/」 or 「—」 mean no mark; anything else is a problem naming its cell.

use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU, mine_input};

const IMPORT: &str = "mutation($plan: ID!, $file: Upload!, $dryRun: Boolean) { \
    importAttachment(planId: $plan, attachment: 2, file: $file, dryRun: $dryRun) { \
    created problems { row column message } readings { row column message } } }";
const HEADER: &str = "序号,矿山名称,采矿许可证号,关闭取缔,引导退出,关闭退出时间";

async fn import_two(app: &TestApp, token: &str, plan: &str, csv: String, dry_run: bool) -> Value {
    let variables = json!({ "plan": plan, "dryRun": dry_run });
    app.upload(
        Some(token),
        (IMPORT, variables),
        ("附件2.csv", csv.into_bytes()),
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
    let readings = report["readings"].as_array().cloned().unwrap_or_default();
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
