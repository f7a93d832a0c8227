//! The two registers officials file besides the attachments: the mine registry with each
//! mine's assessment (docs/api.md's workbook columns, which the registry import reads back),
//! and the city's transfer plan of a year.

use entity::{block, transfer_entry};

use crate::clock::shanghai_date;
use crate::domain::authority::{Authority, authority_name};
use crate::domain::codes::{
    BlockPriority, HolderType, LicenceLevel, MiningMethod, OperatingStatus, TradingPlatform,
    TransferMethod, TransferOutcome, TransferPlanStatus,
};
use crate::domain::import::attachments as layout;
use crate::domain::import::registry::{self, flags_of};
use crate::domain::mine::ViolationKind;
use crate::domain::spatial::boundary::given_degrees;
use crate::domain::spatial::corner_text::paper_corners;
use crate::exports::attachments::{county_name, mineral_name, numbered};
use crate::exports::sheet::{Column, Sheet, Value};
use crate::infra::places::Catalogue;
use crate::service::admission::transfer::TransferPlanView;
use crate::service::mine_queries::Registered;
use crate::service::mine_rows::{corners_of, draft_of};

/// The label of a stored code, or the code itself when it is not one (never expected).
fn label<T>(code: &str, parse: fn(&str) -> Option<T>, name: fn(T) -> &'static str) -> String {
    parse(code).map_or_else(|| code.to_owned(), |v| name(v).to_owned())
}

/// The registry of `mines` (all of one reader's scope, or one county).
pub fn registry(title: &str, mines: &[Registered], places: &Catalogue) -> Sheet {
    Sheet {
        name: "矿山名录".into(),
        title: title.into(),
        labelled: false,
        stamped: false,
        columns: registry::columns()
            .into_iter()
            .map(|name| Column::One(name, 14.0))
            .collect(),
        rows: mines.iter().map(|r| registry_row(r, places)).collect(),
    }
}

/// One mine of the registry, in [`registry::columns`]' order: the facts, the yes/no facts,
/// the assessment.
fn registry_row(r: &Registered, places: &Catalogue) -> Vec<Value> {
    let row = &r.mine.row;
    vec![
        Value::Text(row.name.clone()),
        Value::text(r.mine.holder.clone()),
        Value::text(row.licence_no.clone()),
        Value::Text(mineral_name(places, &row.mineral_code)),
        Value::Number(row.production_scale),
        Value::Number(row.remaining_reserves),
        Value::Text(county_name(places, &row.county_code)),
        Value::Text(label(
            &row.holder_type,
            HolderType::parse,
            HolderType::label,
        )),
        Value::text(
            row.licence_level
                .as_deref()
                .map(|l| label(l, LicenceLevel::parse, LicenceLevel::label)),
        ),
        Value::date(row.licence_valid_from),
        Value::date(row.licence_valid_until),
        Value::Text(label(
            &row.mining_method,
            MiningMethod::parse,
            MiningMethod::label,
        )),
        Value::Text(label(
            &row.status,
            OperatingStatus::parse,
            OperatingStatus::label,
        )),
        Value::date(row.suspended_since),
        Value::date(row.construction_deadline),
        Value::number(row.surveyed_service_years),
        Value::text(row.ore_body_id.clone()),
        Value::number(row.latitude),
        Value::number(row.longitude),
        Value::text(
            row.violation_kind
                .as_deref()
                .map(|kind| label(kind, ViolationKind::parse, ViolationKind::label)),
        ),
        Value::date(row.violation_found_on),
        Value::text(row.violation_found_by.clone()),
        Value::text(
            corners_of(row)
                .ok()
                .map(|corners| paper_corners(&given_degrees(&corners)))
                .filter(|text| !text.is_empty()),
        ),
    ]
    .into_iter()
    .chain(
        draft_of(row)
            .map(|mut draft| flags_of(&mut draft))
            .unwrap_or_default()
            .into_iter()
            .map(|on| Value::Text(if on { "是" } else { "否" }.into())),
    )
    .chain([
        Value::Text(r.disposition.label().into()),
        Value::Text(
            r.rules
                .iter()
                .map(|rule| rule.code())
                .collect::<Vec<_>>()
                .join("、"),
        ),
    ])
    .collect()
}

