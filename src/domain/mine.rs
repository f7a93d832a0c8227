//! A mine's facts: parsed once from input, then trusted by the rules and the services.

use std::ops::Deref;

use chrono::NaiveDate;

use super::ValidationError;
use super::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};

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
    /// Open-pit sand/gravel/stone mine bounded by a ridge line (INTEGRATE-4).
    pub ridge_boundary: bool,
}

/// A mine whose facts passed [`MineFacts::parse`]: text trimmed, numbers finite and in range,
/// dates consistent. Only `parse` builds one, so services and rules never re-check.
#[derive(Debug, Clone, PartialEq)]
pub struct MineFacts(MineDraft);

impl Deref for MineFacts {
    type Target = MineDraft;
    fn deref(&self) -> &MineDraft {
        &self.0
    }
}

impl MineFacts {
    /// Checks every fact of `draft`; the first problem is reported with its field name.
    pub fn parse(mut draft: MineDraft) -> Result<Self, ValidationError> {
        draft.name = required_text(&draft.name, "name", "矿山名称")?;
        draft.holder = required_text(&draft.holder, "holder", "采矿权人")?;
        draft.licence_no = optional_text(draft.licence_no.as_deref(), "licenceNo", "采矿许可证号")?;
        draft.ore_body_id = optional_text(draft.ore_body_id.as_deref(), "oreBodyId", "矿体编号")?;
        draft.county_code = division_code(&draft.county_code, "countyCode")?;
        draft.mineral_code = draft.mineral_code.trim().to_owned();
        if draft.mineral_code.is_empty() {
            return Err(ValidationError::new("mineralCode", "开采矿种不能为空"));
        }
        if !(draft.production_scale.is_finite() && draft.production_scale > 0.0) {
            return Err(ValidationError::new(
                "productionScale",
                "生产规模必须为大于0的有限数值",
            ));
        }
        non_negative(
            draft.remaining_reserves,
            "remainingReserves",
            "剩余可采资源量",
        )?;
        if let Some(years) = draft.surveyed_service_years {
            non_negative(years, "surveyedServiceYears", "核定服务年限")?;
        }
        if let (Some(from), Some(until)) = (draft.licence_valid_from, draft.licence_valid_until)
            && until < from
        {
            return Err(ValidationError::new(
                "licenceValidUntil",
                "采矿许可证有效期截止日期不能早于起始日期",
            ));
        }
        if draft.status == OperatingStatus::Suspended && draft.suspended_since.is_none() {
            return Err(ValidationError::new(
                "suspendedSince",
                "停产停建的矿山须填写停产起始日期",
            ));
        }
        if draft.status == OperatingStatus::UnderConstruction
            && draft.construction_deadline.is_none()
        {
            return Err(ValidationError::new(
                "constructionDeadline",
                "基建矿山须填写批准的基建期（含延期）截止日期",
            ));
        }
        coordinates(draft.latitude, draft.longitude)?;
        Ok(MineFacts(draft))
    }

    /// Service life in years: the surveyed figure when recorded, else remaining recoverable
    /// resources ÷ licensed production scale (domain.md §2; construction time is not counted
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
/// `reserves ÷ scale` (a positive scale is guaranteed by [`MineFacts::parse`]).
pub fn service_years(reserves: f64, scale: f64, surveyed: Option<f64>) -> f64 {
    surveyed.unwrap_or(reserves / scale)
}

fn required_text(value: &str, field: &str, label: &str) -> Result<String, ValidationError> {
    match optional_text(Some(value), field, label)? {
        Some(text) => Ok(text),
        None => Err(ValidationError::new(field, format!("{label}不能为空"))),
    }
}

fn optional_text(
    value: Option<&str>,
    field: &str,
    label: &str,
) -> Result<Option<String>, ValidationError> {
    let Some(text) = value.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_TEXT {
        return Err(ValidationError::new(
            field,
            format!("{label}不能超过{MAX_TEXT}个字符"),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Parses a six-digit administrative division code (GB/T 2260).
pub fn division_code(value: &str, field: &str) -> Result<String, ValidationError> {
    let code = value.trim();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(ValidationError::new(field, "行政区划代码须为6位数字"))
    }
}

fn non_negative(value: f64, field: &str, label: &str) -> Result<(), ValidationError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("{label}必须为不小于0的有限数值"),
        ))
    }
}

