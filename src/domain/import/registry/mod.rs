//! The mine registry workbook (docs/api.md): its columns, shared by the export and the import,
//! and one row read into the facts of a new mine or the changes to an existing one (mines
//! are matched by licence number, so a re-import changes nothing).

use chrono::NaiveDate;

use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::import::layout::{Expected, Located, RowReader};
use crate::domain::import::{Cell, Problem, date, flag, header_key, number, plain_text, text_of};
use crate::domain::mine::{MineDraft, Violation, ViolationKind};
use crate::domain::spatial::boundary::GivenCorner;
use crate::domain::spatial::corner_text::read_corners;
use crate::domain::text::licence_key;

mod facts;

use facts::{FACTS, FLAGS};
pub use facts::{FieldChange, changes, columns, flags_of};

pub const NAME: &str = "矿山名称";
pub const HOLDER: &str = "采矿权人";
pub const LICENCE: &str = "采矿许可证号";
pub const MINERAL: &str = "开采矿种";
pub const SCALE: &str = "生产规模（万吨/年）";
pub const RESERVES: &str = "剩余可采资源量（万吨）";
pub const COUNTY: &str = "县（市、区）";
pub const HOLDER_TYPE: &str = "权人类型";
pub const LEVEL: &str = "发证机关级别";
pub const VALID_FROM: &str = "采矿许可证有效期起";
pub const VALID_UNTIL: &str = "采矿许可证有效期止";
pub const METHOD: &str = "开采方式";
pub const STATUS: &str = "生产状态";
pub const SUSPENDED: &str = "停产时间";
pub const LATITUDE: &str = "纬度";
pub const LONGITUDE: &str = "经度";
pub const CONSTRUCTION: &str = "基建期截止日期";
pub const SURVEYED: &str = "核定服务年限（年）";
pub const ORE_BODY: &str = "矿体编号";
pub const VIOLATION: &str = "违法开采情形";
pub const VIOLATION_ON: &str = "查处日期";
pub const VIOLATION_BY: &str = "查处机关";
/// The licensed boundary (矿界), in one cell as attachment 4 writes a block's.
pub use crate::domain::import::attachments::CORNERS;
/// Written by the export, never read back (the rules compute them).
pub const DISPOSITION: &str = "处置类别";
pub const RULES: &str = "依据条款";

/// The columns the import reads: the first seven required.
pub fn expected() -> Vec<Expected> {
    FACTS
        .iter()
        .enumerate()
        .map(|(i, (label, _))| Expected {
            label,
            required: i < 7,
        })
        .chain(FLAGS.iter().map(|(label, _)| Expected {
            label,
            required: false,
        }))
        .collect()
}

/// Minerals and counties as the deployment knows them, to read names and codes.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// (code, Chinese name, national code).
    pub minerals: Vec<(String, String, Option<String>)>,
    /// (code, Chinese name).
    pub counties: Vec<(String, String)>,
}

impl Vocabulary {
    /// A mineral by its code (`IRON`), its name (铁矿) or its national code.
    pub fn mineral(&self, text: &str) -> Option<String> {
        let upper = text.to_ascii_uppercase();
        let key = header_key(text);
        self.minerals
            .iter()
            .find(|(code, name, national)| {
                *code == upper || header_key(name) == key || national.as_deref() == Some(text)
            })
            .map(|(code, ..)| code.clone())
    }

    /// A county by its six-digit code or its name (泽州县).
    pub fn county(&self, text: &str) -> Option<String> {
        let key = header_key(text);
        self.counties
            .iter()
            .find(|(code, name)| code == text || header_key(name) == key)
            .map(|(code, _)| code.clone())
    }
}

/// One registry row: the values of the columns it fills.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MineRow {
    /// The sheet row.
    pub line: u32,
    /// The licence number's canonical form; `None` for an unlicensed mine.
    pub licence_no: Option<String>,
    name: Option<String>,
    holder: Option<String>,
    mineral_code: Option<String>,
    production_scale: Option<f64>,
    remaining_reserves: Option<f64>,
    county_code: Option<String>,
    holder_type: Option<HolderType>,
    licence_level: Option<LicenceLevel>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    mining_method: Option<MiningMethod>,
    status: Option<OperatingStatus>,
    suspended_since: Option<NaiveDate>,
    construction_deadline: Option<NaiveDate>,
    surveyed_service_years: Option<f64>,
    ore_body_id: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    violation: Option<Violation>,
    corners: Option<Vec<GivenCorner>>,
    flags: Vec<(usize, bool)>,
}

