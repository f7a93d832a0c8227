//! A mine's facts: parsed once from input, then trusted by the rules and the services.

use std::ops::Deref;

use chrono::{Datelike, NaiveDate};

use super::codes::{
    CountyCode, HolderType, LicenceLevel, MineralCode, MiningMethod, OperatingStatus,
    is_division_code,
};
use super::import::paper_precision;
use super::spatial::boundary::{GivenCorner, checked_corners, given_degrees};
use super::spatial::corner_text::paper_corners;
use super::spatial::separation::{Footprint, extent_centre, reach_m};
use super::text::{TextField, licence_key};
use super::{Problems, ValidationError};

mod violation;
pub use super::validation::within;
pub use violation::{Violation, ViolationKind};

/// Longest accepted name, holder or licence number, in characters.
const MAX_TEXT: usize = 200;

/// A mine as submitted: every fact of `MineInput`, not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MineDraft {
    /// 矿山名称, trimmed; at most 200 characters.
    pub name: String,
    /// 采矿权人 (enterprise or natural person), trimmed.
    pub holder: String,
    /// Enterprise or natural person; a natural person's name is hidden outside scope.
    pub holder_type: HolderType,
    /// 采矿许可证号; `None` for an unlicensed site (CLOSE-1); unique when present.
    pub licence_no: Option<String>,
    /// Level that issued the licence (省/市/县级发证); `None` when unknown or unlicensed.
    pub licence_level: Option<LicenceLevel>,
    /// First day of the mining licence's validity (采矿许可证有效期); `None` when unknown.
    pub licence_valid_from: Option<NaiveDate>,
    /// Last day of the licence's validity; a lapsed licence on a working mine is CLOSE-1.
    pub licence_valid_until: Option<NaiveDate>,
    /// Six-digit division code of the mine's county (县/县级市/区), e.g. `140525`.
    pub county_code: String,
    /// Code of the mineral mined (开采矿种), e.g. `IRON`, `BUILDING_STONE`.
    pub mineral_code: String,
    /// Open-pit (露天) or underground (地下); selects the scale-class row for some minerals.
    pub mining_method: MiningMethod,
    /// Licensed production scale, 万吨/年.
    pub production_scale: f64,
    /// Remaining recoverable resources, 万吨.
    pub remaining_reserves: f64,
    /// A surveyed service life that overrides reserves ÷ scale.
    pub surveyed_service_years: Option<f64>,
    /// Operating status; `Suspended` needs `suspended_since`, `UnderConstruction` a deadline.
    pub status: OperatingStatus,
    /// First day of the current suspension (EXIT-2 counts from it); required when suspended.
    pub suspended_since: Option<NaiveDate>,
    /// Stoppages ordered by the authorities are not EXIT-2.
    pub suspension_ordered: bool,
    /// End of the approved construction period incl. extensions (EXIT-4).
    pub construction_deadline: Option<NaiveDate>,
    /// Holds a mining licence (采矿许可证); false means CLOSE-1.
    pub has_mining_licence: bool,
    /// Holds a safety-production licence (安全生产许可证); false means CLOSE-1.
    pub has_safety_licence: bool,
    /// Mines beyond its licensed boundary (越界开采); CLOSE-2 with `refuses_rectification`.
    pub cross_boundary_mining: bool,
    /// Mines under the guise of construction (以采代建); CLOSE-2 with `refuses_rectification`.
    pub mining_under_construction_guise: bool,
    /// Mines under an exploration licence (持勘查许可证采矿); CLOSE-2 with
    /// `refuses_rectification`.
    pub mining_with_exploration_licence: bool,
    /// Refuses to rectify (拒不整改); completes CLOSE-2, and CLOSE-3 with `obsolete_equipment`.
    pub refuses_rectification: bool,
    /// Uses processes or equipment that must be eliminated (应当淘汰的工艺、设备); CLOSE-3
    /// when it also refuses to rectify while producing or building.
    pub obsolete_equipment: bool,
    /// Still lacks safe-production conditions after a suspension for rectification (CLOSE-3).
    pub unsafe_after_suspension: bool,
    /// Resources exhausted (资源枯竭); EXIT-1 while the licence is still valid.
    pub resources_exhausted: bool,
    /// Ore body shared with other operators (INTEGRATE-1); `None` when not shared or unknown.
    pub ore_body_id: Option<String>,
    /// Degrees, CGCS2000 (INTEGRATE-2); set together with `longitude` or not at all.
    pub latitude: Option<f64>,
    /// Degrees, CGCS2000 (INTEGRATE-2); set together with `latitude` or not at all.
    pub longitude: Option<f64>,
    /// Licensed boundary (矿界) corners as given (degrees or the official notation): three
    /// or more, or none. INTEGRATE-2 measures between boundaries where both mines have one.
    pub corners: Vec<GivenCorner>,
    /// Open-pit sand/gravel/stone mine bounded by a ridge line (INTEGRATE-4).
    pub ridge_boundary: bool,
    /// Mining found without the licences the law requires, when it was recorded: CLOSE-1
    /// from the day it was found, whatever the mine does since.
    pub violation: Option<Violation>,
}

