//! The officials' paper: the plan's attachment tables, the mine registry and
//! the city transfer plan as XLSX, read with the same scoping as the data they hold. The
//! HTTP routes (`src/http/exports.rs`) and the `mineright export` command both call here.

pub mod attachments;
pub mod geojson;
pub mod registers;
pub mod sheet;

use crate::domain::access::{Action, Caller};
use crate::error::{AppError, AppResult};
use crate::exports::attachments::Attachment;
use crate::service::admission::transfer;
use crate::service::mine_queries;
use crate::service::plans::{reading, snapshots};
use crate::service::{permitted, require};
use crate::state::AppState;

/// The content type of an XLSX workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook and the file name it is offered under.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn render(file_name: String, sheet: &sheet::Sheet) -> AppResult<Workbook> {
    Ok(Workbook {
        file_name,
        bytes: sheet::xlsx(std::slice::from_ref(sheet)).map_err(AppError::internal)?,
    })
}

/// One attachment of a county plan revision the viewer may read (`NOT_FOUND` otherwise).
pub async fn county_plan(
    state: &AppState,
    viewer: Option<&Caller>,
    plan_id: i64,
    attachment: Attachment,
) -> AppResult<Workbook> {
    let view = reading::get(state, viewer, plan_id)
        .await?
        .ok_or(AppError::NotFound("县级整治方案"))?;
    // An approved revision prints what it approved, whatever the registry does later.
    let view = snapshots::as_approved(&state.db, view).await?;
    let places = state.places.catalogue();
    let sheet = attachment.sheet(&view, &places);
    render(format!("{}-{plan_id}.xlsx", sheet.title), &sheet)
}

/// The city's transfer plan of `year` as the viewer may read it (`NOT_FOUND` otherwise).
pub async fn transfer_plan(
    state: &AppState,
    viewer: Option<&Caller>,
    year: i32,
    city: Option<&str>,
) -> AppResult<Workbook> {
    let view = transfer::plan(state, viewer, year, city)
        .await?
        .ok_or(AppError::NotFound("出让计划"))?;
    let places = state.places.catalogue();
    let city_name = places
        .city(&view.plan.city_code)
        .map_or_else(|| view.plan.city_code.clone(), |c| c.name.clone());
    let sheet = registers::transfer_plan(&city_name, &view, &places);
    render(format!("{}.xlsx", sheet.title), &sheet)
}

/// The registry of the mines the viewer may read (of `county`, which must exist, when
/// given), each with its assessment today. A caller who reads no mine is refused rather
/// than served an empty workbook that looks like a registry without mines.
pub async fn registry(
    state: &AppState,
    viewer: Option<&Caller>,
    county: Option<&str>,
) -> AppResult<Workbook> {
    permitted(require(viewer)?, Action::ReadMines)?;
    let places = state.places.catalogue();
    let scope = match county {
        Some(code) => places
            .county(code)
            .map(|c| c.name.clone())
            .ok_or_else(|| AppError::invalid("county", "没有这个县（市、区）代码"))?,
        None => "全部".into(),
    };
    let mines = mine_queries::registry(state, viewer, county).await?;
    let title = format!("非煤矿山名录（{scope}，{}）", state.clock.today());
    let sheet = registers::registry(&title, &mines, &places);
    render(format!("{title}.xlsx"), &sheet)
}
