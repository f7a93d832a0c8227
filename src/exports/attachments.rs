//! The plan's attachment tables (docs/rules.md), column for column as the seed prints them,
//! filled from one revision of a county plan as its reader may see it (a published plan's
//! natural-person holders stay hidden in the paper too); and the integration groups in a
//! layout of ours.

use crate::domain::assessment::Disposition;
use crate::domain::codes::EntryKind;
use crate::domain::import::attachments as layout;
use crate::domain::mine::service_years;
use crate::domain::spatial::corner_text::written_corners;
use crate::exports::sheet::{Column, Sheet, Value};
use crate::infra::places::Catalogue;
use crate::service::blocks::boundary_of;
use crate::service::mine_view::MineView;
use crate::service::plans::content::{PlanView, method_of};

/// The attachments a county plan exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// 附件2: 关闭退出名单.
    CloseExit,
    /// 附件3: 升级改造名单.
    Upgrade,
    /// 附件4: 拟新设置名单.
    NewMines,
    /// Our own: 整合重组名单.
    Integration,
}

impl Attachment {
    /// The attachment a file name asks for (`attachment-2.xlsx` …, `integration-groups.xlsx`).
    pub fn from_file(file: &str) -> Option<Self> {
        match file {
            "attachment-2.xlsx" => Some(Attachment::CloseExit),
            "attachment-3.xlsx" => Some(Attachment::Upgrade),
            "attachment-4.xlsx" => Some(Attachment::NewMines),
            "integration-groups.xlsx" => Some(Attachment::Integration),
            _ => None,
        }
    }

    /// The attachment numbered `n` in the plan (2, 3, 4).
    pub fn numbered(n: i32) -> Option<Self> {
        match n {
            2 => Some(Attachment::CloseExit),
            3 => Some(Attachment::Upgrade),
            4 => Some(Attachment::NewMines),
            _ => None,
        }
    }

    /// Its columns, as the seed heads them (units in the headers); the import reads them
    /// by the same names.
    pub fn columns(self) -> Vec<Column> {
        match self {
            Attachment::CloseExit => vec![
                Column::One("序号", 6.0),
                Column::One(layout::NAME, 28.0),
                Column::One("采矿权人", 24.0),
                Column::One(layout::LICENCE, 24.0),
                Column::One(layout::MINERAL, 12.0),
                Column::One("生产规模（万吨/年）", 12.0),
                Column::One("采矿许可证有效期", 14.0),
                Column::Group(
                    "关闭退出方式",
                    vec![(layout::CLOSE, 9.0), (layout::EXIT, 9.0)],
                ),
                Column::One(layout::CLOSE_BY, 14.0),
            ],
            Attachment::Upgrade => vec![
                Column::One("序号", 6.0),
                Column::One(layout::NAME, 28.0),
                Column::One("采矿权人", 24.0),
                Column::One(layout::LICENCE, 24.0),
                Column::One(layout::MINERAL, 12.0),
                Column::One("采矿许可证有效期", 14.0),
                Column::One(layout::RESERVES, 14.0),
                Column::One("改造后服务年限", 10.0),
                Column::Group(
                    "生产规模（万吨/年）",
                    vec![("现有生产规模", 11.0), (layout::TARGET, 13.0)],
                ),
                Column::One(layout::COMPLETE_BY, 14.0),
            ],
            Attachment::NewMines => vec![
                Column::One("序号", 6.0),
                Column::One(layout::BLOCK, 30.0),
                Column::One(layout::MINERAL, 12.0),
                Column::One(layout::AREA, 12.0),
                Column::One(layout::PREDICTED, 12.0),
                Column::One(layout::LOCATION, 24.0),
                Column::One(layout::YEAR, 10.0),
                // Beyond the seed's seven columns: the boundary, which the import reads back.
                Column::One(layout::CORNERS, 40.0),
            ],
            Attachment::Integration => vec![
                Column::One("序号", 6.0),
                Column::One("整合后矿山名称", 28.0),
                Column::One("整合后采矿权人", 24.0),
                Column::One("参与整合矿山", 36.0),
                Column::One("参与矿山采矿许可证号", 36.0),
                Column::One(layout::MINERAL, 12.0),
                Column::One("整合后生产规模（万吨/年）", 12.0),
                Column::One(layout::COMPLETE_BY, 14.0),
            ],
        }
    }

    fn title(self, county: &str) -> String {
        match self {
            Attachment::CloseExit => format!("{county}非煤矿山企业关闭退出名单"),
            Attachment::Upgrade => format!("{county}非煤矿山企业升级改造名单"),
            Attachment::NewMines => format!("{county}非煤矿山拟新设置名单"),
            Attachment::Integration => format!("{county}非煤矿山整合重组名单"),
        }
    }

    fn tab(self) -> &'static str {
        match self {
            Attachment::CloseExit => "附件2",
            Attachment::Upgrade => "附件3",
            Attachment::NewMines => "附件4",
            Attachment::Integration => "整合重组",
        }
    }

    /// The attachment's sheet for `view`.
    pub fn sheet(self, view: &PlanView, places: &Catalogue) -> Sheet {
        let county = county_title(places, &view.plan.county_code);
        let rows = match self {
            Attachment::CloseExit => close_exit_rows(view, places),
            Attachment::Upgrade => upgrade_rows(view, places),
            Attachment::NewMines => new_mine_rows(view, places),
            Attachment::Integration => integration_rows(view, places),
        };
        numbered(Sheet {
            name: self.tab().into(),
            title: self.title(&county),
            labelled: self != Attachment::Integration,
            stamped: true,
            columns: self.columns(),
            rows,
        })
    }
}

