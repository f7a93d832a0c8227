//! An approved revision prints what it approved (docs/rules.md): its attachments export
//! the same cells after the registry changes the mines and blocks they name, for the
//! official and for the public, while the registry itself moves on.

use mineright::domain::access::Role;
use serde_json::json;

use crate::exports::{approved_plan, cells, workbook};
use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU};

#[tokio::test]
async fn an_approved_revision_exports_the_same_cells_after_the_registry_changes() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let export = async |token: Option<&str>, file: &str| {
        let (status, bytes) = app
            .download(token, &format!("/exports/county-plans/{plan}/{file}"))
            .await;
        assert_eq!(status, 200, "{file}");
        let sheet = if file == "attachment-2.xlsx" {
            "附件2"
        } else {
            "附件4"
        };
        cells(&mut workbook(bytes), sheet)
    };
    let before = (
        export(Some(&official), "attachment-2.xlsx").await,
        export(None, "attachment-2.xlsx").await,
        export(Some(&official), "attachment-4.xlsx").await,
    );
    let listed = must(
        &app,
        &official,
        "query($p: ID!) { countyPlan(id: $p) { closures { mine { id mine { version } } } \
         newMines { block { id version } } } }",
        json!({ "p": plan }),
    )
    .await["data"]["countyPlan"]
        .clone();
    for closure in listed["closures"].as_array().into_iter().flatten() {
        must(
            &app,
            &official,
            "mutation($m: ID!, $v: Int!) { updateMine(id: $m, version: $v, input: { \
             name: \"改名后的矿山\", productionScale: 99 }) { id } }",
            json!({ "m": closure["mine"]["id"], "v": closure["mine"]["mine"]["version"] }),
        )
        .await;
    }
    let block = &listed["newMines"][0]["block"];
    must(
        &app,
        &app.admin(),
        "mutation($b: ID!, $v: Int!) { updateBlock(id: $b, version: $v, input: { areaKm2: 9.5 }) { id } }",
        json!({ "b": block["id"], "v": block["version"] }),
    )
    .await;
    let after = (
        export(Some(&official), "attachment-2.xlsx").await,
        export(None, "attachment-2.xlsx").await,
        export(Some(&official), "attachment-4.xlsx").await,
    );
    assert_eq!(
        after, before,
        "the approved revision prints what it approved"
    );
    let registry = app
        .download(Some(&official), "/exports/mines.xlsx?county=140525")
        .await
        .1;
    let rows = cells(&mut workbook(registry), "矿山名录");
    assert!(
        rows.iter().any(|r| r[0] == "改名后的矿山"),
        "the registry itself moves on"
    );
}
