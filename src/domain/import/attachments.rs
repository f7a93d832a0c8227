//! The plan's attachment tables 2, 3 and 4 read back (docs/rules.md): the columns each
//! needs, and one row read into what the plan entry needs. Mines are named by licence
//! number (an unlicensed mine by its name), blocks by name within the plan's county.

use chrono::NaiveDate;

use crate::domain::codes::{BlockPriority, MiningMethod};
use crate::domain::import::layout::{Expected, Located, RowReader};
use crate::domain::import::period::{Deadline, deadline};
use crate::domain::import::registry::Vocabulary;
use crate::domain::import::{Cell, Problem, flag, marked, number, plain_text, text_of, year};
use crate::domain::spatial::boundary::GivenCorner;
use crate::domain::spatial::corner_text::read_corners;
use crate::domain::text::licence_key;

pub const NAME: &str = "矿山名称";
pub const LICENCE: &str = "采矿许可证号";
pub const CLOSE: &str = "关闭取缔";
pub const EXIT: &str = "引导退出";
pub const CLOSE_BY: &str = "关闭退出时间";
/// Beyond the seed's attachment 2: the restoration commitment (optional column).
pub const RESTORATION: &str = "生态修复完成时限";
pub const RESERVES: &str = "剩余可采资源量（万吨）";
pub const TARGET: &str = "提升改造后生产规模";
pub const COMPLETE_BY: &str = "完成时间";
/// Attachment 2's production scale; attachment 3's is [`CURRENT_SCALE`].
pub const SCALE: &str = "生产规模（万吨/年）";
pub const CURRENT_SCALE: &str = "现有生产规模";
pub const BLOCK: &str = "拟设矿业权名称（规划区块）";
pub const MINERAL: &str = "开采矿种";
pub const AREA: &str = "矿区面积（平方公里）";
pub const PREDICTED: &str = "预测资源量（万吨）";
pub const LOCATION: &str = "地理位置";
pub const YEAR: &str = "拟出让年度";
/// Beyond the seed's attachment 4: what a new block needs besides (optional columns).
pub const DESIGNED: &str = "设计生产规模（万吨/年）";
pub const METHOD: &str = "开采方式";
pub const PRIORITY: &str = "优先类别";
pub const MASTER_PLAN: &str = "符合矿产资源规划";
/// The block's corners in one cell ([`read_corners`]'s forms).
pub const CORNERS: &str = "拐点坐标";

fn columns(required: &[&'static str], optional: &[&'static str]) -> Vec<Expected> {
    required
        .iter()
        .map(|label| Expected {
            label,
            required: true,
        })
        .chain(optional.iter().map(|label| Expected {
            label,
            required: false,
        }))
        .collect()
}

/// The columns attachment `n` is read by (2, 3 or 4).
pub fn expected(n: i32) -> Option<Vec<Expected>> {
    match n {
        2 => Some(columns(
            &[LICENCE, CLOSE, EXIT, CLOSE_BY],
            &[NAME, MINERAL, SCALE, RESTORATION],
        )),
        3 => Some(columns(
            &[LICENCE, TARGET, COMPLETE_BY],
            &[NAME, RESERVES, MINERAL, CURRENT_SCALE],
        )),
        4 => Some(columns(
            &[BLOCK, MINERAL, AREA, PREDICTED, LOCATION, YEAR],
            &[DESIGNED, METHOD, PRIORITY, MASTER_PLAN, CORNERS],
        )),
        _ => None,
    }
}

/// How a row names its mine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MineRef {
    /// By licence number (its canonical form).
    Licence(String),
    /// An unlicensed mine, by name.
    Name(String),
}

/// A row of attachment 2.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosureRow {
    pub mine: MineRef,
    /// 关闭取缔 (else 引导退出).
    pub close: bool,
    pub close_by: NaiveDate,
    /// The restoration commitment, when the form has the column and the row fills it.
    pub restoration_due_by: Option<NaiveDate>,
}

/// A row of attachment 3.
#[derive(Debug, Clone, PartialEq)]
pub struct UpgradeRow {
    pub mine: MineRef,
    pub target_scale: f64,
    pub recoverable_reserves: Option<f64>,
    pub complete_by: NaiveDate,
}

/// A row of attachment 4.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMineRow {
    pub name: String,
    pub mineral_code: String,
    pub area_km2: f64,
    pub predicted_resources: f64,
    pub location: String,
    pub transfer_year: i32,
    pub designed_scale: Option<f64>,
    pub mining_method: Option<MiningMethod>,
    pub priority: Option<BlockPriority>,
    pub in_master_plan: Option<bool>,
    /// The corners, when the form has the column and the row fills it.
    pub corners: Vec<GivenCorner>,
}

