//! Fair use: every caller draws its operations from a budget, so that one token (or one
//! address without a token) cannot take every worker. A budget is a token bucket: `count`
//! operations at once, refilled at `count` per `period`; over it, the answer is
//! `RATE_LIMITED` with the seconds until the next operation would be admitted.
//!
//! Buckets live in this instance's memory: behind a balancer each instance holds a caller
//! to the budget on its own (docs/operations.md, "Fair use"). Their number is bounded:
//! a full table first forgets the buckets that have refilled (they hold nothing a new
//! bucket would not), at most once a second so that a flood pays for no sweep per
//! request, and past that every newcomer shares one overflow bucket per role: a flood of
//! addresses costs memory bounded by the table and constant time per request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::{Budget, Budgets};
use crate::domain::access::Role;

/// Buckets kept before the table is swept.
pub const MAX_BUCKETS: usize = 65_536;

/// Whose budget an operation draws on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Drawer {
    /// A token, by its id.
    Token(String),
    /// A caller without a token, by its address (an IPv6 address by its /64: one host
    /// holds a whole /64 and could otherwise draw on billions of budgets).
    Address(IpAddr),
    /// Newcomers once the table is full, per role (`None`: anonymous).
    Overflow(Option<Role>),
}

impl Drawer {
    /// The drawer for a caller without a token at `address`.
    pub fn address(address: IpAddr) -> Drawer {
        match address {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Drawer::Address(IpAddr::V4(v4)),
                None => {
                    let mut octets = v6.octets();
                    octets[8..].fill(0);
                    Drawer::Address(IpAddr::from(octets))
                }
            },
            v4 => Drawer::Address(v4),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Operations left at `at`.
    left: f64,
    at: Instant,
    /// The budget it refills to (its caller's role's).
    budget: Budget,
}

impl Bucket {
    /// What is left at `now`, capped at the budget.
    fn refilled(self, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        (self.left + elapsed * self.budget.rate()).min(f64::from(self.budget.count))
    }
}

/// Every caller's bucket in this instance.
#[derive(Debug)]
pub struct RateLimiter {
    budgets: Budgets,
    table: Mutex<Table>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Table {
    buckets: HashMap<Drawer, Bucket>,
    /// When full buckets were last forgotten.
    swept: Option<Instant>,
}

/// Shortest time between two sweeps of a full table.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

impl RateLimiter {
    /// A limiter holding callers to `budgets`.
    pub fn new(budgets: Budgets) -> Self {
        Self::bounded(budgets, MAX_BUCKETS)
    }

    fn bounded(budgets: Budgets, capacity: usize) -> Self {
        Self {
            budgets,
            table: Mutex::new(Table::default()),
            capacity,
        }
    }

