//! The limits a block's place in the transfer plan is taken within (NEW-3 and NEW-2):
//! the closure balance of the city always, of the county when the city's setting makes it
//! binding, and the mineral's planning caps; an approver's written exception waives the
//! balances only, never a cap.
//!
//! An admission and a re-announcement after an unsold transfer take their places within
//! the same limits, by one conditional update per counter.

use crate::domain::admission::{Balance, Cap};

/// The most each counter may hold after a place is taken: `None` where nothing limits it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// New mines the city's balance allows.
    pub city_mines: Option<u32>,
    /// New mines the county's balance allows.
    pub county_mines: Option<u32>,
    /// Designed production the city-wide cap leaves room for, 万吨/年.
    pub city_scale: Option<f64>,
    /// Designed production the county's cap leaves room for, 万吨/年.
    pub county_scale: Option<f64>,
}

/// What a place is taken against.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceFacts {
    pub city: Balance,
    pub county: Balance,
    /// The caps that apply, city-wide and the county's.
    pub caps: Vec<Cap>,
    /// Whether the county's balance binds (a city setting; a warning by default).
    pub county_balance_blocks: bool,
    /// The first year from the one asked in which the binding balances leave room for one
    /// more new mine; `None` when no year the plans reach does.
    pub balance_opens_in: Option<i32>,
    /// Whether the place is taken under an approver's written exception.
    pub quota_exception: bool,
}

/// The limits `facts` set.
pub fn limits(facts: &PlaceFacts) -> Limits {
    let room = |county: bool| {
        facts
            .caps
            .iter()
            .find(|cap| cap.county == county)
            // What the cap leaves beyond the mines' own production.
            .map(|cap| cap.cap - cap.base)
    };
    Limits {
        city_mines: (!facts.quota_exception).then_some(facts.city.closed),
        county_mines: (facts.county_balance_blocks && !facts.quota_exception)
            .then_some(facts.county.closed),
        city_scale: room(false),
        county_scale: room(true),
    }
}

/// A mine NEW-2's cap counts (live, not on a close/exit list of a plan in force), with
/// what the plans in force plan for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedMine {
    /// Its licensed production scale today, 万吨/年.
    pub scale: f64,
    /// The target of an approved upgrade entry listing it.
    pub upgrade_target: Option<f64>,
    /// The approved integration group listing it, and the group's target scale.
    pub group: Option<(i64, Option<f64>)>,
}

/// NEW-2's base production: what the mines will produce as the plans in force plan them.
/// An upgraded mine counts at its target; a group with a target counts once, at its
/// target, in its members' place; every other mine at today's scale.
pub fn planned_production(mines: &[PlannedMine]) -> f64 {
    let mut groups: std::collections::BTreeMap<i64, f64> = std::collections::BTreeMap::new();
    let mut total = 0.0;
    for mine in mines {
        match mine.group {
            Some((group, Some(target))) => {
                groups.insert(group, target);
            }
            _ => total += mine.upgrade_target.unwrap_or(mine.scale),
        }
    }
    total + groups.values().sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PlaceFacts {
        PlaceFacts {
            city: Balance {
                closed: 5,
                new_mines: 2,
            },
            county: Balance {
                closed: 1,
                new_mines: 1,
            },
            caps: vec![Cap {
                cap: 100.0,
                base: 60.0,
                held: 10.0,
                county: false,
            }],
            county_balance_blocks: false,
            balance_opens_in: Some(2025),
            quota_exception: false,
        }
    }

    #[test]
    fn new_3_the_city_balance_binds_and_the_county_only_by_the_setting() {
        let open = limits(&facts());
        assert_eq!((open.city_mines, open.county_mines), (Some(5), None));
        let binding = limits(&PlaceFacts {
            county_balance_blocks: true,
            ..facts()
        });
        assert_eq!(binding.county_mines, Some(1));
    }

    #[test]
    fn new_3_an_exception_waives_the_balances_and_new_2_caps_still_bind() {
        let excepted = limits(&PlaceFacts {
            county_balance_blocks: true,
            quota_exception: true,
            ..facts()
        });
        assert_eq!((excepted.city_mines, excepted.county_mines), (None, None));
        assert_eq!(excepted.city_scale, Some(40.0), "cap − base");
        assert_eq!(excepted.county_scale, None, "no county cap");
    }

    #[test]
    fn new_2_the_cap_counts_planned_scales_and_a_group_once() {
        let mine = |scale, upgrade_target, group| PlannedMine {
            scale,
            upgrade_target,
            group,
        };
        let cases = [
            (vec![mine(20.0, None, None), mine(30.0, None, None)], 50.0),
            (vec![mine(20.0, Some(60.0), None)], 60.0),
            (
                vec![
                    mine(20.0, None, Some((7, Some(90.0)))),
                    mine(30.0, None, Some((7, Some(90.0)))),
                    mine(10.0, None, None),
                ],
                100.0,
            ),
            (
                vec![
                    mine(20.0, None, Some((7, None))),
                    mine(30.0, Some(50.0), Some((8, None))),
                ],
                70.0,
            ),
        ];
        for (mines, expected) in cases {
            assert!(
                (planned_production(&mines) - expected).abs() < 1e-9,
                "{mines:?} → {expected}"
            );
        }
    }
}