fn coordinates(latitude: Option<f64>, longitude: Option<f64>) -> Result<(), ValidationError> {
    match (latitude, longitude) {
        (None, None) => Ok(()),
        (Some(lat), Some(lon)) => {
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                return Err(ValidationError::new("latitude", "纬度须在-90到90度之间"));
            }
            if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
                return Err(ValidationError::new("longitude", "经度须在-180到180度之间"));
            }
            Ok(())
        }
        (None, Some(_)) => Err(ValidationError::new("latitude", "经纬度须同时填写")),
        (Some(_), None) => Err(ValidationError::new("longitude", "经纬度须同时填写")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid producing quarry; tests change one fact at a time.
    pub(crate) fn quarry() -> MineDraft {
        MineDraft {
            name: " 示例采石场 ".into(),
            holder: "示例建材有限公司".into(),
            holder_type: HolderType::Enterprise,
            licence_no: Some("C1405002024011111111111".into()),
            licence_level: Some(LicenceLevel::County),
            licence_valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
            licence_valid_until: NaiveDate::from_ymd_opt(2030, 1, 1),
            county_code: "140525".into(),
            mineral_code: "BUILDING_STONE".into(),
            mining_method: MiningMethod::OpenPit,
            production_scale: 60.0,
            remaining_reserves: 600.0,
            surveyed_service_years: None,
            status: OperatingStatus::Producing,
            suspended_since: None,
            suspension_ordered: false,
            construction_deadline: None,
            has_mining_licence: true,
            has_safety_licence: true,
            cross_boundary_mining: false,
            mining_under_construction_guise: false,
            mining_with_exploration_licence: false,
            refuses_rectification: false,
            obsolete_equipment: false,
            unsafe_after_suspension: false,
            resources_exhausted: false,
            ore_body_id: None,
            latitude: Some(35.5),
            longitude: Some(112.8),
            ridge_boundary: false,
        }
    }

    fn rejected_field(draft: MineDraft) -> String {
        MineFacts::parse(draft)
            .expect_err("draft should be rejected")
            .field
    }

    #[test]
    fn a_valid_draft_is_trimmed_and_accepted() {
        let facts = MineFacts::parse(quarry()).expect("valid");
        assert_eq!(facts.name, "示例采石场");
        assert_eq!(facts.service_years(), 10.0);
    }

    #[test]
    fn each_bad_fact_is_reported_with_its_field() {
        type Case = (&'static str, fn(&mut MineDraft));
        let cases: [Case; 14] = [
            ("name", |d| d.name = "  ".into()),
            ("holder", |d| d.holder = String::new()),
            ("countyCode", |d| d.county_code = "14052".into()),
            ("mineralCode", |d| d.mineral_code = " ".into()),
            ("productionScale", |d| d.production_scale = 0.0),
            ("productionScale", |d| d.production_scale = -1.0),
            ("productionScale", |d| d.production_scale = f64::NAN),
            ("remainingReserves", |d| d.remaining_reserves = -0.5),
            ("remainingReserves", |d| {
                d.remaining_reserves = f64::INFINITY
            }),
            ("surveyedServiceYears", |d| {
                d.surveyed_service_years = Some(-1.0)
            }),
            ("licenceValidUntil", |d| {
                d.licence_valid_until = NaiveDate::from_ymd_opt(2019, 12, 31)
            }),
            ("suspendedSince", |d| d.status = OperatingStatus::Suspended),
            ("constructionDeadline", |d| {
                d.status = OperatingStatus::UnderConstruction
            }),
            ("latitude", |d| d.latitude = Some(91.0)),
        ];
        for (field, break_it) in cases {
            let mut draft = quarry();
            break_it(&mut draft);
            assert_eq!(rejected_field(draft), field);
        }
    }

    #[test]
    fn a_blank_licence_number_means_an_unlicensed_site() {
        let mut draft = quarry();
        draft.licence_no = Some("   ".into());
        assert_eq!(MineFacts::parse(draft).expect("valid").licence_no, None);
    }

    #[test]
    fn licence_may_end_on_the_day_it_starts() {
        let mut draft = quarry();
        draft.licence_valid_until = draft.licence_valid_from;
        assert!(MineFacts::parse(draft).is_ok());
    }

    #[test]
    fn a_surveyed_service_life_overrides_the_division() {
        let mut draft = quarry();
        draft.surveyed_service_years = Some(3.5);
        assert_eq!(MineFacts::parse(draft).expect("valid").service_years(), 3.5);
    }
}