/// A mine whose facts passed [`MineFacts::parse`]: text normalised, numbers finite and
/// plausible, dates plausible and consistent, county and mineral typed. Only `parse` builds
/// one, so services and rules never re-check.
#[derive(Debug, Clone, PartialEq)]
pub struct MineFacts {
    draft: MineDraft,
    county: CountyCode,
    mineral: MineralCode,
    /// The boundary's corners in degrees; empty without one.
    boundary: Vec<(f64, f64)>,
}

impl Deref for MineFacts {
    type Target = MineDraft;
    fn deref(&self) -> &MineDraft {
        &self.draft
    }
}

/// Plausible bounds of the figures a mine record carries (docs/api.md, "Input validation").
pub mod bounds {
    /// Licensed production scale, 万吨/年: from 10 tonnes a year to 10 亿吨 a year.
    pub const PRODUCTION_SCALE: (f64, f64) = (0.001, 100_000.0);
    /// Remaining recoverable resources, 万吨: up to 1,000 亿吨.
    pub const RESERVES: (f64, f64) = (0.0, 10_000_000.0);
    /// A surveyed service life, years.
    pub const SERVICE_YEARS: (f64, f64) = (0.0, 500.0);
    pub use crate::domain::spatial::boundary::{LATITUDE, LONGITUDE};
    /// Earliest plausible date of any record (the first mining licences of the PRC).
    pub const FIRST_YEAR: i32 = 1949;
    /// Latest plausible date of any record.
    pub const LAST_YEAR: i32 = 2100;
}

const NAME: TextField = TextField::single("name", "矿山名称", MAX_TEXT);
const HOLDER: TextField = TextField::single("holder", "采矿权人", MAX_TEXT);
const LICENCE_NO: TextField = TextField::single("licenceNo", "采矿许可证号", 64);
const ORE_BODY: TextField = TextField::single("oreBodyId", "矿体编号", 64);

impl MineFacts {
    /// Whether `other` holds the same facts as a spreadsheet keeps them (figures at 15
    /// significant digits): a registry row exported and saved back by an office suite
    /// changes nothing.
    pub fn same_on_paper(&self, other: &MineFacts) -> bool {
        let paper = |facts: &MineFacts| {
            let mut draft = facts.draft.clone();
            draft.production_scale = paper_precision(draft.production_scale);
            draft.remaining_reserves = paper_precision(draft.remaining_reserves);
            draft.surveyed_service_years = draft.surveyed_service_years.map(paper_precision);
            draft.latitude = draft.latitude.map(paper_precision);
            draft.longitude = draft.longitude.map(paper_precision);
            // Corners are compared as a cell writes them, to the centimetre.
            draft.corners = Vec::new();
            draft
        };
        paper(self) == paper(other) && paper_corners(&self.corners) == paper_corners(&other.corners)
    }

