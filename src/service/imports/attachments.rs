//! `importAttachment`: attachment 2, 3 or 4 of a county plan (as the county filled it in:
//! XLSX, XLS, ODS or CSV) into a plan revision being drafted. Each row becomes the entry
//! its `add…` mutation would make, through the same checks (the mine's assessment, one
//! list per mine, the plan's county), all in one transaction that a dry run or any problem
//! rolls back. A row whose entry the plan already holds is unchanged, so a re-import
//! changes nothing; a block named in attachment 4 that the county has not planned yet is
//! created from the row (and its optional columns).

use chrono::Months;
use entity::{block, county, county_plan, mine, plan_entry, plan_mine};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::domain::access::{Action, Caller};
use crate::domain::assessment::Disposition;
use crate::domain::block::BlockDraft;
use crate::domain::codes::{BlockPriority, EntryKind, MiningMethod};
use crate::domain::import::Problem;
use crate::domain::import::attachments::{
    self as layout, MineRef, closure_row, new_mine_row, upgrade_row,
};
use crate::domain::import::layout::{Located, locate};
use crate::domain::import::registry::Vocabulary;
use crate::domain::plan::PlanAction;
use crate::domain::plan::entries::{ClosureEntry, NewMineEntry, UpgradeEntry};
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::blocks;
use crate::service::imports::ImportReport;
use crate::service::imports::mines::vocabulary;
use crate::service::imports::read::first_sheet;
use crate::service::plans::content::method_of;
use crate::service::plans::drafting::{closure_in, editing, new_mine_in, upgrade_in};
use crate::service::plans::reading::view_in;
use crate::service::plans::{acting_on, announcing, audit_plan, event_of};
use crate::service::require;
use crate::service::uploads::{self, Upload};
use crate::state::AppState;

/// Rolls back a dry run, or a commit with problems; never leaves this module.
const ROLLED_BACK: &str = "import rolled back";

/// What one row did.
enum Added {
    Created(i64),
    Unchanged,
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
    let clock = state.clock.as_ref();
    let outcome = announcing(state, async |tx| {
        let (plan, county) = editing(tx, clock, caller, plan_id).await?;
        let mut created = Vec::new();
        for (line, cells) in &located.rows {
            let row = Row {
                located: &located,
                line: *line,
                cells,
                words: &words,
            };
            match add(state, tx, caller, (&plan, &county), number, row).await {
                Ok(Added::Created(id)) => created.push(id),
                Ok(Added::Unchanged) => report.unchanged += 1,
                Err(Refused::Row(problems)) => report.problems.extend(problems),
                Err(Refused::Fatal(err)) => return Err(err),
            }
        }
        report.created = created.len();
        if dry_run || !report.problems.is_empty() {
            // Nothing of a dry run, or of a file with a problem, may stay.
            return Err(AppError::Conflict(ROLLED_BACK.into()));
        }
        let summary = serde_json::json!({ "attachment": number, "entries": created });
        audit_plan(
            tx,
            clock,
            caller,
            &county,
            ("importAttachment", plan.id),
            (None, Some(&summary)),
        )
        .await?;
        let view = view_in(tx, plan.id).await?;
        let event = event_of(state, &view, PlanEventType::EntryAdded);
        Ok(((), event))
    })
    .await;
    match outcome {
        Ok(()) => Ok(report),
        Err(AppError::Conflict(reason)) if reason == ROLLED_BACK => {
            if !dry_run {
                report.created = 0;
                report.unchanged = 0;
            }
            Ok(report)
        }
        Err(err) => Err(err),
    }
}

/// One data row and what reads it.
struct Row<'a> {
    located: &'a Located<'a>,
    line: u32,
    cells: &'a [crate::domain::import::Cell],
    words: &'a Vocabulary,
}

