//! The generator is reproducible and every mine it makes is valid input.

use chrono::NaiveDate;

use super::*;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
}

fn mines(seed: u64) -> Generator {
    Generator::new(seed, vec!["140525".into(), "140581".into()], day(), 1)
}

#[test]
fn the_same_seed_gives_the_same_mines() {
    let run = |seed| mines(seed).take(50).collect::<Vec<_>>();
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn every_synthetic_mine_is_valid_input_with_a_unique_licence() {
    let mut licences = std::collections::HashSet::new();
    for draft in mines(1).take(5_000) {
        let facts = MineFacts::parse(draft.clone());
        assert!(facts.is_ok(), "{draft:?}: {facts:?}");
        assert!(facts.is_ok_and(|f| f.check_recorded_on(day()).is_ok()));
        if let Some(licence) = draft.licence_no {
            assert!(licences.insert(licence), "licence numbers repeat");
        }
    }
}

#[test]
fn a_database_without_the_mix_minerals_gets_no_mines() {
    assert_eq!(mines(1).only_minerals(&["GOLD".into()]).next(), None);
}
