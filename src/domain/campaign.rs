//! A new campaign of a city, as the city admin submits it, checked before anything is
//! written: codes of form, a name, one to [`MAX_MILESTONES`] milestones with distinct codes,
//! names and plausible days. Every problem of the input is reported at once.

use chrono::NaiveDate;

use super::mine::plausible_date;
use super::plan::progress::Measure;
use super::text::TextField;
use super::{Problems, ValidationError};

/// A milestone's name, on creation and when the city renames it.
pub const MILESTONE_NAME: TextField = TextField::single("name", "节点名称", 200);
const CAMPAIGN_NAME: TextField = TextField::single("name", "整治工作名称", 200);
/// Most milestones one campaign holds.
pub const MAX_MILESTONES: usize = 20;

/// A milestone of a new campaign.
#[derive(Debug, Clone)]
pub struct NewMilestone {
    pub code: String,
    pub name: String,
    pub due_on: NaiveDate,
    pub measure: Measure,
}

/// A new campaign of a city.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub code: String,
    pub name: String,
    pub city_code: String,
    pub milestones: Vec<NewMilestone>,
}

/// A new campaign whose every field passed the checks, in the input's milestone order.
#[derive(Debug, Clone)]
pub struct CheckedCampaign<'a> {
    /// The campaign's code, trimmed.
    pub code: String,
    /// The campaign's name, cleaned.
    pub name: String,
    /// The milestones, each with its code and name checked.
    pub milestones: Vec<CheckedMilestone<'a>>,
}

/// A milestone whose code and name passed the checks, with the input it came from (for its
/// day and measure).
#[derive(Debug, Clone)]
pub struct CheckedMilestone<'a> {
    /// The milestone's code, trimmed and distinct within the campaign.
    pub code: String,
    /// The milestone's name, cleaned.
    pub name: String,
    /// The milestone as submitted.
    pub input: &'a NewMilestone,
}

/// A campaign or milestone code: upper-case letters, digits, `-` and `_`, at most 40.
fn code(value: &str, field: &str) -> Result<String, ValidationError> {
    let code = value.trim();
    let valid = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if valid {
        Ok(code.to_owned())
    } else {
        Err(ValidationError::new(
            field,
            "代码须为1至40个大写字母、数字、“-”或“_”",
        ))
    }
}

/// Checks `input` (its city aside, which only the reference data can confirm): every
/// problem, in field order, or the cleaned campaign.
pub fn checked(input: &NewCampaign) -> Result<CheckedCampaign<'_>, Problems> {
    let mut problems = Problems::new();
    let campaign_code = problems.check(code(&input.code, "code"));
    let name = problems.check(CAMPAIGN_NAME.required(&input.name));
    if !(1..=MAX_MILESTONES).contains(&input.milestones.len()) {
        problems.push(ValidationError::new(
            "milestones",
            format!("工作节点须为1至{MAX_MILESTONES}个"),
        ));
    }
    let mut milestones: Vec<CheckedMilestone<'_>> = Vec::new();
    for (i, m) in input.milestones.iter().enumerate() {
        let field = |name: &str| format!("milestones[{i}].{name}");
        let code = problems.check(code(&m.code, &field("code")));
        let label = problems.check(MILESTONE_NAME.required(&m.name).map_err(|mut e| {
            e.field = field("name");
            e
        }));
        problems.check(plausible_date(m.due_on, &field("dueOn")));
        if let (Some(code), Some(label)) = (code, label) {
            if milestones.iter().any(|earlier| earlier.code == code) {
                problems.push(ValidationError::new(&field("code"), "工作节点代码重复"));
            }
            milestones.push(CheckedMilestone {
                code,
                name: label,
                input: m,
            });
        }
    }
    let (Some(campaign_code), Some(name)) = (campaign_code, name) else {
        return Err(problems);
    };
    problems.finish(CheckedCampaign {
        code: campaign_code,
        name,
        milestones,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(code: &str) -> NewMilestone {
        NewMilestone {
            code: code.into(),
            name: "完成整治".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            measure: Measure::RectificationDone,
        }
    }

    fn campaign() -> NewCampaign {
        NewCampaign {
            code: "C2026".into(),
            name: "2026年整治".into(),
            city_code: "140100".into(),
            milestones: vec![milestone("M1"), milestone("M2")],
        }
    }

    #[test]
    fn a_campaign_is_checked_field_by_field_and_every_problem_named() {
        type Case = (&'static str, fn(&mut NewCampaign), &'static [&'static str]);
        let cases: [Case; 8] = [
            ("well formed", |_| {}, &[]),
            ("code of form", |c| c.code = "c-2026".into(), &["code"]),
            ("code at most 40", |c| c.code = "C".repeat(41), &["code"]),
            ("name required", |c| c.name = " ".into(), &["name"]),
            (
                "at least one milestone",
                |c| c.milestones.clear(),
                &["milestones"],
            ),
            (
                "at most twenty milestones",
                |c| c.milestones = (0..21).map(|i| milestone(&format!("M{i}"))).collect(),
                &["milestones"],
            ),
            (
                "milestone codes distinct",
                |c| c.milestones[1].code = "M1".into(),
                &["milestones[1].code"],
            ),
            (
                "milestone fields named by index",
                |c| {
                    c.milestones[0].name = String::new();
                    c.milestones[1].due_on = NaiveDate::from_ymd_opt(1900, 1, 1).expect("date");
                },
                &["milestones[0].name", "milestones[1].dueOn"],
            ),
        ];
        for (rule, spoil, fields) in cases {
            let mut input = campaign();
            spoil(&mut input);
            match checked(&input) {
                Ok(done) => {
                    assert!(fields.is_empty(), "{rule}: passed");
                    assert_eq!(done.milestones.len(), input.milestones.len(), "{rule}");
                }
                Err(problems) => assert_eq!(problems.fields(), fields, "{rule}"),
            }
        }
    }
}