/// Reads one data row of the registry.
pub fn read_row(
    located: &Located,
    line: u32,
    cells: &[Cell],
    words: &Vocabulary,
) -> Result<MineRow, Vec<Problem>> {
    let mut r = RowReader::new(located, line, cells);
    let text = |cell: &Cell| Ok(plain_text(cell));
    let row = MineRow {
        line,
        licence_no: r.read(LICENCE, |cell| Ok(text_of(cell).map(|t| licence_key(&t)))),
        name: r.read(NAME, text),
        holder: r.read(HOLDER, text),
        mineral_code: r.read(MINERAL, |cell| match text_of(cell) {
            None => Ok(None),
            Some(t) => words
                .mineral(&t)
                .map(Some)
                .ok_or_else(|| format!("没有“{t}”这个矿种")),
        }),
        production_scale: r.read(SCALE, |cell| number(cell, &["万吨/年", "万吨"])),
        remaining_reserves: r.read(RESERVES, |cell| number(cell, &["万吨"])),
        county_code: r.read(COUNTY, |cell| match text_of(cell) {
            None => Ok(None),
            Some(t) => words
                .county(&t)
                .map(Some)
                .ok_or_else(|| format!("没有“{t}”这个县（市、区）")),
        }),
        holder_type: r.coded(HOLDER_TYPE, HolderType::parse, HolderType::from_label),
        licence_level: r.coded(LEVEL, LicenceLevel::parse, LicenceLevel::from_label),
        valid_from: r.read(VALID_FROM, date),
        valid_until: r.read(VALID_UNTIL, date),
        mining_method: r.coded(METHOD, MiningMethod::parse, MiningMethod::from_label),
        status: r.coded(STATUS, OperatingStatus::parse, OperatingStatus::from_label),
        suspended_since: r.read(SUSPENDED, date),
        construction_deadline: r.read(CONSTRUCTION, date),
        surveyed_service_years: r.read(SURVEYED, |cell| number(cell, &["年"])),
        ore_body_id: r.read(ORE_BODY, text),
        latitude: r.read(LATITUDE, |cell| number(cell, &["°"])),
        longitude: r.read(LONGITUDE, |cell| number(cell, &["°"])),
        violation: violation(&mut r),
        corners: r.read(CORNERS, |cell| {
            text_of(cell).map(|t| read_corners(&t)).transpose()
        }),
        flags: FLAGS
            .iter()
            .enumerate()
            .filter_map(|(i, (label, _))| r.read(label, flag).map(|on| (i, on)))
            .collect(),
    };
    if row.licence_no.is_none() && (row.name.is_none() || row.county_code.is_none()) {
        r.problems.push(Problem::new(
            line,
            LICENCE,
            "无采矿许可证号的矿山须填写矿山名称和县（市、区）（据此识别）",
        ));
    }
    if r.problems.is_empty() {
        Ok(row)
    } else {
        Err(r.problems)
    }
}

/// The row's recorded violation: its three columns filled together, or none of them (a
/// column left out is a problem naming it).
fn violation(r: &mut RowReader<'_>) -> Option<Violation> {
    let kind = r.coded(VIOLATION, ViolationKind::parse, ViolationKind::from_label);
    let found_on = r.read(VIOLATION_ON, date);
    let found_by = r.read(VIOLATION_BY, |cell| Ok(plain_text(cell)));
    match (kind, found_on, found_by) {
        (Some(kind), Some(found_on), Some(found_by)) => Some(Violation {
            kind,
            found_on,
            found_by,
        }),
        (None, None, None) => None,
        (kind, found_on, found_by) => {
            let missing = [
                (kind.is_none(), VIOLATION),
                (found_on.is_none(), VIOLATION_ON),
                (found_by.is_none(), VIOLATION_BY),
            ];
            for (_, column) in missing.into_iter().filter(|(absent, _)| *absent) {
                r.problems.push(Problem::new(
                    r.line,
                    column,
                    "违法开采情形、查处日期和查处机关须同时填写",
                ));
            }
            None
        }
    }
}

