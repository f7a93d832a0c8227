//! An import's report as the command line prints it: a table for a person at a terminal
//! (Chinese characters take two cells, so columns line up), or the JSON the API answers
//! (`--json`) for a script.

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::service::imports::{ImportReport, Problems, RowAction};

/// The report as JSON, in the API's field names.
pub fn as_json(report: &ImportReport) -> Value {
    let cells = |list: &Problems| -> Vec<Value> {
        list.listed()
            .iter()
            .map(|p| json!({ "row": p.row, "column": p.column, "message": p.message }))
            .collect()
    };
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|change| {
            let fields: Vec<Value> = change
                .fields
                .iter()
                .map(|f| json!({ "column": f.column, "from": f.from, "to": f.to }))
                .collect();
            json!({
                "row": change.row,
                "action": action(change.action),
                "subject": change.subject,
                "fields": fields,
            })
        })
        .collect();
    json!({
        "dryRun": report.dry_run,
        "rowsRead": report.rows_read,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "problems": cells(&report.problems),
        "problemCount": report.problems.total(),
        "readings": cells(&report.readings),
        "changes": changes,
    })
}

fn action(action: RowAction) -> &'static str {
    match action {
        RowAction::Create => "CREATE",
        RowAction::Update => "UPDATE",
    }
}

/// The report as tables: a summary line, then what each row creates or changes (one line
/// per changed column), the readings and the problems.
pub fn as_table(report: &ImportReport) -> String {
    let mut out = format!(
        "{}\nrows read {} · created {} · updated {} · unchanged {} · problems {}\n",
        if report.dry_run {
            "dry run: nothing was written"
        } else if report.problems.is_empty() {
            "imported"
        } else {
            "refused: nothing was written"
        },
        report.rows_read,
        report.created,
        report.updated,
        report.unchanged,
        report.problems.total()
    );
    let mut changes = Vec::new();
    for change in &report.changes {
        let row = change.row.to_string();
        let verb = match change.action {
            RowAction::Create => "create",
            RowAction::Update => "update",
        };
        if change.fields.is_empty() {
            changes.push(vec![row.clone(), verb.into(), change.subject.clone()]);
        }
        for field in &change.fields {
            changes.push(vec![
                row.clone(),
                verb.into(),
                change.subject.clone(),
                field.column.into(),
                field.from.clone(),
                field.to.clone(),
            ]);
        }
    }
    let header = ["row", "action", "subject", "column", "from", "to"];
    section(&mut out, "changes", &header, &changes);
    let cells = |list: &Problems| -> Vec<Vec<String>> {
        list.listed()
            .iter()
            .map(|p| vec![p.row.to_string(), p.column.clone(), p.message.clone()])
            .collect()
    };
    let readings = cells(&report.readings);
    section(
        &mut out,
        "readings",
        &["row", "column", "read as"],
        &readings,
    );
    let problems = cells(&report.problems);
    section(
        &mut out,
        "problems",
        &["row", "column", "problem"],
        &problems,
    );
    out
}

/// Appends a titled table of `rows` under `header`, unless there are no rows.
fn section(out: &mut String, title: &str, header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    out.push_str(&format!("\n{title}\n"));
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.width() + 2));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::Problem;
    use crate::service::imports::{FieldChange, RowChange};

    fn report() -> ImportReport {
        let mut report = ImportReport {
            dry_run: true,
            rows_read: 3,
            ..ImportReport::default()
        };
        report.tell(RowChange {
            row: 2,
            action: RowAction::Update,
            subject: "甲矿（C1）".into(),
            fields: vec![FieldChange {
                column: "生产规模（万吨/年）",
                from: "60".into(),
                to: "75".into(),
            }],
        });
        report.tell(RowChange {
            row: 3,
            action: RowAction::Create,
            subject: "新矿".into(),
            fields: Vec::new(),
        });
        report
    }

    #[test]
    fn a_table_lines_up_chinese_text_and_lists_each_change() {
        let table = as_table(&report());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "dry run: nothing was written");
        assert_eq!(
            lines[1],
            "rows read 3 · created 1 · updated 1 · unchanged 0 · problems 0"
        );
        assert_eq!(lines[3], "changes");
        let subject_at =
            |line: &str| line[..line.find("甲矿").or(line.find("新矿")).unwrap_or(0)].width();
        assert_eq!(
            lines[4].find("subject").map(|at| lines[4][..at].width()),
            Some(subject_at(lines[5]))
        );
        assert_eq!(subject_at(lines[5]), subject_at(lines[6]), "{table}");
        assert!(
            lines[5].ends_with("生产规模（万吨/年）  60    75"),
            "{table}"
        );
        assert!(lines[6].ends_with("新矿"), "{table}");
        assert!(!table.contains("problems\n"), "no empty sections");
    }

    #[test]
    fn json_carries_what_the_api_answers() {
        let mut refused = report();
        refused
            .problems
            .push(Problem::new(4, "开采矿种", "没有“铜”这个矿种"));
        let value = as_json(&refused);
        assert_eq!(value["problemCount"], 1);
        assert_eq!(value["changes"][0]["fields"][0]["to"], "75");
        assert_eq!(value["changes"][1]["action"], "CREATE");
        assert!(
            as_table(&refused)
                .contains("problems\nrow  column    problem\n4    开采矿种  没有“铜”这个矿种")
        );
    }
}
