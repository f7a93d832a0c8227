//! Tokens whose signature and claims have been verified, so a client that sends the same
//! token with every request pays for one Ed25519 verification, not one per request (4% of
//! the CPU of a 50-mine page). Only the byte-identical token string hits; its expiry is
//! still checked on every hit, and revocation and places are checked by the caller as
//! before.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::domain::access::Caller;

/// Most tokens kept (each at most 4 KiB, the `Authorization` limit): 4 MiB at worst.
const CAPACITY: usize = 1024;

/// A verified token's caller and expiry.
#[derive(Debug, Clone)]
struct Verified {
    caller: Caller,
    /// `exp`, seconds since the epoch.
    expires: u64,
}

/// Verified tokens by their text, bounded.
#[derive(Debug, Default)]
pub struct VerifiedTokens {
    tokens: RwLock<HashMap<String, Verified>>,
}

/// What the cache knows of a token at a moment.
#[derive(Debug, PartialEq)]
pub enum Known {
    /// Verified before and not expired at that moment (with `leeway`).
    Valid(Caller),
    /// Verified before, but expired by now.
    Expired,
    /// Never verified here (or forgotten).
    Unknown,
}

impl VerifiedTokens {
    /// What is known of `token` at `now` (seconds since the epoch), allowing `leeway`
    /// seconds of clock skew on its expiry as verification does.
    pub fn known(&self, token: &str, now: u64, leeway: u64) -> Known {
        let tokens = match self.tokens.read() {
            Ok(tokens) => tokens,
            Err(poisoned) => poisoned.into_inner(),
        };
        match tokens.get(token) {
            Some(found) if found.expires.saturating_add(leeway) >= now => {
                Known::Valid(found.caller.clone())
            }
            Some(_) => Known::Expired,
            None => Known::Unknown,
        }
    }

    /// Remembers a token just verified; when full, forgets the expired ones, or all.
    pub fn keep(&self, token: &str, caller: Caller, expires: u64, now: u64) {
        let mut tokens = match self.tokens.write() {
            Ok(tokens) => tokens,
            Err(poisoned) => poisoned.into_inner(),
        };
        if tokens.len() >= CAPACITY {
            tokens.retain(|_, kept| kept.expires >= now);
            if tokens.len() >= CAPACITY {
                tokens.clear();
            }
        }
        tokens.insert(token.to_owned(), Verified { caller, expires });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn caller(jti: &str) -> Caller {
        Caller {
            sub: "s".into(),
            role: Role::Auditor,
            city: Some("140500".into()),
            county: None,
            department: None,
            jti: jti.into(),
        }
    }

    #[test]
    fn a_kept_token_is_valid_until_its_expiry_and_leeway_then_expired() {
        let cache = VerifiedTokens::default();
        assert_eq!(cache.known("t", 100, 30), Known::Unknown);
        cache.keep("t", caller("a"), 1_000, 100);
        assert_eq!(cache.known("t", 1_030, 30), Known::Valid(caller("a")));
        assert_eq!(cache.known("t", 1_031, 30), Known::Expired);
        assert_eq!(
            cache.known("t2", 100, 30),
            Known::Unknown,
            "only the same text hits"
        );
    }

    #[test]
    fn a_full_cache_forgets_expired_tokens_first_and_stays_bounded() {
        let cache = VerifiedTokens::default();
        cache.keep("old", caller("old"), 10, 0);
        for n in 1..CAPACITY {
            cache.keep(&format!("t{n}"), caller("n"), 1_000, 0);
        }
        cache.keep("new", caller("new"), 1_000, 500);
        assert_eq!(
            cache.known("old", 5, 0),
            Known::Unknown,
            "the expired one went"
        );
        assert_eq!(
            cache.known("t1", 500, 0),
            Known::Valid(caller("n")),
            "the rest stay"
        );
        assert_eq!(cache.known("new", 500, 0), Known::Valid(caller("new")));
        for n in 0..CAPACITY {
            cache.keep(&format!("u{n}"), caller("u"), 1_000, 500);
        }
        let kept = cache.tokens.read().map(|tokens| tokens.len()).unwrap_or(0);
        assert!(kept <= CAPACITY, "{kept} kept");
    }
}