    /// Checks every fact of `draft` and reports every problem, each with its field name,
    /// in the order of the fields (text, codes, figures, dates, coordinates).
    pub fn parse(mut draft: MineDraft) -> Result<Self, Problems> {
        let mut problems = Problems::new();
        clean_text(&mut draft, &mut problems);
        let county = problems.check(county_code(&draft.county_code, "countyCode"));
        let mineral = problems.check(mineral_code(&draft.mineral_code, "mineralCode"));
        check_figures(&draft, &mut problems);
        check_dates(&draft, &mut problems);
        check_status_dates(&draft, &mut problems);
        for problem in coordinates(draft.latitude, draft.longitude) {
            problems.push(problem);
        }
        let boundary = problems.check(checked_corners(&draft.corners));
        match (county, mineral, boundary) {
            (Some(county), Some(mineral), Some(boundary)) => {
                draft.county_code = county.to_string();
                draft.mineral_code = mineral.to_string();
                draft.corners = given_degrees(&boundary);
                // A boundary given without a position is found from its centre.
                if draft.latitude.is_none()
                    && let Some((lat, lon)) = extent_centre(&boundary)
                {
                    (draft.latitude, draft.longitude) = (Some(lat), Some(lon));
                }
                problems.finish(MineFacts {
                    draft,
                    county,
                    mineral,
                    boundary,
                })
            }
            _ => Err(problems),
        }
    }

    /// The mine's county.
    pub fn county(&self) -> &CountyCode {
        &self.county
    }

    /// The mineral mined.
    pub fn mineral(&self) -> &MineralCode {
        &self.mineral
    }

    /// The licensed boundary's corners, (latitude, longitude) degrees; empty without one.
    pub fn boundary(&self) -> &[(f64, f64)] {
        &self.boundary
    }

    /// What INTEGRATE-2 measures from: the boundary, else the position, else nothing.
    pub fn footprint(&self) -> Option<Footprint<'_>> {
        if self.boundary.is_empty() {
            self.latitude.zip(self.longitude).map(Footprint::Position)
        } else {
            Some(Footprint::Boundary(&self.boundary))
        }
    }

    /// How far the boundary reaches from the position, metres; `None` without a boundary.
    pub fn reach_m(&self) -> Option<f64> {
        let position = self.latitude.zip(self.longitude)?;
        (!self.boundary.is_empty()).then(|| reach_m(position, &self.boundary))
    }

    /// Facts that depend on the day they are recorded: a suspension cannot have begun
    /// after today (a planned stoppage is recorded when it starts), nor a violation have
    /// been found.
    pub fn check_recorded_on(&self, today: NaiveDate) -> Result<(), ValidationError> {
        match self.suspended_since {
            Some(since) if since > today => Err(ValidationError::new(
                "suspendedSince",
                format!("停产起始日期不能晚于今天（{today}）"),
            )),
            _ => self
                .violation
                .as_ref()
                .map_or(Ok(()), |violation| violation.check_recorded_on(today)),
        }
    }

    /// Service life in years: the surveyed figure when recorded, else remaining recoverable
    /// resources ÷ licensed production scale (docs/rules.md; construction time is not counted
    /// because reserves are only consumed while producing).
    pub fn service_years(&self) -> f64 {
        service_years(
            self.remaining_reserves,
            self.production_scale,
            self.surveyed_service_years,
        )
    }
}

/// Service life in years from stored figures: `surveyed` when recorded, else
/// `reserves ÷ scale` (a scale of at least [`bounds::PRODUCTION_SCALE`]'s minimum is
/// guaranteed by [`MineFacts::parse`], so the quotient is finite).
pub fn service_years(reserves: f64, scale: f64, surveyed: Option<f64>) -> f64 {
    surveyed.unwrap_or(reserves / scale)
}

/// Normalises the name, the holder, the licence number (to its canonical key) and the ore
/// body, keeping a field as typed where it is refused.
fn clean_text(draft: &mut MineDraft, problems: &mut Problems) {
    if let Some(name) = problems.check(NAME.required(&draft.name)) {
        draft.name = name;
    }
    if let Some(holder) = problems.check(HOLDER.required(&draft.holder)) {
        draft.holder = holder;
    }
    if let Some(licence) = problems.check(optional(&LICENCE_NO, draft.licence_no.as_deref())) {
        draft.licence_no = licence.as_deref().map(licence_key);
    }
    if let Some(ore_body) = problems.check(optional(&ORE_BODY, draft.ore_body_id.as_deref())) {
        draft.ore_body_id = ore_body;
    }
    if let Some(violation) = &mut draft.violation {
        violation.clean(problems);
    }
}

