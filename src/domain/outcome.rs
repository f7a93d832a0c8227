//! What a trading platform's report does to a transfer-plan entry (NEW-3 across a block's
//! transfer): which outcome may follow which, and what each step does to the place the
//! entry holds in the closure balance and the planning caps.
//!
//! An entry takes its place when admitted. A block that does not sell (流拍) gives it back,
//! so that another block may use it; announcing that block again takes a place again, and
//! is refused when none is left, so a sale never stands on a place it does not hold.

use crate::domain::codes::TransferOutcome;

/// What a reported step does to the entry's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceStep {
    /// The entry keeps the place it holds.
    Keep,
    /// The entry gives its place back (not sold).
    GiveBack,
    /// The entry takes a place again (announced again after not selling).
    Retake,
}

/// The step from `current` to `next`, or `None` when `next` may not follow: announced
/// first, then sold or unsold; a sold block is final; an unsold one may be announced
/// again.
pub fn outcome_step(current: Option<TransferOutcome>, next: TransferOutcome) -> Option<PlaceStep> {
    use TransferOutcome::*;
    match (current, next) {
        (None, Announced) | (Some(Announced), Sold) => Some(PlaceStep::Keep),
        (Some(Announced), Unsold) => Some(PlaceStep::GiveBack),
        (Some(Unsold), Announced) => Some(PlaceStep::Retake),
        _ => None,
    }
}

/// Whether an entry with `outcome` holds a place (a withdrawn entry holds none).
pub fn holds_place(outcome: Option<TransferOutcome>, withdrawn: bool) -> bool {
    !withdrawn && outcome != Some(TransferOutcome::Unsold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_6_outcomes_follow_announcement_then_sale_or_no_sale() {
        use PlaceStep::*;
        use TransferOutcome::*;
        let cases = [
            (None, Announced, Some(Keep)),
            (None, Sold, None),
            (None, Unsold, None),
            (Some(Announced), Sold, Some(Keep)),
            (Some(Announced), Unsold, Some(GiveBack)),
            (Some(Announced), Announced, None),
            (Some(Sold), Unsold, None),
            (Some(Sold), Announced, None),
            (Some(Sold), Sold, None),
            (Some(Unsold), Announced, Some(Retake)),
            (Some(Unsold), Sold, None),
            (Some(Unsold), Unsold, None),
        ];
        for (current, next, step) in cases {
            assert_eq!(outcome_step(current, next), step, "{current:?} → {next:?}");
        }
    }

    #[test]
    fn new_3_a_place_is_held_until_withdrawn_or_unsold_and_a_step_keeps_it_so() {
        use TransferOutcome::*;
        let outcomes = [None, Some(Announced), Some(Sold), Some(Unsold)];
        for current in outcomes {
            for next in [Announced, Sold, Unsold] {
                let Some(step) = outcome_step(current, next) else {
                    continue;
                };
                let (before, after) = (holds_place(current, false), holds_place(Some(next), false));
                let expected = match (before, after) {
                    (true, true) => PlaceStep::Keep,
                    (true, false) => PlaceStep::GiveBack,
                    (false, true) => PlaceStep::Retake,
                    (false, false) => unreachable!("no step leaves a block without a place twice"),
                };
                assert_eq!(step, expected, "{current:?} → {next:?}");
            }
        }
        assert!(!holds_place(Some(Announced), true), "withdrawn");
        assert!(holds_place(None, false), "admitted");
    }
}
