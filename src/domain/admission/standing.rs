//! Admissions checked again when their ground moves (docs/rules.md, NEW-3 "checked again"):
//! a standing entry is re-evaluated with every check of the table, as if admitted again in
//! its turn. Its turn is its admission order: the places in the balances and the caps it
//! stands on are those the entries admitted before it left, so when closures are dropped
//! the entries admitted last are the ones that no longer pass, exactly as they would have
//! been refused had the closures been missing when they were admitted.

use super::AdmissionFacts;

/// What a place-holding entry takes, in admission order.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub county: String,
    pub mineral: String,
    /// Designed scale it holds against the caps (0 once its mine is registered).
    pub scale: f64,
}

/// The places taken before one entry: new mines in the city and its county, and scale of
/// its mineral in the city and its county.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Before {
    pub city_mines: i64,
    pub county_mines: i64,
    pub city_scale: f64,
    pub county_scale: f64,
}

/// For each of `held` (in admission order), what the entries before it hold.
pub fn places_before(held: &[Held]) -> Vec<Before> {
    held.iter()
        .enumerate()
        .map(|(i, entry)| {
            let earlier = &held[..i];
            let same_county = |e: &&Held| e.county == entry.county;
            let same_mineral = |e: &&Held| e.mineral == entry.mineral;
            Before {
                city_mines: i64::try_from(earlier.len()).unwrap_or(i64::MAX),
                county_mines: i64::try_from(earlier.iter().filter(same_county).count())
                    .unwrap_or(i64::MAX),
                city_scale: earlier.iter().filter(same_mineral).map(|e| e.scale).sum(),
                county_scale: earlier
                    .iter()
                    .filter(same_county)
                    .filter(same_mineral)
                    .map(|e| e.scale)
                    .sum(),
            }
        })
        .collect()
}

/// `facts` of a standing entry as its turn sees them: the balances and the caps hold what
/// the entries admitted before it hold, not what the counters hold now.
pub fn in_its_turn(mut facts: AdmissionFacts, before: Before) -> AdmissionFacts {
    facts.city.new_mines = before.city_mines;
    facts.county.new_mines = before.county_mines;
    for cap in &mut facts.caps {
        cap.held = if cap.county {
            before.county_scale
        } else {
            before.city_scale
        };
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(county: &str, mineral: &str, scale: f64) -> Held {
        Held {
            county: county.into(),
            mineral: mineral.into(),
            scale,
        }
    }

    #[test]
    fn new_3_each_entry_stands_on_what_was_admitted_before_it() {
        let entries = [
            held("A", "IRON", 60.0),
            held("B", "IRON", 40.0),
            held("A", "STONE", 50.0),
            held("A", "IRON", 0.0),
        ];
        let before = places_before(&entries);
        assert_eq!(before[0], Before::default());
        assert_eq!(
            before[3],
            Before {
                city_mines: 3,
                county_mines: 2,
                city_scale: 100.0,
                county_scale: 60.0,
            }
        );
        assert_eq!(before[2].city_scale, 0.0, "another mineral");
        assert_eq!(before[1].county_mines, 0, "another county");
    }
}