/// A mineral's name, or its code when the catalogue does not know it.
pub(crate) fn mineral_name(places: &Catalogue, code: &str) -> String {
    places
        .mineral(code)
        .map_or_else(|| code.to_owned(), |m| m.name.clone())
}

/// A licence's validity as the seed prints it, a range 「2019-03-01至2026-03-01」 (either
/// end may be unknown).
fn validity(mine: &MineView) -> Value {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match (mine.row.licence_valid_from, mine.row.licence_valid_until) {
        (None, None) => Value::Empty,
        (from, until) => Value::Text(format!("{}至{}", day(from), day(until))),
    }
}

/// A county's name as a title gives it: a district named only 「城区」 is its city's
/// (「晋城市城区」), which the name alone does not say.
fn county_title(places: &Catalogue, code: &str) -> String {
    let name = county_name(places, code);
    let city = places
        .county(code)
        .and_then(|county| places.city(&county.city_code));
    match city {
        Some(city) if name == "城区" => format!("{}{name}", city.name),
        _ => name,
    }
}

/// A county's name, or its code when the catalogue does not know it.
pub(crate) fn county_name(places: &Catalogue, code: &str) -> String {
    places
        .county(code)
        .map_or_else(|| code.to_owned(), |c| c.name.clone())
}

/// Attachment 2: one row per close/exit entry, its method marked in one of two columns.
fn close_exit_rows(view: &PlanView, places: &Catalogue) -> Vec<Vec<Value>> {
    view.of_kind(EntryKind::Closure)
        .filter_map(|entry| {
            let mine = view.mines_of(entry.id).into_iter().next()?;
            let close = method_of(entry) == Disposition::Close;
            Some(vec![
                Value::Text(mine.row.name.clone()),
                Value::text(mine.holder.clone()),
                Value::text(mine.row.licence_no.clone()),
                Value::Text(mineral_name(places, &mine.row.mineral_code)),
                Value::Number(mine.row.production_scale),
                validity(mine),
                Value::mark(close),
                Value::mark(!close),
                Value::date(entry.close_by),
            ])
        })
        .collect()
}

/// Attachment 3: one row per upgrade entry, with the service life after upgrading.
fn upgrade_rows(view: &PlanView, places: &Catalogue) -> Vec<Vec<Value>> {
    view.of_kind(EntryKind::Upgrade)
        .filter_map(|entry| {
            let mine = view.mines_of(entry.id).into_iter().next()?;
            let reserves = entry
                .recoverable_reserves
                .unwrap_or(mine.row.remaining_reserves);
            Some(vec![
                Value::Text(mine.row.name.clone()),
                Value::text(mine.holder.clone()),
                Value::text(mine.row.licence_no.clone()),
                Value::Text(mineral_name(places, &mine.row.mineral_code)),
                validity(mine),
                Value::Number(reserves),
                Value::number(
                    entry
                        .target_scale
                        .map(|scale| service_years(reserves, scale, None)),
                ),
                Value::Number(mine.row.production_scale),
                Value::number(entry.target_scale),
                Value::date(entry.complete_by),
            ])
        })
        .collect()
}

/// Attachment 4: one row per new-mine entry, from its block.
fn new_mine_rows(view: &PlanView, places: &Catalogue) -> Vec<Vec<Value>> {
    view.of_kind(EntryKind::NewMine)
        .filter_map(|entry| {
            let block = view.blocks.get(&entry.block_id?)?;
            Some(vec![
                Value::Text(block.name.clone()),
                Value::Text(mineral_name(places, &block.mineral_code)),
                Value::Number(block.area_km2),
                Value::Number(block.predicted_resources),
                Value::Text(block.location.clone()),
                entry
                    .transfer_year
                    .map_or(Value::Empty, |year| Value::Integer(year.into())),
                boundary_of(block)
                    .ok()
                    .flatten()
                    .map_or(Value::Empty, |b| Value::Text(written_corners(&b))),
            ])
        })
        .collect()
}

/// The integration groups: one row per group, its members joined with 、.
fn integration_rows(view: &PlanView, places: &Catalogue) -> Vec<Vec<Value>> {
    view.of_kind(EntryKind::Integration)
        .map(|entry| {
            let mines = view.mines_of(entry.id);
            let joined = |part: &dyn Fn(&MineView) -> String| {
                mines.iter().map(|m| part(m)).collect::<Vec<_>>().join("、")
            };
            vec![
                Value::text(entry.unified_name.clone()),
                Value::text(entry.unified_holder.clone()),
                Value::Text(joined(&|m| m.row.name.clone())),
                Value::Text(joined(&|m| m.row.licence_no.clone().unwrap_or_default())),
                Value::text(
                    mines
                        .first()
                        .map(|m| mineral_name(places, &m.row.mineral_code)),
                ),
                Value::number(entry.target_scale),
                Value::date(entry.complete_by),
            ]
        })
        .collect()
}

/// Puts 序号 (1, 2, …) in front of every row.
pub fn numbered(mut sheet: Sheet) -> Sheet {
    for (n, row) in (1_i64..).zip(sheet.rows.iter_mut()) {
        row.insert(0, Value::Integer(n));
    }
    sheet
}