/// A deadline cell's day (a period read as its last day; [`readings`] says how).
fn deadline_date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    deadline(cell).map(|read| read.map(|d| d.date))
}

/// How a row of attachment `n` read its deadlines where a cell named a period, for the
/// import's report (row, column, how).
pub fn readings(n: i32, located: &Located, line: u32, cells: &[Cell]) -> Vec<Problem> {
    let columns: &[&'static str] = match n {
        2 => &[CLOSE_BY, RESTORATION],
        3 => &[COMPLETE_BY],
        _ => return Vec::new(),
    };
    let mut read = Vec::new();
    for &column in columns {
        match deadline(located.cell(cells, column)) {
            Ok(Some(Deadline {
                read_as: Some(how), ..
            })) => read.push(Problem::new(line, column, how)),
            Ok(None) if column == RESTORATION => read.push(Problem::new(
                line,
                column,
                "未填写：生态修复完成时限留待补填，计划提交前须填写（删除该条目后用 addClosureEntry 重新列入）",
            )),
            _ => {}
        }
    }
    read
}

/// What a row of attachment 2 or 3 says of its mine besides naming it, which the
/// registry must agree with (the columns are optional: a blank says nothing).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatedMine {
    pub name: Option<String>,
    pub mineral_code: Option<String>,
    pub scale: Option<f64>,
}

/// Reads what a row states of its mine, its scale from `scale_column`.
pub fn stated_mine(
    (located, line, cells): (&Located, u32, &[Cell]),
    words: &Vocabulary,
    scale_column: &'static str,
) -> Result<StatedMine, Vec<Problem>> {
    let mut r = RowReader::new(located, line, cells);
    let name = plain_text(r.cell(NAME));
    let mineral_code = r.read(MINERAL, |cell| match text_of(cell) {
        None => Ok(None),
        Some(t) => words
            .mineral(&t)
            .map(Some)
            .ok_or_else(|| format!("没有“{t}”这个矿种")),
    });
    let scale = r.read(scale_column, |cell| number(cell, &["万吨/年", "万吨"]));
    r.finish(Some(StatedMine {
        name,
        mineral_code,
        scale,
    }))
}

/// How the row names its mine: its licence number, else (unlicensed) its name.
fn mine(r: &mut RowReader<'_>) -> Option<MineRef> {
    let licence = text_of(r.cell(LICENCE)).map(|t| licence_key(&t));
    match (licence, plain_text(r.cell(NAME))) {
        (Some(licence), _) => Some(MineRef::Licence(licence)),
        (None, Some(name)) => Some(MineRef::Name(name)),
        (None, None) => {
            r.problems.push(Problem::new(
                r.line,
                LICENCE,
                "须填写采矿许可证号（无证矿山填写矿山名称）",
            ));
            None
        }
    }
}

/// Reads a row of attachment 2: exactly one of 关闭取缔 and 引导退出 marked.
pub fn closure_row(
    located: &Located,
    line: u32,
    cells: &[Cell],
) -> Result<ClosureRow, Vec<Problem>> {
    let mut r = RowReader::new(located, line, cells);
    let mine = mine(&mut r);
    let mark = |cell: &Cell| marked(cell).map(Some);
    let close = r.read(CLOSE, mark);
    let exit = r.read(EXIT, mark);
    if close.is_some() && close == exit {
        r.problems.push(Problem::new(
            line,
            CLOSE,
            "“关闭取缔”和“引导退出”须且只须标记一项",
        ));
    }
    let close_by = r.need(CLOSE_BY, deadline_date);
    let restoration_due_by = r.read(RESTORATION, deadline_date);
    let row = match (mine, close, close_by) {
        (Some(mine), Some(close), Some(close_by)) => Some(ClosureRow {
            mine,
            close,
            close_by,
            restoration_due_by,
        }),
        _ => None,
    };
    r.finish(row)
}

/// Reads a row of attachment 3.
pub fn upgrade_row(
    located: &Located,
    line: u32,
    cells: &[Cell],
) -> Result<UpgradeRow, Vec<Problem>> {
    let mut r = RowReader::new(located, line, cells);
    let mine = mine(&mut r);
    let target_scale = r.need(TARGET, |cell| number(cell, &["万吨/年", "万吨"]));
    let recoverable_reserves = r.read(RESERVES, |cell| number(cell, &["万吨"]));
    let complete_by = r.need(COMPLETE_BY, deadline_date);
    let row = match (mine, target_scale, complete_by) {
        (Some(mine), Some(target_scale), Some(complete_by)) => Some(UpgradeRow {
            mine,
            target_scale,
            recoverable_reserves,
            complete_by,
        }),
        _ => None,
    };
    r.finish(row)
}