/// How a row names its mine: by licence number, else (unlicensed) by county and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    Licence(String),
    Unlicensed { county: String, name: String },
}

impl MineRow {
    /// The mine the row names (`None` only for a row already refused).
    pub fn identity(&self) -> Option<Identity> {
        match (&self.licence_no, &self.county_code, &self.name) {
            (Some(licence), ..) => Some(Identity::Licence(licence.clone())),
            (None, Some(county), Some(name)) => Some(Identity::Unlicensed {
                county: county.clone(),
                name: name.clone(),
            }),
            _ => None,
        }
    }

    /// A new mine: the seven required columns filled, the rest as `createMine` defaults
    /// them.
    pub fn draft(&self) -> Result<MineDraft, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut need = |value: bool, label: &str| {
            if !value {
                problems.push(Problem::new(self.line, label, "新矿山须填写此列"));
            }
        };
        need(self.name.is_some(), NAME);
        need(self.holder.is_some(), HOLDER);
        need(self.mineral_code.is_some(), MINERAL);
        need(self.production_scale.is_some(), SCALE);
        need(self.remaining_reserves.is_some(), RESERVES);
        need(self.county_code.is_some(), COUNTY);
        if !problems.is_empty() {
            return Err(problems);
        }
        let blank = MineDraft {
            name: String::new(),
            holder: String::new(),
            holder_type: HolderType::Enterprise,
            licence_no: self.licence_no.clone(),
            licence_level: None,
            licence_valid_from: None,
            licence_valid_until: None,
            county_code: String::new(),
            mineral_code: String::new(),
            mining_method: MiningMethod::OpenPit,
            production_scale: 0.0,
            remaining_reserves: 0.0,
            surveyed_service_years: None,
            status: OperatingStatus::Producing,
            suspended_since: None,
            suspension_ordered: false,
            construction_deadline: None,
            // No licence number, no licence (unless the row's own column says otherwise).
            has_mining_licence: self.licence_no.is_some(),
            has_safety_licence: true,
            cross_boundary_mining: false,
            mining_under_construction_guise: false,
            mining_with_exploration_licence: false,
            refuses_rectification: false,
            obsolete_equipment: false,
            unsafe_after_suspension: false,
            resources_exhausted: false,
            ore_body_id: None,
            latitude: None,
            longitude: None,
            corners: Vec::new(),
            ridge_boundary: false,
            violation: None,
        };
        Ok(self.patch(blank))
    }

    /// An existing mine's facts with what the row fills replaced; a blank cell changes
    /// nothing.
    pub fn patch(&self, mut draft: MineDraft) -> MineDraft {
        fn set<T: Clone>(target: &mut T, value: &Option<T>) {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        fn set_some<T: Clone>(target: &mut Option<T>, value: &Option<T>) {
            if value.is_some() {
                target.clone_from(value);
            }
        }
        set(&mut draft.name, &self.name);
        set(&mut draft.holder, &self.holder);
        set(&mut draft.mineral_code, &self.mineral_code);
        set(&mut draft.production_scale, &self.production_scale);
        set(&mut draft.remaining_reserves, &self.remaining_reserves);
        set(&mut draft.county_code, &self.county_code);
        set(&mut draft.holder_type, &self.holder_type);
        set_some(&mut draft.licence_level, &self.licence_level);
        set_some(&mut draft.licence_valid_from, &self.valid_from);
        set_some(&mut draft.licence_valid_until, &self.valid_until);
        set(&mut draft.mining_method, &self.mining_method);
        set(&mut draft.status, &self.status);
        set_some(&mut draft.suspended_since, &self.suspended_since);
        set_some(
            &mut draft.construction_deadline,
            &self.construction_deadline,
        );
        set_some(
            &mut draft.surveyed_service_years,
            &self.surveyed_service_years,
        );
        set_some(&mut draft.ore_body_id, &self.ore_body_id);
        set_some(&mut draft.latitude, &self.latitude);
        set_some(&mut draft.longitude, &self.longitude);
        set_some(&mut draft.violation, &self.violation);
        set(&mut draft.corners, &self.corners);
        for (i, on) in &self.flags {
            if let Some((_, field)) = FLAGS.get(*i) {
                *field(&mut draft) = *on;
            }
        }
        draft
    }
}

#[cfg(test)]
mod tests;
