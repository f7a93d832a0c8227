//! Registry rows read into new mines or changes to existing ones, refused by column.

use super::*;
use crate::domain::import::layout::locate;
use crate::domain::import::text_sheet;

fn words() -> Vocabulary {
    Vocabulary {
        minerals: vec![("IRON".into(), "铁矿".into(), Some("10010".into()))],
        counties: vec![("140525".into(), "泽州县".into())],
    }
}

fn read(rows: &[&[&str]]) -> Vec<Result<MineRow, Vec<Problem>>> {
    let sheet = text_sheet(rows);
    let located = locate(&expected(), &sheet, &[]).expect("located");
    located
        .rows
        .iter()
        .map(|(line, cells)| read_row(&located, *line, cells, &words()))
        .collect()
}

const HEADER: &[&str] = &[
    "矿山名称",
    "采矿权人",
    "采矿许可证号",
    "开采矿种",
    "生产规模 (万吨/年)",
    "剩余可采资源量(万吨)",
    "县(市、区)",
    "生产状态",
];

/// One mine's cells under [`HEADER`].
const A_MINE: [&str; 8] = [
    "甲矿",
    "某公司",
    "C1405",
    "铁矿",
    "30",
    "600",
    "泽州县",
    "停产",
];

#[test]
fn a_row_of_names_units_and_codes_reads_as_a_new_mine() {
    let rows = read(&[
        HEADER,
        &[
            "甲矿",
            "某公司",
            "C1405",
            "10010",
            "３０万吨",
            "600",
            "泽州县",
            "停产",
        ],
    ]);
    let row = rows[0].clone().expect("read");
    let draft = row.draft().expect("a new mine");
    assert_eq!(
        (
            draft.mineral_code.as_str(),
            draft.production_scale,
            draft.county_code.as_str(),
            draft.status
        ),
        ("IRON", 30.0, "140525", OperatingStatus::Suspended)
    );
    assert_eq!(draft.licence_no.as_deref(), Some("C1405"));
    assert!(draft.has_safety_licence, "defaults as createMine");
}

#[test]
fn unknown_words_and_missing_licences_are_refused_by_column() {
    let rows = read(&[
        HEADER,
        &["甲矿", "某公司", "", "金矿", "30吨", "600", "外县", "歇业"],
    ]);
    let problems = rows[0].clone().expect_err("refused");
    let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(
        columns,
        [MINERAL, SCALE, COUNTY, STATUS, LICENCE],
        "{problems:?}"
    );
    assert!(problems.iter().all(|p| p.row == 2));
    let rows = read(&[
        HEADER,
        &["", "某公司", "", "铁矿", "30", "600", "泽州县", ""],
    ]);
    assert_eq!(rows[0].clone().expect_err("refused")[0].column, LICENCE);
    let unlicensed = read(&[
        HEADER,
        &["丙矿", "某公司", "", "铁矿", "30", "600", "泽州县", ""],
    ])[0]
        .clone()
        .expect("an unlicensed mine");
    assert_eq!(
        unlicensed.identity(),
        Some(Identity::Unlicensed {
            county: "140525".into(),
            name: "丙矿".into()
        })
    );
    assert!(!unlicensed.draft().expect("draft").has_mining_licence);
}

#[test]
fn an_existing_mine_changes_only_where_the_row_says() {
    let rows = read(&[HEADER, &["", "", "C1405", "", "45", "", "", ""]]);
    let row = rows[0].clone().expect("read");
    assert!(
        row.draft().is_err(),
        "a new mine needs every required column"
    );
    let mut before = read(&[
        HEADER,
        &["甲矿", "某公司", "C1405", "铁矿", "30", "600", "泽州县", ""],
    ])[0]
        .clone()
        .expect("read")
        .draft()
        .expect("draft");
    before.has_safety_licence = false;
    let after = row.patch(before.clone());
    assert_eq!(after.production_scale, 45.0);
    assert_eq!((after.name, after.has_safety_licence), (before.name, false));
}