/// Reads a row of attachment 4.
pub fn new_mine_row(
    located: &Located,
    line: u32,
    cells: &[Cell],
    words: &Vocabulary,
) -> Result<NewMineRow, Vec<Problem>> {
    let mut r = RowReader::new(located, line, cells);
    let name = r.need(BLOCK, |cell| Ok(plain_text(cell)));
    let mineral_code = r.need(MINERAL, |cell| match text_of(cell) {
        None => Ok(None),
        Some(t) => words
            .mineral(&t)
            .map(Some)
            .ok_or_else(|| format!("没有“{t}”这个矿种")),
    });
    let area_km2 = r.need(AREA, |cell| number(cell, &["平方公里", "km2", "km²"]));
    let predicted_resources = r.need(PREDICTED, |cell| number(cell, &["万吨"]));
    let location = r.need(LOCATION, |cell| Ok(plain_text(cell)));
    let transfer_year = r.need(YEAR, year);
    let designed_scale = r.read(DESIGNED, |cell| number(cell, &["万吨/年", "万吨"]));
    let mining_method = r.coded(METHOD, MiningMethod::parse, MiningMethod::from_label);
    let priority = r.coded(PRIORITY, BlockPriority::parse, BlockPriority::from_label);
    let in_master_plan = r.read(MASTER_PLAN, flag);
    let corners = r.read(CORNERS, |cell| {
        text_of(cell).map(|t| read_corners(&t)).transpose()
    });
    let row = match (
        name,
        mineral_code,
        area_km2,
        predicted_resources,
        location,
        transfer_year,
    ) {
        (
            Some(name),
            Some(mineral_code),
            Some(area_km2),
            Some(predicted_resources),
            Some(location),
            Some(transfer_year),
        ) => Some(NewMineRow {
            name,
            mineral_code,
            area_km2,
            predicted_resources,
            location,
            transfer_year,
            designed_scale,
            mining_method,
            priority,
            in_master_plan,
            corners: corners.unwrap_or_default(),
        }),
        _ => None,
    };
    r.finish(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::layout::locate;
    use crate::domain::import::text_sheet;

    #[test]
    fn attachment_2_rows_need_one_mark_and_a_date() {
        let rows = text_sheet(&[
            &["泽州县非煤矿山企业关闭退出名单"],
            &["填报单位：（公章）"],
            &[
                "序号",
                "矿山名称",
                "采矿许可证号",
                "关闭退出方式",
                "",
                "关闭退出 时间",
            ],
            &["", "", "", "关闭取缔", "引导退出", ""],
            &["1", "甲矿", "c1405 01", "√", "", "2025年6月30日"],
            &["2", "无证点", "", "", "√", "2025-07-01"],
            &["3", "乙矿", "C2", "√", "√", ""],
        ]);
        let expected = expected(2).expect("attachment 2");
        let located = locate(&expected, &rows, &[]).expect("located");
        let read: Vec<_> = located
            .rows
            .iter()
            .map(|(line, cells)| closure_row(&located, *line, cells))
            .collect();
        assert_eq!(
            read[0],
            Ok(ClosureRow {
                mine: MineRef::Licence("C140501".into()),
                close: true,
                close_by: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
                restoration_due_by: None,
            })
        );
        assert_eq!(
            read[1].as_ref().map(|r| (&r.mine, r.close)),
            Ok((&MineRef::Name("无证点".into()), false))
        );
        let problems = read[2].clone().expect_err("refused");
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!((columns, problems[0].row), (vec![CLOSE, CLOSE_BY], 7));
    }

    #[test]
    fn attachment_4_rows_read_names_units_and_years() {
        let words = Vocabulary {
            minerals: vec![("IRON".into(), "铁矿".into(), None)],
            counties: vec![],
        };
        let rows = text_sheet(&[
            &[
                "序号",
                "拟设矿业权名称(规划区块)",
                "开采矿种",
                "矿区面积(平方公里)",
                "预测资源量(万吨)",
                "地理位置",
                "拟出让年度",
                "开采方式",
            ],
            &[
                "1",
                "南村铁矿区块",
                "铁矿",
                "1.2平方公里",
                "1500万吨",
                "南村镇",
                "2026年",
                "地下开采",
            ],
        ]);
        let located = locate(&expected(4).expect("attachment 4"), &rows, &[]).expect("located");
        let (line, cells) = &located.rows[0];
        let row = new_mine_row(&located, *line, cells, &words).expect("read");
        assert_eq!(
            (
                row.mineral_code.as_str(),
                row.area_km2,
                row.predicted_resources,
                row.transfer_year,
                row.mining_method
            ),
            ("IRON", 1.2, 1500.0, 2026, Some(MiningMethod::Underground))
        );
        assert_eq!((row.designed_scale, row.priority), (None, None));
    }
}
