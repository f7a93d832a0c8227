//! The XLSX exports through the real router: attachment 2 checked cell by cell (title,
//! stamp line, merged headers, the mark in the right column, dates as dates), the other
//! attachments and registers by their rows, and the token rules of the data they hold.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use mineright::domain::access::Role;
use serde_json::json;

use crate::fixtures::{ADMIT, Scenario, must, surveyed};
use crate::helpers::{TestApp, ZEZHOU, mine_input};

pub(crate) fn workbook(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).expect("an XLSX workbook")
}

/// The sheet's cells as text (dates as yyyy-mm-dd), row by row from A1.
pub(crate) fn cells(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).expect("the sheet");
    let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| match range.get_value((r, c)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Float(f)) => f.to_string(),
                    Some(Data::Int(i)) => i.to_string(),
                    Some(Data::DateTime(d)) => d
                        .as_datetime()
                        .map(|t| format!("date:{}", t.date()))
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect()
}

/// An approved 泽州县 plan: one CLOSE mine, one EXIT mine, one block for 2026.
pub(crate) async fn approved_plan(app: &TestApp) -> String {
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = must(
        app,
        &official,
        "mutation { createCountyPlan(countyCode: \"140525\") { id } }",
        json!({}),
    )
    .await["data"]["createCountyPlan"]["id"]
        .as_str()
        .expect("plan")
        .to_owned();
    let mut closing = mine_input(ZEZHOU, "EXP-CLOSE");
    closing["hasSafetyLicence"] = json!(false);
    closing["name"] = json!("关闭矿山甲");
    closing["licenceValidFrom"] = json!("2019-03-01");
    closing["licenceValidUntil"] = json!("2029-03-01");
    let closing = app.create_mine(closing).await;
    let mut exiting = mine_input(ZEZHOU, "EXP-EXIT");
    exiting["resourcesExhausted"] = json!(true);
    exiting["name"] = json!("退出矿山乙");
    exiting["holder"] = json!("张三");
    exiting["holderType"] = json!("NATURAL_PERSON");
    exiting["latitude"] = json!(35.5);
    let exiting = app.create_mine(exiting).await;
    for (mine, method) in [(&closing, "CLOSE"), (&exiting, "EXIT")] {
        must(
            app,
            &official,
            "mutation($p: ID!, $m: ID!, $method: Disposition!) { addClosureEntry(planId: $p, input: { mineId: $m, method: $method, \
             closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }",
            json!({ "p": plan, "m": mine, "method": method }),
        )
        .await;
    }
    let block = app
        .create_block(crate::helpers::block_input(ZEZHOU, "南村铁矿区块"))
        .await;
    must(
        app,
        &official,
        "mutation($p: ID!, $b: ID!) { addNewMineEntry(planId: $p, input: { blockId: $b, transferYear: 2026 }) { id } }",
        json!({ "p": plan, "b": block }),
    )
    .await;
    crate::fixtures::with_division(app, &official, &json!(plan)).await;
    must(
        app,
        &official,
        "mutation($p: ID!) { submitCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    let approver = app.token(Role::CityApprover, None);
    must(
        app,
        &approver,
        "mutation($p: ID!) { approveCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await;
    plan
}

/// attachment 2 in the seed's layout, cell by cell.
#[tokio::test]
async fn attachment_2_is_laid_out_as_the_seed_prints_it() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let (status, bytes) = app
        .download(
            Some(&official),
            &format!("/exports/county-plans/{plan}/attachment-2.xlsx"),
        )
        .await;
    assert_eq!(status, 200);
    let mut book = workbook(bytes);
    let rows = cells(&mut book, "附件2");
    assert_eq!(
        rows[0][0], "附件2",
        "the attachment's number above its title"
    );
    let rows = &rows[1..];
    assert_eq!(rows[0][0], "泽州县非煤矿山企业关闭退出名单");
    assert_eq!(rows[1][0], "填报单位：（公章）");
    assert_eq!(
        rows[2],
        [
            "序号",
            "矿山名称",
            "采矿权人",
            "采矿许可证号",
            "开采矿种",
            "生产规模（万吨/年）",
            "采矿许可证有效期",
            "关闭退出方式",
            "",
            "关闭退出时间"
        ]
    );
    assert_eq!(rows[3][7..9], ["关闭取缔", "引导退出"]);
    assert_eq!(
        rows.len(),
        6,
        "title, stamp, two header rows, two mines: {rows:?}"
    );
    let close = rows
        .iter()
        .find(|r| r[1] == "关闭矿山甲")
        .expect("the closed mine");
    assert_eq!(
        (close[0].as_str(), close[7].as_str(), close[8].as_str()),
        ("1", "√", "")
    );
    assert_eq!(close[9], "date:2025-06-30");
    assert_eq!(
        close[6], "2019-03-01至2029-03-01",
        "the validity as a range"
    );
    assert_eq!(close[3], "EXP-CLOSE");
    let exit = rows
        .iter()
        .find(|r| r[1] == "退出矿山乙")
        .expect("the exiting mine");
    assert_eq!((exit[7].as_str(), exit[8].as_str()), ("", "√"));
    assert_eq!(exit[2], "张三", "the county's own official sees the holder");
    let merged: Vec<((u32, u32), (u32, u32))> = book
        .merge_cells_by_sheet_name("附件2")
        .expect("merged cells")
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    // Below the label line: the title, the stamp line, the two header rows.
    for expected in [
        ((1, 0), (1, 9)),
        ((2, 0), (2, 9)),
        ((3, 7), (3, 8)),
        ((3, 0), (4, 0)),
        ((3, 9), (4, 9)),
    ] {
        assert!(
            merged.contains(&expected),
            "{expected:?} merged in {merged:?}"
        );
    }

    // As published (anonymous): the natural person's name stays hidden.
    let (status, bytes) = app
        .download(
            None,
            &format!("/exports/county-plans/{plan}/attachment-2.xlsx"),
        )
        .await;
    assert_eq!(status, 200);
    let rows = cells(&mut workbook(bytes), "附件2");
    let exit = rows
        .iter()
        .find(|r| r[1] == "退出矿山乙")
        .expect("the exiting mine");
    assert_eq!(exit[2], "", "{exit:?}");
}

/// attachment 4, the transfer plan and the registry by their rows; the token
/// rules of the data they hold.
#[tokio::test]
async fn exports_follow_the_token_rules_of_their_data() {
    let app = TestApp::spawn().await;
    let plan = approved_plan(&app).await;
    let (status, bytes) = app
        .download(
            None,
            &format!("/exports/county-plans/{plan}/attachment-4.xlsx"),
        )
        .await;
    assert_eq!(status, 200);
    let rows = cells(&mut workbook(bytes), "附件4");
    assert_eq!(rows[0][0], "附件4");
    let rows = &rows[1..];
    assert_eq!(rows[2][1], "拟设矿业权名称（规划区块）");
    assert_eq!(
        rows[3][..7],
        ["1", "南村铁矿区块", "铁矿", "1.2", "1500", "南村镇", "2026"]
    );
    // Beyond the seed's columns, the boundary in the official notation of zone 38.
    assert_eq!(rows[2][7], "拐点坐标");
    assert!(
        rows[3][7].starts_with("1,3930727.64,38391122.12；"),
        "{:?}",
        rows[3]
    );

    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let draft = must(
        &app,
        &official,
        "mutation($p: ID!) { reviseCountyPlan(id: $p) { id } }",
        json!({ "p": plan }),
    )
    .await["data"]["reviseCountyPlan"]["id"]
        .as_str()
        .expect("revision")
        .to_owned();
    let path = format!("/exports/county-plans/{draft}/attachment-3.xlsx");
    assert_eq!(
        app.download(None, &path).await.0,
        404,
        "a draft is not public"
    );
    let gaoping = app.token(Role::CountyOfficial, Some(crate::helpers::GAOPING));
    assert_eq!(
        app.download(Some(&gaoping), &path).await.0,
        404,
        "nor another county's"
    );
    assert_eq!(app.download(Some(&official), &path).await.0, 200);
    assert_eq!(app.download(Some("not-a-token"), &path).await.0, 401);
    assert_eq!(
        app.download(
            None,
            &format!("/exports/county-plans/{plan}/attachment-9.xlsx")
        )
        .await
        .0,
        404
    );

    let admin = app.admin();
    let (status, bytes) = app
        .download(Some(&admin), "/exports/mines.xlsx?county=140525")
        .await;
    assert_eq!(status, 200);
    let rows = cells(&mut workbook(bytes), "矿山名录");
    assert_eq!(
        rows[1][..7],
        [
            "矿山名称",
            "采矿权人",
            "采矿许可证号",
            "开采矿种",
            "生产规模（万吨/年）",
            "剩余可采资源量（万吨）",
            "县（市、区）"
        ]
    );
    let close = rows.iter().find(|r| r[0] == "关闭矿山甲").expect("listed");
    let at = |header: &str| {
        let column = rows[1].iter().position(|h| h == header);
        column.map_or("", |c| close[c].as_str())
    };
    assert_eq!((at("县（市、区）"), at("处置类别")), ("泽州县", "关闭取缔"));
    assert_eq!(at("持有安全生产许可证"), "否");
    assert!(at("依据条款").contains("CLOSE-1"), "{close:?}");
    assert_eq!(rows[1].len(), 36, "the registry's columns");
    assert_eq!(
        app.download(Some(&admin), "/exports/mines.xlsx?county=999999")
            .await
            .0,
        400
    );
    assert_eq!(
        app.download(None, "/exports/mines.xlsx").await.0,
        401,
        "an anonymous download is refused, not served empty"
    );
    let integrator = app.token(Role::Integrator, None);
    assert_eq!(
        app.download(Some(&integrator), "/exports/mines.xlsx")
            .await
            .0,
        403,
        "a role that reads no mine is refused"
    );
}

/// the city transfer plan, public once approved; a supplementary batch shows as such, and
/// only to the city until it is approved.
#[tokio::test]
async fn the_transfer_plan_exports_once_readable() {
    let app = TestApp::spawn().await;
    let blocks = Scenario::new(&app)
        .closures(2)
        .blocks(2)
        .approved_plan()
        .await;
    for block in &blocks {
        surveyed(&app, block).await;
    }
    let admin = app.admin();
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[0] }),
    )
    .await;
    assert_eq!(
        app.download(None, "/exports/transfer-plans/2026.xlsx")
            .await
            .0,
        404,
        "a draft plan is not public"
    );
    let (status, bytes) = app
        .download(Some(&admin), "/exports/transfer-plans/2026.xlsx")
        .await;
    assert_eq!(status, 200);
    let rows = cells(&mut workbook(bytes), "2026年度");
    assert_eq!(rows[0][0], "晋城市2026年度非煤矿业权出让计划（草案）");
    assert_eq!(rows[2][..4], ["1", "区块0", "泽州县", "铁矿"]);
    assert_eq!(rows[2][8..11], ["挂牌", "省自然资源网上交易平台", "省级"]);
    must(
        &app,
        &app.token(Role::CityApprover, None),
        "mutation { approveTransferPlan(year: 2026) { status } }",
        json!({}),
    )
    .await;
    let (status, bytes) = app
        .download(None, "/exports/transfer-plans/2026.xlsx")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        cells(&mut workbook(bytes), "2026年度")[0][0],
        "晋城市2026年度非煤矿业权出让计划"
    );
    must(
        &app,
        &admin,
        ADMIT,
        json!({ "year": 2026, "block": blocks[1] }),
    )
    .await;
    let batch_of = |rows: &[Vec<String>]| -> Vec<String> {
        rows[2..].iter().map(|row| row[12].clone()).collect()
    };
    let (_, bytes) = app
        .download(Some(&admin), "/exports/transfer-plans/2026.xlsx")
        .await;
    assert_eq!(
        batch_of(&cells(&mut workbook(bytes), "2026年度")),
        ["年度计划", "第1批补充（待批准）"]
    );
    let (_, bytes) = app
        .download(None, "/exports/transfer-plans/2026.xlsx")
        .await;
    assert_eq!(
        batch_of(&cells(&mut workbook(bytes), "2026年度")),
        ["年度计划"],
        "the public reads the approved entries only"
    );
    assert_eq!(
        app.download(None, "/exports/transfer-plans/next.xlsx")
            .await
            .0,
        404
    );
}

/// A district named only 城区 is titled with its city, as the paper must say whose it is.
#[tokio::test]
async fn the_city_district_is_titled_with_its_city() {
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some("140502"));
    let plan = app.create_plan(&official, "140502").await;
    let (status, bytes) = app
        .download(
            Some(&official),
            &format!("/exports/county-plans/{plan}/attachment-2.xlsx"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        cells(&mut workbook(bytes), "附件2")[1][0],
        "晋城市城区非煤矿山企业关闭退出名单"
    );
}