/// CLOSE-1's record travels with the registry: the three violation columns read together
/// (by label or code), and one left out is a problem naming it.
#[test]
fn a_recorded_violation_reads_from_its_three_columns_together() {
    let header: Vec<&str> = HEADER
        .iter()
        .copied()
        .chain([VIOLATION, VIOLATION_ON, VIOLATION_BY])
        .collect();
    let base = A_MINE;
    let row = |violation: [&'static str; 3]| -> Vec<&'static str> {
        base.iter().copied().chain(violation).collect()
    };
    let full = row([
        "未取得安全生产许可证擅自开采",
        "2025-11-20",
        "泽州县应急管理局",
    ]);
    let coded = row(["EXPIRED_LICENCE", "2025-11-20", "泽州县应急管理局"]);
    let partial = row(["NO_MINING_LICENCE", "", ""]);
    let rows = read(&[&header, &full, &coded, &partial]);
    let violation = |i: usize| {
        rows[i]
            .clone()
            .expect("read")
            .draft()
            .expect("draft")
            .violation
            .map(|v| (v.kind, v.found_on.to_string(), v.found_by))
    };
    assert_eq!(
        violation(0),
        Some((
            ViolationKind::NoSafetyLicence,
            "2025-11-20".to_owned(),
            "泽州县应急管理局".to_owned()
        ))
    );
    assert_eq!(
        violation(1).map(|v| v.0),
        Some(ViolationKind::ExpiredLicence)
    );
    let problems = rows[2].clone().expect_err("refused");
    let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(columns, [VIOLATION_ON, VIOLATION_BY], "{problems:?}");
}

/// A dry run tells each changed column, old → new, in the registry's words; float noise a
/// spreadsheet adds and columns a row leaves blank are no change.
#[test]
fn a_rows_changes_are_told_column_by_column() {
    let rows = read(&[
        &[HEADER, &["以山脊线为界"]].concat(),
        &[A_MINE.as_slice(), &["是"]].concat(),
    ]);
    let before = rows[0].clone().expect("read").draft().expect("a mine");
    let mut noisy = before.clone();
    noisy.remaining_reserves = 600.000_000_000_000_1;
    assert_eq!(changes(&before, &noisy), vec![], "float noise");
    let changed = read(&[
        &[HEADER, &["以山脊线为界"]].concat(),
        &["乙矿", "", "C1405", "", "45", "", "", "", "否"],
    ])[0]
        .clone()
        .expect("read")
        .patch(before.clone());
    let told = changes(&before, &changed);
    let told: Vec<(&str, &str, &str)> = told
        .iter()
        .map(|c| (c.column, c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        told,
        [
            (NAME, "甲矿", "乙矿"),
            (SCALE, "30", "45"),
            ("以山脊线为界", "是", "否"),
        ]
    );
}

/// A licensed boundary in the 拐点坐标 cell, in the official notation, reads as the mine's
/// corners; a corner that is not one is refused naming the column and the corner.
#[test]
fn a_boundary_cell_reads_as_corners_and_a_bad_corner_is_named() {
    let with = |cell: &'static str| {
        let mut header = HEADER.to_vec();
        header.push("拐点坐标");
        let mut row = A_MINE.to_vec();
        row.push(cell);
        read(&[&header, &row]).remove(0)
    };
    let cell = "1,3929875.00,38389875.00；2,3929875.00,38390125.00；3,3930125.00,38390125.00";
    let draft = with(cell).expect("read").draft().expect("a new mine");
    assert_eq!(draft.corners.len(), 3);
    assert!(matches!(
        draft.corners[0],
        GivenCorner::Plane { zone: 38, x, .. } if x == 3_929_875.0
    ));
    let problems = with("1,3929875.00,38389875.00；2,甲,乙").expect_err("refused");
    assert_eq!(problems[0].column, "拐点坐标");
    assert!(problems[0].message.contains("第2个拐点"), "{problems:?}");
}
