//! `importAttachment`: attachment 2, 3 or 4 of a county plan (as the county filled it in:
//! XLSX, XLS, ODS or CSV) into a plan revision being drafted. Each row becomes the entry
//! its `add…` mutation would make, through the same checks (the mine's assessment, one
//! list per mine, the plan's county), all in one transaction that a dry run or any problem
//! rolls back. A row whose entry the plan already holds is unchanged, so a re-import
//! changes nothing; a block named in attachment 4 that the county has not planned yet is
//! created from the row (and its optional columns).

mod rows;

use entity::county_plan;
use sea_orm::{DatabaseTransaction, EntityTrait};

use crate::domain::access::{Action, Caller};
use crate::domain::import::Problem;
use crate::domain::import::attachments as layout;
use crate::domain::import::layout::{Located, locate};
use crate::domain::import::registry::Vocabulary;
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::{PlanEvent, PlanEventType};
use crate::service::imports::mines::subject;
use crate::service::imports::mines::vocabulary;
use crate::service::imports::read::first_sheet;
use crate::service::imports::{ImportReport, RowAction, RowChange};
use crate::service::plans::drafting::editing;
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, event_of};
use crate::service::require;
use crate::service::uploads::{self, Upload};
use crate::state::AppState;

/// What one row did.
enum Added {
    /// A new entry, about `subject` (the mine or block the row names).
    Created {
        entry: i64,
        subject: String,
    },
    Unchanged,
}

impl Added {
    /// A new entry about `mine`.
    fn of_mine(entry: i64, mine: &entity::mine::Model) -> Self {
        Added::Created {
            entry,
            subject: subject(&mine.name, mine.licence_no.as_deref()),
        }
    }
}

/// Why a row was not added: its problems, or a failure that ends the import.
enum Refused {
    Row(Vec<Problem>),
    Fatal(AppError),
}

impl From<AppError> for Refused {
    fn from(err: AppError) -> Self {
        Refused::Fatal(err)
    }
}

/// The attachment column a validation error of an entry concerns.
fn column_of(field: &str) -> &'static str {
    match field {
        "mineId" => layout::LICENCE,
        "method" => layout::CLOSE,
        "closeBy" | "restorationDueBy" => layout::CLOSE_BY,
        "targetScale" => layout::TARGET,
        "recoverableReserves" => layout::RESERVES,
        "completeBy" => layout::COMPLETE_BY,
        "blockId" | "name" => layout::BLOCK,
        "transferYear" => layout::YEAR,
        "mineralCode" => layout::MINERAL,
        "areaKm2" => layout::AREA,
        "predictedResources" => layout::PREDICTED,
        "location" => layout::LOCATION,
        "designedProductionScale" => layout::DESIGNED,
        _ => "",
    }
}

/// A refusal of a row's entry by the checks every entry passes: its problems, with the
/// rule a problem breaks in front of its message.
fn refused(line: u32, err: AppError) -> Refused {
    match err {
        AppError::Invalid(errors) => Refused::Row(
            errors
                .into_iter()
                .map(|e| {
                    let message = match e.rule {
                        Some(rule) => format!("{rule}：{}", e.message),
                        None => e.message,
                    };
                    Problem::new(line, column_of(&e.field), message)
                })
                .collect(),
        ),
        other => Refused::Fatal(other),
    }
}

fn row_problem(line: u32, column: &str, message: impl Into<String>) -> Refused {
    Refused::Row(vec![Problem::new(line, column, message)])
}

/// The county of plan `plan_id`, if it exists: whose official the command line acts as.
pub async fn plan_county(state: &AppState, plan_id: i64) -> AppResult<Option<String>> {
    Ok(county_plan::Entity::find_by_id(plan_id)
        .one(&state.db)
        .await?
        .map(|plan| plan.county_code))
}