/// The city transfer plan of a year, in its order (NEW-1 priority, then admission).
pub fn transfer_plan(city: &str, view: &TransferPlanView, places: &Catalogue) -> Sheet {
    let approved = view.plan.status == TransferPlanStatus::Approved.code();
    let rows = view
        .entries
        .iter()
        .filter(|(entry, _)| entry.withdrawn_at.is_none())
        .map(|(entry, block)| transfer_row(entry, block, places))
        .collect();
    numbered(Sheet {
        name: format!("{}年度", view.plan.year),
        title: format!(
            "{city}{}年度非煤矿业权出让计划{}",
            view.plan.year,
            if approved { "" } else { "（草案）" }
        ),
        labelled: false,
        stamped: false,
        columns: transfer_columns(),
        rows,
    })
}

/// The transfer plan's columns, 序号 first.
fn transfer_columns() -> Vec<Column> {
    vec![
        Column::One("序号", 6.0),
        Column::One(layout::BLOCK, 28.0),
        Column::One(registry::COUNTY, 10.0),
        Column::One(layout::MINERAL, 10.0),
        Column::One(layout::AREA, 11.0),
        Column::One(layout::PREDICTED, 11.0),
        Column::One(layout::DESIGNED, 11.0),
        Column::One(layout::PRIORITY, 12.0),
        Column::One("出让方式", 8.0),
        Column::One("交易平台", 20.0),
        Column::One("出让登记机关", 10.0),
        Column::One("列入计划时间", 12.0),
        Column::One("批次", 16.0),
        Column::One("出让结果", 8.0),
        Column::One("结果日期", 12.0),
        Column::One("竞得人", 20.0),
        Column::One("成交价（万元）", 12.0),
    ]
}

/// One admitted block of the transfer plan, in [`transfer_columns`]' order after 序号.
fn transfer_row(
    entry: &transfer_entry::Model,
    block: &block::Model,
    places: &Catalogue,
) -> Vec<Value> {
    vec![
        Value::Text(block.name.clone()),
        Value::Text(county_name(places, &block.county_code)),
        Value::Text(mineral_name(places, &block.mineral_code)),
        Value::Number(block.area_km2),
        Value::Number(block.predicted_resources),
        Value::Number(entry.designed_scale),
        Value::Text(label(
            &entry.priority,
            BlockPriority::parse,
            BlockPriority::label,
        )),
        Value::Text(label(
            &entry.method,
            TransferMethod::parse,
            TransferMethod::label,
        )),
        Value::Text(label(
            &entry.platform,
            TradingPlatform::parse,
            TradingPlatform::label,
        )),
        Value::Text(label(&entry.authority, Authority::parse, authority_name)),
        Value::Date(shanghai_date(entry.admitted_at)),
        Value::Text(batch_label(entry)),
        Value::text(
            entry
                .outcome
                .as_deref()
                .map(|o| label(o, TransferOutcome::parse, TransferOutcome::label)),
        ),
        Value::date(entry.outcome_date),
        Value::text(entry.winning_bidder.clone()),
        Value::text(entry.price_wan_yuan.clone()),
    ]
}

/// Which approval an entry belongs to: the year's plan or its nth supplementary batch, and
/// whether that batch still awaits approval (only the city's officials see such rows).
fn batch_label(entry: &transfer_entry::Model) -> String {
    let batch = match entry.batch {
        0 => "年度计划".to_owned(),
        n => format!("第{n}批补充"),
    };
    if entry.published {
        batch
    } else {
        format!("{batch}（待批准）")
    }
}
