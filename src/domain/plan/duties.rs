//! The duties that follow an approved plan (docs/rules.md): for each closed or exited mine
//! the enterprise's legal duties and the follow-up work, for each upgrade its supervision
//! milestones, for each integration its completion. Duty kinds are data (both of the
//! plan's lists end in "等"); this module decides which kinds apply to an entry, who is
//! responsible and by when, and what is overdue.

use chrono::NaiveDate;

use crate::domain::codes::{LicenceLevel, Route};

/// Which date of its entry a duty is due by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueField {
    /// 关闭退出时间.
    CloseBy,
    /// The restoration commitment.
    RestorationDueBy,
    /// 完成时间 of an upgrade or an integration.
    CompleteBy,
    /// The "三同时" milestone of an upgrade.
    SafetyFacilitiesBy,
    /// The licence change of an upgrade.
    LicenceChangeBy,
}

/// What completing a duty does besides recording it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    /// Nothing more.
    Record,
    /// The mine is closed (status CLOSED).
    ClosesMine,
    /// The group's unified mine is created and its members closed into it.
    UnifiesGroup,
    /// The mine's licensed production scale becomes the upgrade's target (the licence's
    /// scale change is what makes the upgraded scale the mine's).
    SetsLicensedScale,
}

/// Who performs a duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Performer {
    /// The right holder (the enterprise performs, the county supervises).
    Holder,
    /// The authority that issued the licence (cancellation, scale change).
    LicensingAuthority,
    /// The county government.
    County,
}

/// One kind of duty, as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyKind {
    pub code: String,
    pub name: String,
    pub routes: Vec<Route>,
    /// Only for a mine that holds a licence (licence cancellation).
    pub licensed_only: bool,
    /// Only for a mine whose licence is still valid on the day of approval (settling the
    /// holder's interests: compensation or refund, seed §1 "妥善处置相关利益关系").
    pub valid_licence_only: bool,
    pub due: DueField,
    pub completes: Completion,
    pub performer: Performer,
}

/// The dates of an entry that duties fall due by.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EntryDates {
    pub close_by: Option<NaiveDate>,
    pub restoration_due_by: Option<NaiveDate>,
    pub complete_by: Option<NaiveDate>,
    pub safety_facilities_by: Option<NaiveDate>,
    pub licence_change_by: Option<NaiveDate>,
}

impl EntryDates {
    fn get(&self, field: DueField) -> Option<NaiveDate> {
        match field {
            DueField::CloseBy => self.close_by,
            DueField::RestorationDueBy => self.restoration_due_by,
            DueField::CompleteBy => self.complete_by,
            DueField::SafetyFacilitiesBy => self.safety_facilities_by.or(self.complete_by),
            DueField::LicenceChangeBy => self.licence_change_by.or(self.complete_by),
        }
    }
}

/// The mine an entry is about, as the duties read it.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyMine {
    pub id: i64,
    /// The holder, or the unified right's holder for a group.
    pub holder: String,
    /// Holds a mining licence (a number is recorded).
    pub licensed: bool,
    pub licence_valid_until: Option<NaiveDate>,
    pub licence_level: Option<LicenceLevel>,
}

/// An entry of an approved plan, as the duties read it.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyEntry {
    pub entry_id: i64,
    pub route: Route,
    /// The mine (none for a group: its duty is the group's).
    pub mine: Option<DutyMine>,
    /// Who is responsible for a group's completion (its unified holder).
    pub group_holder: Option<String>,
    pub dates: EntryDates,
}

/// A duty to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDuty {
    pub entry_id: i64,
    pub mine_id: Option<i64>,
    pub kind: String,
    pub responsible: String,
    pub due_by: NaiveDate,
}

/// The duties of `entry` under `kinds`, for a plan approved on `approved_on`; `county` is
/// the county government's name (it performs county duties).
pub fn duties_for(
    entry: &DutyEntry,
    kinds: &[DutyKind],
    approved_on: NaiveDate,
    county: &str,
) -> Vec<NewDuty> {
    kinds
        .iter()
        .filter(|kind| kind.routes.contains(&entry.route))
        .filter(|kind| !kind.licensed_only || entry.mine.as_ref().is_some_and(|m| m.licensed))
        .filter(|kind| {
            !kind.valid_licence_only
                || entry.mine.as_ref().is_some_and(|m| {
                    m.licensed
                        && m.licence_valid_until
                            .is_none_or(|until| until >= approved_on)
                })
        })
        .filter_map(|kind| {
            let due_by = entry.dates.get(kind.due)?;
            Some(NewDuty {
                entry_id: entry.entry_id,
                mine_id: entry.mine.as_ref().map(|m| m.id),
                kind: kind.code.clone(),
                responsible: responsible(kind.performer, entry, county),
                due_by,
            })
        })
        .collect()
}

fn responsible(performer: Performer, entry: &DutyEntry, county: &str) -> String {
    match performer {
        Performer::Holder => entry
            .mine
            .as_ref()
            .map(|m| m.holder.clone())
            .or_else(|| entry.group_holder.clone())
            .unwrap_or_else(|| format!("{county}人民政府")),
        Performer::LicensingAuthority => {
            let level = entry.mine.as_ref().and_then(|m| m.licence_level);
            match level {
                Some(LicenceLevel::Province) => "省自然资源厅（发证机关）".into(),
                Some(LicenceLevel::City) => "市规划和自然资源局（发证机关）".into(),
                Some(LicenceLevel::County) | None => {
                    format!("{county}自然资源主管部门（发证机关）")
                }
            }
        }
        Performer::County => format!("{county}人民政府"),
    }
}