/// Imports attachment `number` in `bytes` into plan `plan_id` as `viewer`.
pub async fn import(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    number: i32,
    upload: Upload,
    dry_run: bool,
) -> AppResult<ImportReport> {
    let caller = require(viewer)?;
    // docs/api.md's order: who, then which plan and its state, then the file.
    acting_on(
        &state.db,
        caller,
        Action::WritePlans,
        plan_id,
        PlanAction::Edit,
    )
    .await?;
    let expected = layout::expected(number)
        .ok_or_else(|| AppError::invalid("attachment", "附件须为 2、3 或 4"))?;
    let (place, _, bytes) = upload.admitted(state).await?;
    let sheet = uploads::blocking(&place, move || first_sheet(&bytes)).await?;
    let mut report = ImportReport {
        dry_run,
        ..ImportReport::default()
    };
    let located = match locate(&expected, &sheet.rows, &sheet.merged) {
        Ok(located) => located,
        Err(problems) => {
            report.problems = problems.into();
            return Ok(report);
        }
    };
    report.rows_read = located.rows.len();
    let words = vocabulary(&state.places.catalogue());
    let attachment = Attachment {
        number,
        located: &located,
        words: &words,
    };
    let outcome = announcing(state, async |tx| {
        add_rows(
            state,
            tx,
            (caller, plan_id),
            &attachment,
            dry_run,
            &mut report,
        )
        .await
    })
    .await;
    match outcome {
        Ok(()) => Ok(report),
        Err(AppError::Conflict(Conflict::ImportRolledBack)) => {
            if !dry_run {
                report.created = 0;
                report.unchanged = 0;
            }
            Ok(report)
        }
        Err(err) => Err(err),
    }
}

/// The attachment read: which one, its located rows, and the vocabulary its cells are read
/// with.
struct Attachment<'a> {
    number: i32,
    located: &'a Located<'a>,
    words: &'a Vocabulary,
}

/// Adds every row of `attachment` to plan `plan_id` as `caller` in the open transaction, counting into
/// `report`, and audits the import; a dry run, or any row's problem, rolls it all back.
async fn add_rows(
    state: &AppState,
    tx: &DatabaseTransaction,
    (caller, plan_id): (&Caller, i64),
    attachment: &Attachment<'_>,
    dry_run: bool,
    report: &mut ImportReport,
) -> AppResult<((), PlanEvent)> {
    let clock = state.clock.as_ref();
    let (plan, county) = editing(tx, clock, caller, plan_id).await?;
    let mut created = Vec::new();
    for (line, cells) in &attachment.located.rows {
        let located = attachment.located;
        let readings = layout::readings(attachment.number, located, *line, cells);
        report.readings.extend(readings);
        let row = Row {
            located: attachment.located,
            line: *line,
            cells,
            words: attachment.words,
        };
        match rows::add(state, tx, caller, (&plan, &county), attachment.number, row).await {
            Ok(Added::Created { entry, subject }) => {
                created.push(entry);
                report.tell(RowChange {
                    row: *line,
                    action: RowAction::Create,
                    subject,
                    fields: Vec::new(),
                });
            }
            Ok(Added::Unchanged) => report.unchanged += 1,
            Err(Refused::Row(problems)) => report.problems.extend(problems),
            Err(Refused::Fatal(err)) => return Err(err),
        }
    }
    if dry_run || !report.problems.is_empty() {
        // Nothing of a dry run, or of a file with a problem, may stay.
        return Err(AppError::Conflict(Conflict::ImportRolledBack));
    }
    let summary = serde_json::json!({ "attachment": attachment.number, "entries": created });
    audit_plan(
        tx,
        clock,
        caller,
        &county,
        (Operation::ImportAttachment, plan.id),
        (None, Some(&summary)),
    )
    .await?;
    let view = view_in(tx, plan.id).await?;
    let event = event_of(state, &view, PlanEventType::EntryAdded);
    Ok(((), event))
}

/// One data row and what reads it.
struct Row<'a> {
    located: &'a Located<'a>,
    line: u32,
    cells: &'a [crate::domain::import::Cell],
    words: &'a Vocabulary,
}
