//! `importMines`: the registry workbook (docs/api.md's columns) into the registry. Rows are
//! matched to mines by licence number: a new number creates a mine (multi-row inserts, one
//! audit entry for the import naming every mine it created), a known one updates the
//! columns the row fills (each an audited update with its version), a row that changes
//! nothing is left alone.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::mine;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::ValidationError;
use crate::domain::access::{Action, Caller};
use crate::domain::import::Problem;
use crate::domain::import::layout::locate;
use crate::domain::import::registry::{self, Identity, MineRow, Vocabulary, read_row};
use crate::domain::import::sheet::Sheet;
use crate::domain::mine::{MineDraft, MineFacts};
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::places::Catalogue;
use crate::infra::writes::{in_write, on_duplicate};
use crate::service::audit::{self, Change};
use crate::service::imports::read::first_sheet;
use crate::service::imports::{FieldChange, ImportReport, RowAction, RowChange};
use crate::service::mine_rows::{draft_of, new_row};
use crate::service::mines;
use crate::service::scope::authorise;
use crate::service::stored_assessments::refresh_dirty;
use crate::service::uploads::{self, Upload};
use crate::service::{permitted, require};
use crate::state::AppState;

/// Licence numbers looked up per statement.
const LOOKUP_CHUNK: usize = 500;
/// Rows per multi-row insert (36 columns stay under SQLite's variable limit).
const ROWS_PER_INSERT: usize = 400;

/// A licence number another writer registered while the import ran.
fn duplicate() -> AppError {
    AppError::Conflict(Conflict::LicenceTakenDuringImport)
}

/// What one row will do.
enum Step {
    Create(Box<MineFacts>),
    Update {
        id: i64,
        version: i32,
        draft: Box<MineDraft>,
        /// Each column it changes, as paper writes it before and after.
        changes: Vec<FieldChange>,
    },
    Unchanged,
}

/// The mine a row is about, as an official names it.
pub(crate) fn subject(name: &str, licence_no: Option<&str>) -> String {
    match licence_no {
        Some(licence) => format!("{name}（{licence}）"),
        None => name.to_owned(),
    }
}

/// The vocabulary of the deployment's minerals and counties.
pub fn vocabulary(catalogue: &Catalogue) -> Vocabulary {
    Vocabulary {
        minerals: catalogue
            .minerals()
            .map(|m| (m.code.clone(), m.name.clone(), m.national_code.clone()))
            .collect(),
        counties: catalogue
            .counties()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect(),
    }
}

/// The registry column a validation error of a mine's facts concerns.
fn column_of(err: &ValidationError) -> &'static str {
    match err.field.as_str() {
        "name" => registry::NAME,
        "holder" => registry::HOLDER,
        "licenceNo" => registry::LICENCE,
        "mineralCode" => registry::MINERAL,
        "productionScale" => registry::SCALE,
        "remainingReserves" => registry::RESERVES,
        "countyCode" => registry::COUNTY,
        "licenceValidFrom" => registry::VALID_FROM,
        "licenceValidUntil" => registry::VALID_UNTIL,
        "status" => registry::STATUS,
        "suspendedSince" => registry::SUSPENDED,
        "constructionDeadline" => registry::CONSTRUCTION,
        "surveyedServiceYears" => registry::SURVEYED,
        "oreBodyId" => registry::ORE_BODY,
        "latitude" => registry::LATITUDE,
        "longitude" => registry::LONGITUDE,
        _ => "",
    }
}

fn problems_of(line: u32, errors: Vec<ValidationError>) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|err| {
            let column = column_of(&err);
            let message = if column.is_empty() {
                format!("{}：{}", err.field, err.message)
            } else {
                err.message
            };
            Problem::new(line, column, message)
        })
        .collect()
}

