//! The registry's columns as a mine's facts read on paper: the export writes them, the
//! import reads them back, and a row's changes are told column by column in the same words
//! (a dry run says `生产规模（万吨/年）: 30 → 45`, not "updated").

use chrono::NaiveDate;

use super::{
    CONSTRUCTION, CORNERS, COUNTY, DISPOSITION, HOLDER, HOLDER_TYPE, LATITUDE, LEVEL, LICENCE,
    LONGITUDE, METHOD, MINERAL, NAME, ORE_BODY, RESERVES, RULES, SCALE, STATUS, SURVEYED,
    SUSPENDED, VALID_FROM, VALID_UNTIL, VIOLATION, VIOLATION_BY, VIOLATION_ON,
};
use crate::domain::import::paper_precision;
use crate::domain::mine::MineDraft;
use crate::domain::spatial::corner_text::paper_corners;

/// A fact column and its text on paper for a mine's facts (empty when not set).
pub(super) type Fact = (&'static str, fn(&MineDraft) -> String);

fn figure(value: f64) -> String {
    paper_precision(value).to_string()
}

fn some_figure(value: Option<f64>) -> String {
    value.map(figure).unwrap_or_default()
}

fn day(value: Option<NaiveDate>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// The fact columns, in order: docs/api.md's seven, then the other facts.
pub(super) const FACTS: [Fact; 23] = [
    (NAME, |d| d.name.clone()),
    (HOLDER, |d| d.holder.clone()),
    (LICENCE, |d| d.licence_no.clone().unwrap_or_default()),
    (MINERAL, |d| d.mineral_code.clone()),
    (SCALE, |d| figure(d.production_scale)),
    (RESERVES, |d| figure(d.remaining_reserves)),
    (COUNTY, |d| d.county_code.clone()),
    (HOLDER_TYPE, |d| d.holder_type.label().into()),
    (LEVEL, |d| {
        d.licence_level
            .map(|l| l.label().to_owned())
            .unwrap_or_default()
    }),
    (VALID_FROM, |d| day(d.licence_valid_from)),
    (VALID_UNTIL, |d| day(d.licence_valid_until)),
    (METHOD, |d| d.mining_method.label().into()),
    (STATUS, |d| d.status.label().into()),
    (SUSPENDED, |d| day(d.suspended_since)),
    (CONSTRUCTION, |d| day(d.construction_deadline)),
    (SURVEYED, |d| some_figure(d.surveyed_service_years)),
    (ORE_BODY, |d| d.ore_body_id.clone().unwrap_or_default()),
    (LATITUDE, |d| some_figure(d.latitude)),
    (LONGITUDE, |d| some_figure(d.longitude)),
    (VIOLATION, |d| {
        d.violation
            .as_ref()
            .map(|v| v.kind.label().to_owned())
            .unwrap_or_default()
    }),
    (VIOLATION_ON, |d| {
        day(d.violation.as_ref().map(|v| v.found_on))
    }),
    (VIOLATION_BY, |d| {
        d.violation
            .as_ref()
            .map(|v| v.found_by.clone())
            .unwrap_or_default()
    }),
    (CORNERS, |d| paper_corners(&d.corners)),
];

/// A yes/no fact's column and where it goes in a mine's facts.
pub(super) type Flag = (&'static str, fn(&mut MineDraft) -> &mut bool);

/// The yes/no facts a file may add as columns of their own.
pub(super) const FLAGS: [Flag; 11] = [
    ("持有采矿许可证", |d| &mut d.has_mining_licence),
    ("持有安全生产许可证", |d| &mut d.has_safety_licence),
    ("越界开采", |d| &mut d.cross_boundary_mining),
    ("以建代采", |d| &mut d.mining_under_construction_guise),
    ("以探代采", |d| &mut d.mining_with_exploration_licence),
    ("拒不整改", |d| &mut d.refuses_rectification),
    ("使用淘汰落后设备", |d| &mut d.obsolete_equipment),
    ("停产后不具备安全生产条件", |d| {
        &mut d.unsafe_after_suspension
    }),
    ("资源枯竭", |d| &mut d.resources_exhausted),
    ("责令停产整顿", |d| &mut d.suspension_ordered),
    ("以山脊线为界", |d| &mut d.ridge_boundary),
];

/// The columns the export writes, in order: the facts, the yes/no facts, the assessment.
pub fn columns() -> Vec<&'static str> {
    FACTS
        .iter()
        .map(|(label, _)| *label)
        .chain(FLAGS.iter().map(|(label, _)| *label))
        .chain([DISPOSITION, RULES])
        .collect()
}

/// The yes/no facts of `draft`, in [`columns`]' order.
pub fn flags_of(draft: &mut MineDraft) -> Vec<bool> {
    FLAGS.iter().map(|(_, field)| *field(draft)).collect()
}

/// One column a row changes, as paper writes it before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub column: &'static str,
    pub from: String,
    pub to: String,
}

/// The columns whose paper text differs between `before` and `after`, in [`columns`]'
/// order: figures compared at a spreadsheet's precision, as the import decides sameness.
pub fn changes(before: &MineDraft, after: &MineDraft) -> Vec<FieldChange> {
    let yes_no = |on: bool| if on { "是" } else { "否" }.to_owned();
    let (mut old, mut new) = (before.clone(), after.clone());
    let flags = FLAGS
        .iter()
        .map(|(column, field)| (*column, yes_no(*field(&mut old)), yes_no(*field(&mut new))));
    FACTS
        .iter()
        .map(|(column, text)| (*column, text(before), text(after)))
        .collect::<Vec<_>>()
        .into_iter()
        .chain(flags.collect::<Vec<_>>())
        .filter(|(_, from, to)| from != to)
        .map(|(column, from, to)| FieldChange { column, from, to })
        .collect()
}