/// The figures within [`bounds`].
fn check_figures(draft: &MineDraft, problems: &mut Problems) {
    problems.check(within(
        draft.production_scale,
        bounds::PRODUCTION_SCALE,
        "productionScale",
        "生产规模（万吨/年）",
    ));
    problems.check(within(
        draft.remaining_reserves,
        bounds::RESERVES,
        "remainingReserves",
        "剩余可采资源量（万吨）",
    ));
    if let Some(years) = draft.surveyed_service_years {
        problems.check(within(
            years,
            bounds::SERVICE_YEARS,
            "surveyedServiceYears",
            "核定服务年限",
        ));
    }
}

/// Every date plausible, and the licence ending no earlier than it starts.
fn check_dates(draft: &MineDraft, problems: &mut Problems) {
    for (date, field) in [
        (draft.licence_valid_from, "licenceValidFrom"),
        (draft.licence_valid_until, "licenceValidUntil"),
        (draft.suspended_since, "suspendedSince"),
        (draft.construction_deadline, "constructionDeadline"),
    ] {
        if let Some(date) = date {
            problems.check(plausible_date(date, field));
        }
    }
    if let (Some(from), Some(until)) = (draft.licence_valid_from, draft.licence_valid_until)
        && until < from
    {
        problems.push(ValidationError::new(
            "licenceValidUntil",
            "采矿许可证有效期截止日期不能早于起始日期",
        ));
    }
}

/// The dates a status needs: EXIT-2 counts a suspension from its first day, EXIT-4 reads
/// the end of the approved construction period.
fn check_status_dates(draft: &MineDraft, problems: &mut Problems) {
    if draft.status == OperatingStatus::Suspended && draft.suspended_since.is_none() {
        problems.push(ValidationError::new(
            "suspendedSince",
            "停产停建的矿山须填写停产起始日期",
        ));
    }
    if draft.status == OperatingStatus::UnderConstruction && draft.construction_deadline.is_none() {
        problems.push(ValidationError::new(
            "constructionDeadline",
            "基建矿山须填写批准的基建期（含延期）截止日期",
        ));
    }
}

fn optional(field: &TextField, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    value.map_or(Ok(None), |text| field.clean(text))
}

/// Parses a six-digit administrative division code (GB/T 2260).
pub fn division_code(value: &str, field: &str) -> Result<String, ValidationError> {
    let code = value.trim();
    if is_division_code(code) {
        Ok(code.to_owned())
    } else {
        Err(division_problem(field))
    }
}

/// A county's division code as typed, trimmed.
pub fn county_code(value: &str, field: &str) -> Result<CountyCode, ValidationError> {
    CountyCode::parse(value.trim()).ok_or_else(|| division_problem(field))
}

fn division_problem(field: &str) -> ValidationError {
    ValidationError::new(field, "行政区划代码须为6位数字")
}

/// A mineral code as typed: trimmed, upper-case letters, digits and underscores.
pub fn mineral_code(value: &str, field: &str) -> Result<MineralCode, ValidationError> {
    let code = value.trim();
    if code.is_empty() {
        return Err(ValidationError::new(field, "须填写开采矿种"));
    }
    MineralCode::parse(code).ok_or_else(|| {
        ValidationError::new(
            field,
            "矿种代码须为大写字母、数字和下划线（如 BUILDING_STONE）",
        )
    })
}

/// A date between [`bounds::FIRST_YEAR`] and [`bounds::LAST_YEAR`].
pub fn plausible_date(date: NaiveDate, field: &str) -> Result<NaiveDate, ValidationError> {
    if (bounds::FIRST_YEAR..=bounds::LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "日期须在{}年至{}年之间",
                bounds::FIRST_YEAR,
                bounds::LAST_YEAR
            ),
        ))
    }
}

fn coordinates(latitude: Option<f64>, longitude: Option<f64>) -> Vec<ValidationError> {
    match (latitude, longitude) {
        (None, None) => Vec::new(),
        (Some(lat), Some(lon)) => [
            within(lat, bounds::LATITUDE, "latitude", "纬度（度）").err(),
            within(lon, bounds::LONGITUDE, "longitude", "经度（度）").err(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        (None, Some(_)) => vec![ValidationError::new("latitude", "经纬度须同时填写")],
        (Some(_), None) => vec![ValidationError::new("longitude", "经纬度须同时填写")],
    }
}

#[cfg(test)]
pub(crate) mod tests;
