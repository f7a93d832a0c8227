//! Finding a layout's columns in a sheet: the header row (after any title and stamp lines,
//! one or two levels), each expected column by its normalised header, and the data rows
//! below, refusing what would make a row mean something else (a missing or repeated
//! column, an empty row between data rows, merged cells among the data).

use std::collections::HashMap;

use crate::domain::import::{Cell, Merged, Problem, header_key, text_of};

/// Rows searched for the header: a title, a stamp line and a two-level header fit.
const HEADER_SEARCH: usize = 12;

/// A column a layout reads.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    /// Its header as the exports write it.
    pub label: &'static str,
    /// Whether a file without it is refused.
    pub required: bool,
}

/// A sheet's data as a layout reads it.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// Column index by expected label.
    columns: HashMap<&'static str, usize>,
    /// Data rows with their sheet row numbers (from 1), borrowed from the sheet (an
    /// import holds one copy of its cells).
    pub rows: Vec<(u32, &'a [Cell])>,
}

impl Located<'_> {
    /// The cell of `label` in `row` (empty when the file lacks the column or the row is
    /// short).
    pub fn cell<'a>(&self, row: &'a [Cell], label: &str) -> &'a Cell {
        self.columns
            .get(label)
            .and_then(|&i| row.get(i))
            .unwrap_or(&Cell::Empty)
    }

    /// Whether the file has the column.
    pub fn has(&self, label: &str) -> bool {
        self.columns.contains_key(label)
    }
}

/// Reads one data row's cells column by column, collecting each column's refusal with
/// the row and the column, so one pass reports every problem of the row.
pub struct RowReader<'a> {
    pub line: u32,
    located: &'a Located<'a>,
    cells: &'a [Cell],
    pub problems: Vec<Problem>,
}

impl<'a> RowReader<'a> {
    pub fn new(located: &'a Located, line: u32, cells: &'a [Cell]) -> Self {
        Self {
            line,
            located,
            cells,
            problems: Vec::new(),
        }
    }

    /// The cell of `label` (empty when absent).
    pub fn cell(&self, label: &str) -> &'a Cell {
        self.located.cell(self.cells, label)
    }

    /// `label`'s value, or `None` with its refusal recorded.
    pub fn read<T>(
        &mut self,
        label: &str,
        parse: impl FnOnce(&Cell) -> Result<Option<T>, String>,
    ) -> Option<T> {
        match parse(self.cell(label)) {
            Ok(value) => value,
            Err(message) => {
                self.problems.push(Problem::new(self.line, label, message));
                None
            }
        }
    }

    /// A value the row must give: a blank cell is a problem too.
    pub fn need<T>(
        &mut self,
        label: &str,
        parse: impl FnOnce(&Cell) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let before = self.problems.len();
        let value = self.read(label, parse);
        if value.is_none() && self.problems.len() == before {
            self.problems
                .push(Problem::new(self.line, label, "不能为空"));
        }
        value
    }

    /// A coded value given by its Chinese label or its code.
    pub fn coded<T>(
        &mut self,
        label: &str,
        parse: fn(&str) -> Option<T>,
        from_label: fn(&str) -> Option<T>,
    ) -> Option<T> {
        self.read(label, |cell| match text_of(cell) {
            None => Ok(None),
            Some(text) => from_label(&text)
                .or_else(|| parse(&text.to_ascii_uppercase()))
                .map(Some)
                .ok_or_else(|| format!("“{text}”不是可识别的{label}")),
        })
    }

    /// `value` when the row has no problem, else its problems.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Problem>> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(self.problems),
        }
    }
}

/// Whether a sheet row (0-based) holds only blanks.
fn blank(row: &[Cell]) -> bool {
    row.iter().all(Cell::is_blank)
}

/// Finds `expected` in `sheet` (rows of cells from A1); `merged` are the sheet's merged
/// ranges as ((first row, first col), (last row, last col)), 0-based.
pub fn locate<'a>(
    expected: &[Expected],
    sheet: &'a [Vec<Cell>],
    merged: &[Merged],
) -> Result<Located<'a>, Vec<Problem>> {
    let wanted: HashMap<String, &'static str> = expected
        .iter()
        .map(|e| (header_key(e.label), e.label))
        .collect();
    let keys = |row: usize| -> Vec<Option<&'static str>> {
        sheet.get(row).map_or_else(Vec::new, |cells| {
            cells
                .iter()
                .map(|cell| match cell {
                    Cell::Text(text) => wanted.get(&header_key(text)).copied(),
                    _ => None,
                })
                .collect()
        })
    };
    let required: Vec<&'static str> = expected
        .iter()
        .filter(|e| e.required)
        .map(|e| e.label)
        .collect();
    let mut best: Option<(usize, Vec<&'static str>)> = None;
    for top in 0..sheet.len().min(HEADER_SEARCH) {
        let first = keys(top);
        let second = keys(top + 1);
        // Two levels when the row names columns and the next names more (a title line
        // above a one-level header names none).
        let two_levels = first.iter().any(Option::is_some)
            && second
                .iter()
                .flatten()
                .any(|label| !first.contains(&Some(label)));
        let width = first.len().max(second.len());
        let headers: Vec<Option<&'static str>> = (0..width)
            .map(|i| {
                let below = second.get(i).copied().flatten().filter(|_| two_levels);
                below.or_else(|| first.get(i).copied().flatten())
            })
            .collect();
        let missing: Vec<&'static str> = required
            .iter()
            .copied()
            .filter(|label| !headers.contains(&Some(label)))
            .collect();
        if missing.is_empty() {
            let header_rows = if two_levels { 2 } else { 1 };
            return read_data(sheet, merged, top, header_rows, &headers);
        }
        if best.as_ref().is_none_or(|(_, m)| missing.len() < m.len()) {
            best = Some((top, missing));
        }
    }
    let (row, missing) = best.unwrap_or((0, required));
    Err(vec![Problem::new(
        u32::try_from(row + 1).unwrap_or(1),
        missing.first().copied().unwrap_or_default(),
        format!("找不到表头：缺少列 {}", missing.join("、")),
    )])
}

