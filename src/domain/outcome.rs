//! The life of a transfer-plan entry (NEW-3 across a block's transfer): which outcome may
//! follow which, what a report does to the place the entry holds in the closure balance and
//! the planning caps, when an entry may leave its plan or its year, and when a sale becomes
//! a mine of the registry.
//!
//! An entry takes its place when admitted. A block that does not sell (流拍) gives it back,
//! so that another block may use it; announcing that block again takes a place again, and
//! is refused when none is left, so a sale never stands on a place it does not hold. What a
//! report does is decided by whether the entry holds a place before and after it, never by
//! its outcomes alone, so an entry whose stored state is off cannot move a counter twice.

use crate::domain::codes::TransferOutcome;

/// What a report does to the entry's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceStep {
    /// The entry keeps what it holds (a place, or none).
    Keep,
    /// The entry gives its place back (not sold).
    GiveBack,
    /// The entry takes a place again (announced again after not selling).
    Retake,
}

/// Whether `next` may follow `current`: announced first, then sold or unsold; a sold block
/// is final; an unsold one may be announced again.
pub fn follows(current: Option<TransferOutcome>, next: TransferOutcome) -> bool {
    use TransferOutcome::*;
    matches!(
        (current, next),
        (None | Some(Unsold), Announced) | (Some(Announced), Sold | Unsold)
    )
}

/// Whether an entry with `outcome` holds a place (a withdrawn entry holds none).
pub fn holds_place(outcome: Option<TransferOutcome>, withdrawn: bool) -> bool {
    !withdrawn && outcome != Some(TransferOutcome::Unsold)
}

/// The step from holding a place (`held`) to holding one (`holds`).
pub fn place_step(held: bool, holds: bool) -> PlaceStep {
    match (held, holds) {
        (true, false) => PlaceStep::GiveBack,
        (false, true) => PlaceStep::Retake,
        _ => PlaceStep::Keep,
    }
}

/// Whether an entry may be withdrawn from its plan: any entry until its plan or batch is
/// approved; once it is published, only an unsold one (it holds no place, and its block
/// waits for a later year or is given up).
pub fn may_withdraw(published: bool, outcome: Option<TransferOutcome>) -> bool {
    !published || outcome == Some(TransferOutcome::Unsold)
}

/// Whether a standing entry of `from_year` with `outcome` leaves its block free to be
/// admitted into `to_year`: only an unsold block, only into a later year, where it passes
/// every check again.
pub fn may_carry(outcome: Option<TransferOutcome>, from_year: i32, to_year: i32) -> bool {
    outcome == Some(TransferOutcome::Unsold) && to_year > from_year
}

/// Whether an entry may be registered as a mine: it was sold and is not registered yet.
pub fn may_register(outcome: Option<TransferOutcome>, registered: bool) -> bool {
    outcome == Some(TransferOutcome::Sold) && !registered
}

/// Whether an entry holding a place counts its designed scale against the caps: until its
/// mine is registered, after which the mine's own production counts instead.
pub fn holds_scale(holds_place: bool, registered: bool) -> bool {
    holds_place && !registered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_6_outcomes_follow_announcement_then_sale_or_no_sale() {
        use TransferOutcome::*;
        let cases = [
            (None, Announced, true),
            (None, Sold, false),
            (None, Unsold, false),
            (Some(Announced), Sold, true),
            (Some(Announced), Unsold, true),
            (Some(Announced), Announced, false),
            (Some(Sold), Unsold, false),
            (Some(Sold), Announced, false),
            (Some(Sold), Sold, false),
            (Some(Unsold), Announced, true),
            (Some(Unsold), Sold, false),
            (Some(Unsold), Unsold, false),
        ];
        for (current, next, allowed) in cases {
            assert_eq!(follows(current, next), allowed, "{current:?} → {next:?}");
        }
    }

    #[test]
    fn new_3_a_report_moves_a_place_only_between_holding_and_not() {
        use PlaceStep::*;
        assert_eq!(place_step(true, true), Keep);
        assert_eq!(place_step(true, false), GiveBack);
        assert_eq!(place_step(false, true), Retake);
        assert_eq!(place_step(false, false), Keep);
    }

    #[test]
    fn new_3_unsold_gives_back_and_announcing_again_retakes() {
        use TransferOutcome::*;
        let step = |current: Option<TransferOutcome>, next| {
            place_step(holds_place(current, false), holds_place(Some(next), false))
        };
        assert_eq!(step(None, Announced), PlaceStep::Keep);
        assert_eq!(step(Some(Announced), Sold), PlaceStep::Keep);
        assert_eq!(step(Some(Announced), Unsold), PlaceStep::GiveBack);
        assert_eq!(step(Some(Unsold), Announced), PlaceStep::Retake);
        assert!(!holds_place(Some(Announced), true), "withdrawn");
        assert!(holds_place(None, false), "admitted");
        assert!(holds_place(Some(Sold), false), "sold");
    }

    #[test]
    fn new_3_an_approved_plan_lets_only_an_unsold_entry_go() {
        use TransferOutcome::*;
        let cases = [
            (false, None, true),
            (false, Some(Unsold), true),
            (true, None, false),
            (true, Some(Announced), false),
            (true, Some(Sold), false),
            (true, Some(Unsold), true),
        ];
        for (approved, outcome, allowed) in cases {
            assert_eq!(
                may_withdraw(approved, outcome),
                allowed,
                "{approved} {outcome:?}"
            );
        }
    }

    #[test]
    fn new_3_only_an_unsold_block_is_carried_and_only_forward() {
        use TransferOutcome::*;
        assert!(may_carry(Some(Unsold), 2025, 2026));
        assert!(!may_carry(Some(Unsold), 2025, 2025));
        assert!(!may_carry(Some(Unsold), 2026, 2025));
        for outcome in [None, Some(Announced), Some(Sold)] {
            assert!(!may_carry(outcome, 2025, 2026), "{outcome:?}");
        }
    }

    #[test]
    fn new_3_a_sale_is_registered_once_and_then_the_mine_holds_the_scale() {
        use TransferOutcome::*;
        assert!(may_register(Some(Sold), false));
        assert!(!may_register(Some(Sold), true));
        for outcome in [None, Some(Announced), Some(Unsold)] {
            assert!(!may_register(outcome, false), "{outcome:?}");
        }
        assert!(holds_scale(true, false));
        assert!(!holds_scale(true, true));
        assert!(!holds_scale(false, false));
    }
}