/// Adds one row's entry to the plan.
async fn add(
    state: &AppState,
    tx: &DatabaseTransaction,
    caller: &Caller,
    (plan, county): (&county_plan::Model, &county::Model),
    number: i32,
    row: Row<'_>,
) -> Result<Added, Refused> {
    let line = row.line;
    match number {
        2 => {
            let read = closure_row(row.located, line, row.cells).map_err(Refused::Row)?;
            let mine = mine_of(tx, plan, &read.mine, line).await?;
            let method = if read.close {
                Disposition::Close
            } else {
                Disposition::Exit
            };
            if let Some(entry) = listed(tx, plan.id, mine.id).await? {
                let same = entry.kind == EntryKind::Closure.code()
                    && method_of(&entry) == method
                    && entry.close_by == Some(read.close_by);
                return unchanged_or_taken(same, line);
            }
            // [assumption] attachment 2 has no restoration deadline: a year after closing.
            let restoration_due_by = read
                .close_by
                .checked_add_months(Months::new(12))
                .unwrap_or(read.close_by);
            let input = ClosureEntry {
                mine_id: mine.id,
                method,
                close_by: read.close_by,
                restoration_due_by,
            };
            let entry = closure_in(state, tx, plan, input)
                .await
                .map_err(|e| refused(line, e))?;
            Ok(Added::Created(entry.id))
        }
        3 => {
            let read = upgrade_row(row.located, line, row.cells).map_err(Refused::Row)?;
            let mine = mine_of(tx, plan, &read.mine, line).await?;
            if let Some(entry) = listed(tx, plan.id, mine.id).await? {
                let same = entry.kind == EntryKind::Upgrade.code()
                    && entry.target_scale == Some(read.target_scale)
                    && entry.complete_by == Some(read.complete_by);
                return unchanged_or_taken(same, line);
            }
            let input = UpgradeEntry {
                mine_id: mine.id,
                target_scale: read.target_scale,
                recoverable_reserves: read.recoverable_reserves,
                complete_by: read.complete_by,
                measures: Vec::new(),
                safety_facilities_by: None,
                licence_change_by: None,
            };
            let entry = upgrade_in(state, tx, (plan, county), input)
                .await
                .map_err(|e| refused(line, e))?;
            Ok(Added::Created(entry.id))
        }
        _ => {
            let read =
                new_mine_row(row.located, line, row.cells, row.words).map_err(Refused::Row)?;
            let existing = block::Entity::find()
                .filter(block::Column::CountyCode.eq(plan.county_code.clone()))
                .filter(block::Column::Name.eq(read.name.clone()))
                .one(tx)
                .await
                .map_err(AppError::from)?;
            let block = match existing {
                Some(block) => block,
                None => {
                    let missing: Vec<&str> = [
                        (read.designed_scale.is_none(), layout::DESIGNED),
                        (read.mining_method.is_none(), layout::METHOD),
                        (read.in_master_plan.is_none(), layout::MASTER_PLAN),
                    ]
                    .into_iter()
                    .filter_map(|(absent, label)| absent.then_some(label))
                    .collect();
                    if let Some(first) = missing.first() {
                        return Err(row_problem(
                            line,
                            first,
                            format!("新的规划区块还须填写：{}", missing.join("、")),
                        ));
                    }
                    let draft = BlockDraft {
                        name: read.name.clone(),
                        county_code: plan.county_code.clone(),
                        mineral_code: read.mineral_code.clone(),
                        area_km2: read.area_km2,
                        predicted_resources: read.predicted_resources,
                        location: read.location.clone(),
                        designed_production_scale: read.designed_scale.unwrap_or_default(),
                        mining_method: read.mining_method.unwrap_or(MiningMethod::OpenPit),
                        ore_grade: None,
                        priority: read.priority.unwrap_or(BlockPriority::None),
                        in_master_plan: read.in_master_plan.unwrap_or(false),
                        corners: Vec::new(),
                    };
                    blocks::create_in(tx, state.clock.as_ref(), caller, draft)
                        .await
                        .map_err(|e| refused(line, e))?
                }
            };
            let planned = plan_entry::Entity::find()
                .filter(plan_entry::Column::PlanId.eq(plan.id))
                .filter(plan_entry::Column::BlockId.eq(block.id))
                .one(tx)
                .await
                .map_err(AppError::from)?;
            if let Some(entry) = planned {
                return unchanged_or_taken(entry.transfer_year == Some(read.transfer_year), line);
            }
            let input = NewMineEntry {
                block_id: block.id,
                transfer_year: read.transfer_year,
            };
            let entry = new_mine_in(tx, plan, input)
                .await
                .map_err(|e| refused(line, e))?;
            Ok(Added::Created(entry.id))
        }
    }
}

/// A row the plan already holds: unchanged when the entry says the same, else refused.
fn unchanged_or_taken(same: bool, line: u32) -> Result<Added, Refused> {
    if same {
        Ok(Added::Unchanged)
    } else {
        Err(row_problem(
            line,
            layout::LICENCE,
            "本计划已列有该矿山（或区块）的其他条目，请先删除原条目再导入",
        ))
    }
}

/// The mine a row names, in the plan's county.
async fn mine_of(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    named: &MineRef,
    line: u32,
) -> Result<mine::Model, Refused> {
    let query = mine::Entity::find().filter(mine::Column::CountyCode.eq(plan.county_code.clone()));
    let query = match named {
        MineRef::Licence(licence) => query.filter(mine::Column::LicenceNo.eq(licence.clone())),
        MineRef::Name(name) => query
            .filter(mine::Column::LicenceNo.is_null())
            .filter(mine::Column::Name.eq(name.clone())),
    };
    query
        .one(tx)
        .await
        .map_err(AppError::from)?
        .ok_or_else(|| row_problem(line, layout::LICENCE, "本县（市、区）的名录中没有这座矿山"))
}

/// The entry of plan `plan_id` that already lists mine `mine_id`, if any.
async fn listed(
    tx: &DatabaseTransaction,
    plan_id: i64,
    mine_id: i64,
) -> Result<Option<plan_entry::Model>, Refused> {
    let Some(member) = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(plan_id))
        .filter(plan_mine::Column::MineId.eq(mine_id))
        .one(tx)
        .await
        .map_err(AppError::from)?
    else {
        return Ok(None);
    };
    Ok(plan_entry::Entity::find_by_id(member.entry_id)
        .one(tx)
        .await
        .map_err(AppError::from)?)
}