/// Whether a duty is overdue on `today`: not done and its day has passed.
pub fn is_overdue(due_by: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    done_on.is_none() && due_by < today
}

/// Days a duty is overdue on `today` (0 when it is not).
pub fn days_overdue(due_by: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> i64 {
    if is_overdue(due_by, done_on, today) {
        (today - due_by).num_days()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn kind(code: &str, routes: &[Route], due: DueField) -> DutyKind {
        DutyKind {
            code: code.into(),
            name: code.into(),
            routes: routes.to_vec(),
            licensed_only: false,
            valid_licence_only: false,
            due,
            completes: Completion::Record,
            performer: Performer::Holder,
        }
    }

    fn kinds() -> Vec<DutyKind> {
        vec![
            DutyKind {
                completes: Completion::ClosesMine,
                ..kind(
                    "MINE_CLOSED",
                    &[Route::Close, Route::Exit],
                    DueField::CloseBy,
                )
            },
            kind(
                "LAND_RECLAMATION",
                &[Route::Close, Route::Exit],
                DueField::RestorationDueBy,
            ),
            DutyKind {
                licensed_only: true,
                performer: Performer::LicensingAuthority,
                ..kind(
                    "LICENCE_CANCELLATION",
                    &[Route::Close, Route::Exit],
                    DueField::CloseBy,
                )
            },
            DutyKind {
                valid_licence_only: true,
                ..kind("SETTLEMENT", &[Route::Exit], DueField::CloseBy)
            },
            kind(
                "SAFETY_FACILITIES",
                &[Route::Upgrade],
                DueField::SafetyFacilitiesBy,
            ),
        ]
    }

    fn closure(route: Route, licensed: bool, valid_until: Option<NaiveDate>) -> DutyEntry {
        DutyEntry {
            entry_id: 9,
            route,
            mine: Some(DutyMine {
                id: 3,
                holder: "某建材公司".into(),
                licensed,
                licence_valid_until: valid_until,
                licence_level: Some(LicenceLevel::City),
            }),
            group_holder: None,
            dates: EntryDates {
                close_by: Some(day(2025, 6, 30)),
                restoration_due_by: Some(day(2026, 6, 30)),
                ..EntryDates::default()
            },
        }
    }

    fn codes(duties: &[NewDuty]) -> Vec<&str> {
        duties.iter().map(|d| d.kind.as_str()).collect()
    }

    /// §6: licence cancellation only for a licensed mine; settlement only for an exit whose
    /// licence is still valid when the plan is approved.
    #[test]
    fn closure_duties_follow_the_route_and_the_licence() {
        let approved = day(2025, 2, 1);
        let cases = [
            (
                closure(Route::Close, false, None),
                vec!["MINE_CLOSED", "LAND_RECLAMATION"],
            ),
            (
                closure(Route::Close, true, Some(day(2030, 1, 1))),
                vec!["MINE_CLOSED", "LAND_RECLAMATION", "LICENCE_CANCELLATION"],
            ),
            (
                closure(Route::Exit, true, Some(day(2030, 1, 1))),
                vec![
                    "MINE_CLOSED",
                    "LAND_RECLAMATION",
                    "LICENCE_CANCELLATION",
                    "SETTLEMENT",
                ],
            ),
            (
                closure(Route::Exit, true, Some(day(2025, 1, 31))),
                vec!["MINE_CLOSED", "LAND_RECLAMATION", "LICENCE_CANCELLATION"],
            ),
            (
                closure(Route::Exit, true, Some(approved)),
                vec![
                    "MINE_CLOSED",
                    "LAND_RECLAMATION",
                    "LICENCE_CANCELLATION",
                    "SETTLEMENT",
                ],
            ),
        ];
        for (entry, expected) in cases {
            let duties = duties_for(&entry, &kinds(), approved, "泽州县");
            assert_eq!(codes(&duties), expected, "{entry:?}");
        }
    }

    #[test]
    fn duties_are_due_by_their_entrys_dates_and_name_who_performs_them() {
        let entry = closure(Route::Close, true, None);
        let duties = duties_for(&entry, &kinds(), day(2025, 2, 1), "泽州县");
        assert_eq!(duties[0].due_by, day(2025, 6, 30));
        assert_eq!(duties[0].responsible, "某建材公司");
        assert_eq!(duties[1].due_by, day(2026, 6, 30));
        assert_eq!(duties[2].responsible, "市规划和自然资源局（发证机关）");
        let upgrade = DutyEntry {
            route: Route::Upgrade,
            dates: EntryDates {
                complete_by: Some(day(2025, 12, 31)),
                ..EntryDates::default()
            },
            ..entry
        };
        let duties = duties_for(&upgrade, &kinds(), day(2025, 2, 1), "泽州县");
        assert_eq!(codes(&duties), vec!["SAFETY_FACILITIES"]);
        assert_eq!(
            duties[0].due_by,
            day(2025, 12, 31),
            "defaults to completeBy"
        );
    }

    /// §6: "overdue items are visible" — due before today and not done.
    #[test]
    fn a_duty_is_overdue_the_day_after_it_is_due_until_done() {
        let due = day(2025, 6, 30);
        let cases = [
            (None, day(2025, 6, 30), false, 0),
            (None, day(2025, 7, 1), true, 1),
            (Some(day(2025, 7, 5)), day(2025, 8, 1), false, 0),
            (None, day(2025, 8, 1), true, 32),
        ];
        for (done, today, overdue, days) in cases {
            assert_eq!(is_overdue(due, done, today), overdue, "{done:?} {today}");
            assert_eq!(days_overdue(due, done, today), days);
        }
    }
}