fn read_data<'a>(
    sheet: &'a [Vec<Cell>],
    merged: &[Merged],
    top: usize,
    header_rows: usize,
    headers: &[Option<&'static str>],
) -> Result<Located<'a>, Vec<Problem>> {
    let header_line = u32::try_from(top + 1).unwrap_or(u32::MAX);
    let mut problems = Vec::new();
    let mut columns = HashMap::new();
    for (i, label) in headers.iter().enumerate() {
        if let Some(label) = label
            && columns.insert(*label, i).is_some()
        {
            problems.push(Problem::new(header_line, *label, "列重复"));
        }
    }
    let first_data = top + header_rows;
    let mut rows: Vec<(u32, &'a [Cell])> = Vec::new();
    let mut gap: Option<u32> = None;
    for (i, cells) in sheet.iter().enumerate().skip(first_data) {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if blank(cells) {
            gap.get_or_insert(line);
            continue;
        }
        if let Some(empty) = gap.take() {
            problems.push(Problem::new(
                empty,
                "",
                "数据中间有空行：请删除空行后再导入",
            ));
        }
        rows.push((line, cells.as_slice()));
    }
    let first_data_row = u32::try_from(first_data).unwrap_or(u32::MAX);
    for ((first_row, _), (last_row, _)) in merged {
        if *last_row >= first_data_row {
            problems.push(Problem::new(
                first_row.max(&first_data_row) + 1,
                "",
                "数据区有合并单元格：请取消合并，每行填写完整",
            ));
        }
    }
    if problems.is_empty() {
        Ok(Located { columns, rows })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::text_sheet;

    const LAYOUT: [Expected; 4] = [
        Expected {
            label: "矿山名称",
            required: true,
        },
        Expected {
            label: "关闭取缔",
            required: true,
        },
        Expected {
            label: "引导退出",
            required: true,
        },
        Expected {
            label: "备注",
            required: false,
        },
    ];

    fn row(cells: &[&str]) -> Vec<Cell> {
        text_sheet(&[cells]).remove(0)
    }

    #[test]
    fn a_two_level_header_below_a_title_is_found() {
        let sheet = vec![
            row(&["泽州县非煤矿山企业关闭退出名单"]),
            row(&["填报单位：（公章）"]),
            row(&["矿山名称", "关闭退出方式", ""]),
            row(&["", "关闭取缔", "引导退出"]),
            row(&["甲矿", "√", ""]),
            row(&["", "", ""]),
        ];
        let located =
            locate(&LAYOUT, &sheet, &[((2, 1), (2, 2)), ((2, 0), (3, 0))]).expect("located");
        assert_eq!(located.rows.len(), 1, "the trailing blank row is dropped");
        let (line, cells) = &located.rows[0];
        assert_eq!(*line, 5);
        assert_eq!(located.cell(cells, "关闭取缔"), &Cell::Text("√".into()));
        assert_eq!(located.cell(cells, "备注"), &Cell::Empty);
        assert!(!located.has("备注"));
    }

    #[test]
    fn a_missing_column_an_empty_row_and_merged_data_are_refused() {
        let missing = locate(&LAYOUT, &[row(&["矿山名称", "关闭取缔"])], &[]).expect_err("refused");
        assert!(missing[0].message.contains("引导退出"), "{missing:?}");
        let sheet = vec![
            row(&["矿山名称", "关闭取缔", "引导退出"]),
            row(&["甲矿", "√", ""]),
            row(&["", "", ""]),
            row(&["乙矿", "", "√"]),
        ];
        let gap = locate(&LAYOUT, &sheet, &[]).expect_err("refused");
        assert_eq!((gap[0].row, gap[0].message.contains("空行")), (3, true));
        let merged = locate(&LAYOUT, &sheet[..2], &[((1, 0), (2, 0))]).expect_err("refused");
        assert_eq!(merged[0].row, 2);
        let twice = locate(
            &LAYOUT,
            &[row(&["矿山名称", "关闭取缔", "引导退出", "矿山名称"])],
            &[],
        )
        .expect_err("refused");
        assert_eq!(twice[0].message, "列重复");
    }
}