    /// Takes one operation from `drawer`'s budget (its role's, or the anonymous one), or
    /// says how long until one is there.
    pub fn admit(&self, drawer: Drawer, role: Option<Role>, now: Instant) -> Result<(), Duration> {
        let Some(budget) = self.budgets.of(role) else {
            return Ok(());
        };
        let Ok(mut table) = self.table.lock() else {
            // A poisoned table means a panic elsewhere; fairness is not worth refusing for.
            return Ok(());
        };
        let drawer = if table.buckets.contains_key(&drawer) || self.room(&mut table, now) {
            drawer
        } else {
            Drawer::Overflow(role)
        };
        let bucket = table.buckets.entry(drawer).or_insert(Bucket {
            left: f64::from(budget.count),
            at: now,
            budget,
        });
        let left = bucket.refilled(now);
        let admitted = left >= 1.0;
        *bucket = Bucket {
            left: if admitted { left - 1.0 } else { left },
            at: now,
            budget,
        };
        if admitted {
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - left) / budget.rate()))
        }
    }

    /// Whether a new bucket fits, after forgetting the full ones when the table is full.
    fn room(&self, table: &mut Table, now: Instant) -> bool {
        if table.buckets.len() < self.capacity {
            return true;
        }
        if table
            .swept
            .is_some_and(|swept| now.saturating_duration_since(swept) < SWEEP_EVERY)
        {
            return false;
        }
        table.swept = Some(now);
        // A bucket that has refilled is what a new one would be.
        table.buckets.retain(|drawer, bucket| {
            matches!(drawer, Drawer::Overflow(_))
                || bucket.refilled(now) < f64::from(bucket.budget.count)
        });
        table.buckets.len() < self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::retry_after_seconds;

    fn limiter(text: &str) -> RateLimiter {
        RateLimiter::new(Budgets::parse(text).unwrap())
    }

    fn token(id: &str) -> Drawer {
        Drawer::Token(id.into())
    }

    #[test]
    fn a_budget_admits_its_count_then_says_when_the_next_is_there() {
        let limiter = limiter("INTEGRATOR=3/s");
        let start = Instant::now();
        for _ in 0..3 {
            assert!(
                limiter
                    .admit(token("a"), Some(Role::Integrator), start)
                    .is_ok()
            );
        }
        let wait = limiter
            .admit(token("a"), Some(Role::Integrator), start)
            .unwrap_err();
        assert!((wait.as_secs_f64() - 1.0 / 3.0).abs() < 1e-6, "{wait:?}");
        assert_eq!(retry_after_seconds(wait), 1);
        // Another token of the same role has its own bucket.
        assert!(
            limiter
                .admit(token("b"), Some(Role::Integrator), start)
                .is_ok()
        );
        // A third of a second later one operation is back, and only one.
        let later = start + Duration::from_millis(334);
        assert!(
            limiter
                .admit(token("a"), Some(Role::Integrator), later)
                .is_ok()
        );
        assert!(
            limiter
                .admit(token("a"), Some(Role::Integrator), later)
                .is_err()
        );
    }

    #[test]
    fn a_refused_operation_takes_nothing_and_an_idle_bucket_stops_at_its_count() {
        let limiter = limiter("ANONYMOUS=2/m");
        let at = Instant::now();
        let home = Drawer::address("10.0.0.1".parse().unwrap());
        assert!(limiter.admit(home.clone(), None, at).is_ok());
        assert!(limiter.admit(home.clone(), None, at).is_ok());
        for _ in 0..5 {
            assert!(limiter.admit(home.clone(), None, at).is_err());
        }
        // 30 s refill one operation whatever the refusals before.
        let half = at + Duration::from_secs(30);
        assert!(limiter.admit(home.clone(), None, half).is_ok());
        // An hour idle refills two, not sixty.
        let hour = half + Duration::from_secs(3600);
        assert!(limiter.admit(home.clone(), None, hour).is_ok());
        assert!(limiter.admit(home.clone(), None, hour).is_ok());
        assert!(limiter.admit(home, None, hour).is_err());
    }

    #[test]
    fn lifted_budgets_admit_everything() {
        let limiter = RateLimiter::new(Budgets::parse("off").unwrap());
        for _ in 0..10_000 {
            assert!(
                limiter
                    .admit(token("x"), Some(Role::Auditor), Instant::now())
                    .is_ok()
            );
        }
    }

    #[test]
    fn an_ipv6_host_draws_on_its_64_and_a_mapped_v4_on_its_address() {
        let a = Drawer::address("2001:db8:1:2::1".parse().unwrap());
        let b = Drawer::address("2001:db8:1:2:ffff::9".parse().unwrap());
        let other = Drawer::address("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(
            Drawer::address("::ffff:10.0.0.7".parse().unwrap()),
            Drawer::address("10.0.0.7".parse().unwrap())
        );
    }

    #[test]
    fn a_full_table_forgets_refilled_buckets_then_pools_newcomers() {
        let limiter = RateLimiter::bounded(Budgets::parse("ANONYMOUS=1/s").unwrap(), 2);
        let at = Instant::now();
        let addr = |n: u8| Drawer::address(IpAddr::from([10, 0, 0, n]));
        assert!(limiter.admit(addr(1), None, at).is_ok());
        assert!(limiter.admit(addr(2), None, at).is_ok());
        // The table is full of empty buckets: the third and fourth share the overflow one.
        assert!(limiter.admit(addr(3), None, at).is_ok());
        assert!(limiter.admit(addr(4), None, at).is_err());
        // Once the first two have refilled they are forgotten: a newcomer gets its own.
        let later = at + Duration::from_secs(2);
        assert!(limiter.admit(addr(5), None, later).is_ok());
        let table = limiter.table.lock().unwrap();
        assert!(table.buckets.contains_key(&addr(5)));
        assert!(!table.buckets.contains_key(&addr(1)));
        assert_eq!(table.buckets.len(), 2, "the fifth and the overflow");
    }
}
