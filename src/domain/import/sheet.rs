//! A sheet as an import holds it, and the limits that keep any file, however it was made,
//! from costing more than a known amount of memory.
//!
//! A spreadsheet names each cell's position, so a file of a few bytes can name a cell a
//! million rows and sixteen thousand columns away; a reader that made a dense grid from
//! the extent of the cells would allocate hundreds of gigabytes. Readers instead hand
//! their non-empty cells one at a time to a [`SheetBuilder`], which refuses the first one
//! past a limit, naming the sheet and the cell, before anything is allocated for it.

use std::fmt;

use crate::domain::import::{Cell, Merged};

/// A sheet: its rows from the first, each row only as long as its last non-empty cell,
/// and its merged ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub rows: Vec<Vec<Cell>>,
    pub merged: Vec<Merged>,
}

/// How much of a sheet an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetLimits {
    /// Rows, counted from the first (titles and headers included).
    pub rows: u32,
    /// Columns, counted from A.
    pub columns: u32,
    /// Grid slots held: the sum of every row's length up to its last non-empty cell.
    pub cells: usize,
    /// Characters in one cell (Excel's own limit).
    pub cell_chars: usize,
    /// Bytes of text in all cells together.
    pub text_bytes: usize,
    /// Merged ranges.
    pub merged: usize,
}

/// The limits of every import: 100,000 data rows below ten lines of titles and headers,
/// a hundred columns, two million grid slots (64 MiB of cells) and 64 MiB of text.
pub const LIMITS: SheetLimits = SheetLimits {
    rows: 100_010,
    columns: 100,
    cells: 2_000_000,
    cell_chars: 32_767,
    text_bytes: 64 * 1024 * 1024,
    merged: 10_000,
};

/// Which limit a cell broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Rows,
    Columns,
    Cells,
    CellChars,
    TextBytes,
    Merged,
}

/// A sheet refused at its first cell past a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    pub sheet: String,
    /// The cell in A1 notation.
    pub cell: String,
    pub exceeded: Exceeded,
    pub limits: SheetLimits,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limits = &self.limits;
        let why = match self.exceeded {
            Exceeded::Rows => format!("超过 {} 行", limits.rows),
            Exceeded::Columns => format!("超过 {} 列", limits.columns),
            Exceeded::Cells => format!("表格超过 {} 个单元格", limits.cells),
            Exceeded::CellChars => format!("单元格超过 {} 个字符", limits.cell_chars),
            Exceeded::TextBytes => {
                format!("文字总量超过 {} MiB", limits.text_bytes / 1024 / 1024)
            }
            Exceeded::Merged => format!("合并单元格超过 {} 处", limits.merged),
        };
        write!(
            f,
            "工作表“{}”的单元格 {} 超出导入范围：{why}，请删去多余内容或拆分后导入",
            self.sheet, self.cell
        )
    }
}

/// The A1 name of a cell (0-based row and column): `A1`, `XFD1048576`.
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

/// Collects a sheet's non-empty cells within [`SheetLimits`].
#[derive(Debug)]
pub struct SheetBuilder {
    name: String,
    limits: SheetLimits,
    sheet: Sheet,
    cells: usize,
    text_bytes: usize,
}

impl SheetBuilder {
    /// An empty sheet named `name` (for refusals) under `limits`.
    pub fn new(name: &str, limits: SheetLimits) -> Self {
        Self {
            name: name.to_owned(),
            limits,
            sheet: Sheet::default(),
            cells: 0,
            text_bytes: 0,
        }
    }

    /// The refusal of the cell at `row`, `column` for breaking `exceeded` (for a reader
    /// that finds the breach before it has a cell to offer).
    pub fn refusal(&self, row: u32, column: u32, exceeded: Exceeded) -> Overflow {
        Overflow {
            sheet: self.name.clone(),
            cell: cell_name(row, column),
            exceeded,
            limits: self.limits,
        }
    }

    /// Checks a cell's position, and its text's length when it has text, before the
    /// reader makes its value: a refused cell costs nothing.
    pub fn admit(&self, row: u32, column: u32, text: Option<&str>) -> Result<(), Overflow> {
        if row >= self.limits.rows {
            return Err(self.refusal(row, column, Exceeded::Rows));
        }
        if column >= self.limits.columns {
            return Err(self.refusal(row, column, Exceeded::Columns));
        }
        let held = self.sheet.rows.get(row as usize).map_or(0, Vec::len);
        let grown = (column as usize + 1).saturating_sub(held);
        if self.cells + grown > self.limits.cells {
            return Err(self.refusal(row, column, Exceeded::Cells));
        }
        if let Some(text) = text {
            if text.chars().count() > self.limits.cell_chars {
                return Err(self.refusal(row, column, Exceeded::CellChars));
            }
            if self.text_bytes + text.len() > self.limits.text_bytes {
                return Err(self.refusal(row, column, Exceeded::TextBytes));
            }
        }
        Ok(())
    }

    /// Places a cell; a blank one is skipped (it holds nothing the import reads).
    pub fn put(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), Overflow> {
        if cell.is_blank() {
            return Ok(());
        }
        let text = match &cell {
            Cell::Text(text) => Some(text.as_str()),
            _ => None,
        };
        self.admit(row, column, text)?;
        self.text_bytes += text.map_or(0, str::len);
        let rows = &mut self.sheet.rows;
        if rows.len() <= row as usize {
            rows.resize_with(row as usize + 1, Vec::new);
        }
        let cells = &mut rows[row as usize];
        if cells.len() <= column as usize {
            self.cells += column as usize + 1 - cells.len();
            cells.resize(column as usize + 1, Cell::Empty);
        }
        cells[column as usize] = cell;
        Ok(())
    }