/// Imports the registry in `bytes` as `viewer`.
pub async fn import(
    state: &AppState,
    viewer: Option<&Caller>,
    upload: Upload,
    dry_run: bool,
) -> AppResult<ImportReport> {
    let caller = require(viewer)?;
    permitted(caller, Action::WriteMines)?;
    let (place, _, bytes) = upload.admitted(state).await?;
    let sheet: Sheet = uploads::blocking(&place, move || first_sheet(&bytes)).await?;
    let mut report = ImportReport {
        dry_run,
        ..ImportReport::default()
    };
    let located = match locate(&registry::expected(), &sheet.rows, &sheet.merged) {
        Ok(located) => located,
        Err(problems) => {
            report.problems = problems.into();
            return Ok(report);
        }
    };
    report.rows_read = located.rows.len();
    let catalogue = state.places.catalogue();
    let words = vocabulary(&catalogue);
    let mut rows: Vec<MineRow> = Vec::new();
    let mut first_line: HashMap<Identity, u32> = HashMap::new();
    for (line, cells) in &located.rows {
        let row = match read_row(&located, *line, cells, &words) {
            Ok(row) => row,
            Err(problems) => {
                report.problems.extend(problems);
                continue;
            }
        };
        let Some(identity) = row.identity() else {
            continue;
        };
        match first_line.get(&identity) {
            Some(first) => report.problems.push(Problem::new(
                *line,
                registry::LICENCE,
                format!("与第{first}行是同一座矿山（同一采矿许可证号，或同县同名的无证矿山）"),
            )),
            None => {
                first_line.insert(identity, *line);
                rows.push(row);
            }
        }
    }
    if dry_run || !report.problems.is_empty() {
        let steps = plan(&state.db, state, caller, &catalogue, &rows, &mut report).await?;
        if dry_run {
            count(&steps, &mut report);
        }
        return Ok(report);
    }
    in_write(&state.db, async |tx| {
        let steps = plan(tx, state, caller, &catalogue, &rows, &mut report).await?;
        if report.problems.is_empty() {
            count(&steps, &mut report);
            write(tx, state, caller, steps).await?;
            refresh_dirty(tx, state).await?;
        }
        Ok(())
    })
    .await?;
    Ok(report)
}

/// Tells what the steps do, row by row (a dry run's forecast, or a commit's outcome).
fn count(steps: &[(u32, Step)], report: &mut ImportReport) {
    for (row, step) in steps {
        let (action, draft, fields) = match step {
            Step::Create(facts) => (RowAction::Create, &***facts, Vec::new()),
            Step::Update { draft, changes, .. } => (RowAction::Update, &**draft, changes.clone()),
            Step::Unchanged => {
                report.unchanged += 1;
                continue;
            }
        };
        report.tell(RowChange {
            row: *row,
            action,
            subject: subject(&draft.name, draft.licence_no.as_deref()),
            fields,
        });
    }
}

/// What each row will do against the registry as `db` holds it; problems go to `report`.
async fn plan(
    db: &impl ConnectionTrait,
    state: &AppState,
    caller: &Caller,
    catalogue: &Catalogue,
    rows: &[MineRow],
    report: &mut ImportReport,
) -> AppResult<Vec<(u32, Step)>> {
    let existing = registered(db, rows).await?;
    let today = state.clock.today();
    // The mine's county before and after must both be the caller's to write.
    let may_write = |code: &str| {
        catalogue
            .county(code)
            .is_some_and(|county| authorise(caller, Action::WriteMines, county).is_ok())
    };
    let mut steps = Vec::with_capacity(rows.len());
    for row in rows {
        let before = row.identity().and_then(|identity| existing.get(&identity));
        match step_of(row, before, today, &may_write)? {
            Ok(step) => steps.push((row.line, step)),
            Err(problems) => report.problems.extend(problems),
        }
    }
    Ok(steps)
}

