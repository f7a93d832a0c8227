//! The paper as an office suite handles it (LibreOffice, which prints what the officials
//! print): a registry export saved back by it imports unchanged, and attachment 2 turned
//! into a PDF by it has no text printed over other text, so every row is as tall as its
//! wrapped cells. LibreOffice (`soffice`) and poppler's `pdftotext` must be installed;
//! `.ci/run` installs them. Outside CI a machine without them skips these two tests, saying
//! so; in CI (`CI` set) their absence fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use mineright::domain::access::Role;
use serde_json::json;

use crate::fixtures::must;
use crate::helpers::{TestApp, ZEZHOU, mine_input};
use crate::paper_forms::import_registry;

/// The office tools, or `None` (skip) on a developer's machine without them.
fn tools() -> Option<()> {
    // Spawning is the test: `pdftotext -v` exits non-zero even when it is there.
    let present = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if present("soffice") && present("pdftotext") {
        return Some(());
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs LibreOffice and poppler-utils (apt install libreoffice-calc poppler-utils)"
    );
    eprintln!("skipped: soffice or pdftotext is not installed");
    None
}

/// `bytes` (an XLSX workbook) converted by LibreOffice to `format` (`xlsx`, `pdf`), with a
/// profile of its own so parallel tests do not share one.
fn convert(dir: &Path, bytes: &[u8], format: &str) -> PathBuf {
    let input = dir.join("in.xlsx");
    std::fs::write(&input, bytes).expect("write the workbook");
    let out = dir.join("out");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "{status:?}");
    out.join(format!("in.{format}"))
}

/// Every word of a PDF with its box (x0, y0, x1, y1) and its page, as pdftotext lays them.
fn words(pdf: &Path) -> Vec<(usize, [f64; 4], String)> {
    let layout = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let html = String::from_utf8_lossy(&layout.stdout).into_owned();
    let mut found = Vec::new();
    for (page, text) in html.split("<page ").skip(1).enumerate() {
        for word in text.split("<word ").skip(1) {
            let number = |name: &str| -> f64 {
                let start = word.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                let end = start + word[start..].find('"').expect("closing quote");
                word[start..end].parse().expect("a coordinate")
            };
            let text = word
                .split_once('>')
                .and_then(|(_, rest)| rest.split_once("</word>"))
                .map(|(text, _)| text.to_owned())
                .unwrap_or_default();
            let bounds = [
                number("xMin"),
                number("yMin"),
                number("xMax"),
                number("yMax"),
            ];
            found.push((page, bounds, text));
        }
    }
    found
}

/// Pairs of words of one page printed over each other. A word's box runs from its font's
/// ascent to its descent, which is taller than the pitch of the lines of one wrapped cell,
/// so two boxes count only when they share more than a quarter of the lower one's height:
/// a row too short for its wrapped text puts whole lines on top of the next row's.
fn overlapping(words: &[(usize, [f64; 4], String)]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (i, (page, a, first)) in words.iter().enumerate() {
        for (other_page, b, second) in &words[i + 1..] {
            let across = a[2].min(b[2]) - a[0].max(b[0]);
            let down = a[3].min(b[3]) - a[1].max(b[1]);
            let lower = (a[3] - a[1]).min(b[3] - b[1]);
            if page == other_page && across > 1.0 && down > lower / 4.0 {
                pairs.push((first.clone(), second.clone()));
            }
        }
    }
    pairs
}

#[tokio::test]
async fn a_registry_saved_back_by_libreoffice_imports_unchanged() {
    if tools().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    for (n, noisy) in [0.1 + 0.2, 35.339_999_999_999_996, 1.0 / 3.0]
        .iter()
        .enumerate()
    {
        let mut mine = mine_input(ZEZHOU, &format!("LO-{n}"));
        mine["productionScale"] = json!(noisy * 10.0);
        mine["remainingReserves"] = json!(noisy * 1_000.0);
        mine["latitude"] = json!(35.3 + noisy / 100.0);
        mine["licenceValidUntil"] = json!("2030-06-30");
        app.create_mine(mine).await;
    }
    let admin = app.admin();
    let (status, bytes) = app.download(Some(&admin), "/exports/mines.xlsx").await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = std::fs::read(convert(dir.path(), &bytes, "xlsx")).expect("saved back");
    assert_ne!(saved, bytes, "LibreOffice wrote its own file");
    let import = "mutation($file: Upload!) { importMines(file: $file) { \
        created updated unchanged problems { row column message } changes { row } } }";
    let body = import_registry(&app, import, ("名录.xlsx", saved)).await;
    assert_eq!(
        body["data"]["importMines"],
        json!({ "created": 0, "updated": 0, "unchanged": 3, "problems": [], "changes": [] }),
        "{body}"
    );
    let audit = must(
        &app,
        &admin,
        "{ auditLog(first: 50) { edges { node { operation } } } }",
        json!({}),
    )
    .await;
    assert!(
        !audit.to_string().contains("UPDATE_MINE"),
        "no audit entry for nothing: {audit}"
    );
}

#[tokio::test]
async fn attachment_2_printed_by_libreoffice_has_no_text_over_text() {
    if tools().is_none() {
        return;
    }
    let app = TestApp::spawn().await;
    let official = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let plan = app.create_plan(&official, ZEZHOU).await;
    for n in 0..4 {
        let mut mine = mine_input(ZEZHOU, &format!("LO-PDF-{n}"));
        mine["hasSafetyLicence"] = json!(false);
        mine["latitude"] = json!(35.3 + f64::from(n) / 10.0);
        mine["name"] = json!(format!(
            "泽州县北义城镇西黄石村第{n}号建筑石料用灰岩露天开采矿山"
        ));
        mine["holder"] = json!(format!(
            "泽州县北义城镇西黄石村建材开发有限责任公司第{n}分公司"
        ));
        mine["licenceValidFrom"] = json!("2019-03-01");
        mine["licenceValidUntil"] = json!("2029-03-01");
        let id = app.create_mine(mine).await;
        must(
            &app,
            &official,
            "mutation($p: ID!, $m: ID!) { addClosureEntry(planId: $p, input: { mineId: $m, \
             method: CLOSE, closeBy: \"2025-06-30\", restorationDueBy: \"2026-06-30\" }) { id } }",
            json!({ "p": plan, "m": id }),
        )
        .await;
    }
    let (status, bytes) = app
        .download(
            Some(&official),
            &format!("/exports/county-plans/{plan}/attachment-2.xlsx"),
        )
        .await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().expect("tempdir");
    let printed = words(&convert(dir.path(), &bytes, "pdf"));
    let text: String = printed.iter().map(|(_, _, word)| word.as_str()).collect();
    for expected in [
        "附件2",
        "西黄石村第3号建筑石料",
        "用灰岩露天开采矿山",
        "第1页共1页",
    ] {
        assert!(text.contains(expected), "{expected} printed: {text}");
    }
    assert_eq!(overlapping(&printed), vec![], "text printed over text");
}