    /// Records a merged range (first and last cell, inclusive); its corners are cut to the
    /// limits, as nothing beyond them is read.
    pub fn merge(&mut self, first: (u32, u32), last: (u32, u32)) -> Result<(), Overflow> {
        if first.0 >= self.limits.rows || first.1 >= self.limits.columns {
            return Ok(());
        }
        if self.sheet.merged.len() >= self.limits.merged {
            return Err(self.refusal(first.0, first.1, Exceeded::Merged));
        }
        let last = (
            last.0.clamp(first.0, self.limits.rows - 1),
            last.1.clamp(first.1, self.limits.columns - 1),
        );
        self.sheet.merged.push((first, last));
        Ok(())
    }

    /// The sheet as collected.
    pub fn finish(self) -> Sheet {
        self.sheet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: SheetLimits = SheetLimits {
        rows: 10,
        columns: 5,
        cells: 12,
        cell_chars: 4,
        text_bytes: 10,
        merged: 1,
    };

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn cells_are_named_in_a1_notation() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn rows_hold_only_up_to_their_last_cell_and_blanks_cost_nothing() {
        let mut sheet = SheetBuilder::new("S", SMALL);
        sheet.put(1, 2, Cell::Number(1.0)).expect("fits");
        sheet.put(1, 0, text("a")).expect("fits");
        sheet.put(3, 4, text("  ")).expect("a blank is skipped");
        let sheet = sheet.finish();
        assert_eq!(
            sheet.rows,
            vec![vec![], vec![text("a"), Cell::Empty, Cell::Number(1.0)],]
        );
    }

    #[test]
    fn the_far_corner_is_refused_by_name_before_anything_is_held() {
        let sheet = SheetBuilder::new("登记表", LIMITS);
        let refused = sheet
            .admit(1_048_575, 16_383, None)
            .expect_err("far corner");
        assert_eq!(refused.exceeded, Exceeded::Rows);
        assert_eq!(refused.cell, "XFD1048576");
        assert!(refused.to_string().contains("登记表"), "{refused}");
        assert!(refused.to_string().contains("XFD1048576"), "{refused}");
        let wide = sheet.admit(0, 100, None).expect_err("column 101");
        assert_eq!(
            (wide.exceeded, wide.cell.as_str()),
            (Exceeded::Columns, "CW1")
        );
        assert!(sheet.admit(100_009, 99, None).is_ok());
    }

    #[test]
    fn each_limit_refuses_its_first_cell_past_it() {
        let mut sheet = SheetBuilder::new("S", SMALL);
        sheet.put(0, 1, Cell::Number(1.0)).expect("two slots");
        sheet
            .put(0, 4, Cell::Number(1.0))
            .expect("three more in the same row");
        sheet.put(1, 4, Cell::Number(1.0)).expect("ten slots");
        let full = sheet.put(2, 2, Cell::Number(1.0)).expect_err("13 slots");
        assert_eq!((full.exceeded, full.cell.as_str()), (Exceeded::Cells, "C3"));
        assert!(sheet.put(2, 1, Cell::Number(1.0)).is_ok(), "12 slots fit");
        let long = sheet.put(0, 0, text("五个字符呀")).expect_err("5 chars");
        assert_eq!(long.exceeded, Exceeded::CellChars);
        sheet.put(0, 0, text("abcd")).expect("4 bytes of text");
        sheet.put(0, 2, text("efgh")).expect("8 bytes of text");
        let much = sheet.put(0, 3, text("ijk")).expect_err("11 bytes");
        assert_eq!(much.exceeded, Exceeded::TextBytes);
        assert_eq!(
            sheet.put(10, 0, text("x")).map_err(|o| o.exceeded),
            Err(Exceeded::Rows)
        );
    }

    #[test]
    fn text_is_held_up_to_its_limit_exactly() {
        let mut sheet = SheetBuilder::new("S", SMALL);
        sheet.put(0, 0, text("abcd")).expect("4 bytes");
        sheet.put(0, 1, text("efgh")).expect("8 bytes");
        sheet
            .put(0, 2, text("ij"))
            .expect("10 bytes: the limit itself");
        let much = sheet.put(0, 3, text("k")).expect_err("11 bytes");
        assert_eq!(much.exceeded, Exceeded::TextBytes);
    }

    #[test]
    fn the_limits_are_those_the_readme_states() {
        assert_eq!(
            (LIMITS.rows, LIMITS.columns, LIMITS.cells),
            (100_010, 100, 2_000_000)
        );
        assert_eq!(
            (LIMITS.cell_chars, LIMITS.text_bytes, LIMITS.merged),
            (32_767, 64 << 20, 10_000)
        );
    }

    #[test]
    fn merges_are_cut_to_the_limits_and_counted() {
        let mut sheet = SheetBuilder::new("S", SMALL);
        sheet
            .merge((0, 0), (u32::MAX, u32::MAX))
            .expect("first merge");
        sheet
            .merge((20, 0), (21, 0))
            .expect("beyond the rows: ignored");
        let refused = sheet.merge((1, 0), (1, 1)).expect_err("second merge");
        assert_eq!(refused.exceeded, Exceeded::Merged);
        assert_eq!(sheet.finish().merged, vec![((0, 0), (9, 4))]);
    }
}