/// The registered mines `rows` name, by identity: by licence number, or (unlicensed) by
/// county and name.
async fn registered(
    db: &impl ConnectionTrait,
    rows: &[MineRow],
) -> AppResult<HashMap<Identity, mine::Model>> {
    let mut existing: HashMap<Identity, mine::Model> = HashMap::new();
    for chunk in rows.chunks(LOOKUP_CHUNK) {
        let licences: Vec<String> = chunk.iter().filter_map(|r| r.licence_no.clone()).collect();
        let unlicensed: Vec<String> = chunk
            .iter()
            .filter(|r| r.licence_no.is_none())
            .filter_map(|r| match r.identity() {
                Some(Identity::Unlicensed { name, .. }) => Some(name),
                _ => None,
            })
            .collect();
        let by_name = Condition::all()
            .add(mine::Column::LicenceNo.is_null())
            .add(mine::Column::Name.is_in(unlicensed));
        let named = Condition::any()
            .add(mine::Column::LicenceNo.is_in(licences))
            .add(by_name);
        for found in mine::Entity::find().filter(named).all(db).await? {
            let identity = match &found.licence_no {
                Some(licence) => Identity::Licence(licence.clone()),
                None => Identity::Unlicensed {
                    county: found.county_code.clone(),
                    name: found.name.clone(),
                },
            };
            existing.insert(identity, found);
        }
    }
    Ok(existing)
}

/// What `row` does to the mine it names (`before`, if registered) on `today`: a step, or
/// the row's problems. `may_write` says whether the caller may write a county's mines.
/// Only a stored row that cannot be read back fails the import.
fn step_of(
    row: &MineRow,
    before: Option<&mine::Model>,
    today: NaiveDate,
    may_write: &impl Fn(&str) -> bool,
) -> AppResult<Result<Step, Vec<Problem>>> {
    let draft = match before {
        Some(mine) if mine.archived => {
            return Ok(Err(vec![Problem::new(
                row.line,
                registry::LICENCE,
                "该证号的矿山已归档，不能导入",
            )]));
        }
        Some(mine) => row.patch(draft_of(mine)?),
        None => match row.draft() {
            Ok(draft) => draft,
            Err(problems) => return Ok(Err(problems)),
        },
    };
    let patched = draft.clone();
    let facts = match MineFacts::parse(draft) {
        Ok(facts) => facts,
        Err(problems) => return Ok(Err(problems_of(row.line, problems.into_vec()))),
    };
    if let Err(err) = facts.check_recorded_on(today) {
        return Ok(Err(problems_of(row.line, vec![err])));
    }
    let allowed = before
        .map(|m| m.county_code.as_str())
        .into_iter()
        .chain([facts.county_code.as_str()])
        .all(may_write);
    if !allowed {
        return Ok(Err(vec![Problem::new(
            row.line,
            registry::COUNTY,
            "不在您可以修改的县（市、区）范围内",
        )]));
    }
    Ok(Ok(match before {
        None => Step::Create(Box::new(facts)),
        Some(mine) => {
            let current = draft_of(mine)?;
            let unchanged = MineFacts::parse(current.clone())
                .is_ok_and(|current| current.same_on_paper(&facts));
            if unchanged {
                Step::Unchanged
            } else {
                Step::Update {
                    id: mine.id,
                    version: mine.version,
                    changes: registry::changes(&current, &patched),
                    draft: Box::new(patched),
                }
            }
        }
    }))
}

/// Writes the planned steps in the open transaction.
async fn write(
    tx: &sea_orm::DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    steps: Vec<(u32, Step)>,
) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let now = clock.now();
    // Updates first, each audited by `updateMine`'s own path under this import.
    let mut created: Vec<mine::ActiveModel> = Vec::new();
    let mut licences: Vec<String> = Vec::new();
    for (_, step) in steps {
        match step {
            Step::Create(facts) => {
                licences.extend(facts.licence_no.clone());
                created.push(new_row(&facts, now));
            }
            Step::Update {
                id, version, draft, ..
            } => {
                mines::update_in(tx, clock, caller, id, version, |_| Ok(*draft)).await?;
            }
            Step::Unchanged => {}
        }
    }
    if created.is_empty() {
        return Ok(());
    }
    let summary = serde_json::json!({ "created": created.len(), "licenceNos": licences });
    let mut rows = created.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        mine::Entity::insert_many(chunk)
            .exec(tx)
            .await
            .map_err(|err| on_duplicate(err, duplicate))?;
    }
    audit::record(
        tx,
        clock,
        caller,
        Change {
            city_code: caller.city.clone(),
            operation: Operation::ImportMines,
            entity: Operation::ImportMines.entity(),
            entity_id: format!("import-{}", now.timestamp_millis()),
            before: None::<&serde_json::Value>,
            after: Some(&summary),
        },
    )
    .await
}
