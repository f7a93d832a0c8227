//! Budgets of operations per kind of caller (docs/operations.md, "Fair use"): the setting
//! `MINERIGHT_RATE_LIMITS` read over the defaults. The limiter that holds callers to them
//! is `infra::rate_limit`.

use std::time::Duration;

use crate::domain::access::Role;

/// Operations `count` at once, refilled at `count` per `period`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Operations a caller may run at once, and per period.
    pub count: u32,
    /// How long the bucket takes to refill from empty.
    pub period: Duration,
}

impl Budget {
    /// Operations refilled per second.
    pub fn rate(self) -> f64 {
        f64::from(self.count) / self.period.as_secs_f64()
    }
}

/// The budget of each kind of caller; `None`: not limited.
#[derive(Debug, Clone, PartialEq)]
pub struct Budgets {
    /// Callers without a token, per address.
    pub anonymous: Option<Budget>,
    /// Each role's tokens, per token, in [`Role::ALL`] order.
    pub roles: [Option<Budget>; 6],
}

/// The caller kind a budget names in the setting.
const ANONYMOUS: &str = "ANONYMOUS";

impl Default for Budgets {
    /// Generous enough for an office's busiest client, tight enough that one script cannot
    /// take the server: officials 6000/m, integrators 1200/m, anonymous callers 600/m.
    fn default() -> Self {
        let per_minute = |count| {
            Some(Budget {
                count,
                period: Duration::from_secs(60),
            })
        };
        let roles = Role::ALL.map(|role| match role {
            Role::Integrator => per_minute(1200),
            _ => per_minute(6000),
        });
        Self {
            anonymous: per_minute(600),
            roles,
        }
    }
}

impl Budgets {
    /// Reads `KIND=COUNT/PERIOD` pairs, comma-separated, over the defaults: `KIND` is a role
    /// code or `ANONYMOUS`, `PERIOD` `s`, `m` or `h`, and `KIND=off` lifts that budget;
    /// `off` alone lifts them all (benchmarks measure throughput, not fairness).
    pub fn parse(text: &str) -> Result<Budgets, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(Budgets {
                anonymous: None,
                roles: [None; 6],
            });
        }
        let mut budgets = Budgets::default();
        for pair in text
            .split(',')
            .map(str::trim)
            .filter(|pair| !pair.is_empty())
        {
            let (kind, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?} is not KIND=COUNT/PERIOD"))?;
            let budget = budget(value.trim())?;
            match kind.trim() {
                ANONYMOUS => budgets.anonymous = budget,
                code => {
                    let role = Role::parse(code)
                        .ok_or_else(|| format!("{code:?} is neither a role nor {ANONYMOUS}"))?;
                    budgets.roles[role_index(role)] = budget;
                }
            }
        }
        Ok(budgets)
    }

    /// The budget of a caller of `role` (`None`: without a token), when it has one.
    pub fn of(&self, role: Option<Role>) -> Option<Budget> {
        match role {
            None => self.anonymous,
            Some(role) => self.roles[role_index(role)],
        }
    }
}

fn role_index(role: Role) -> usize {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

/// `COUNT/PERIOD` (`120/m`), or `off`.
fn budget(text: &str) -> Result<Option<Budget>, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let refused = || format!("{text:?} is not a budget like 600/m or off");
    let (count, period) = text.split_once('/').ok_or_else(refused)?;
    let count: u32 = count
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(refused)?;
    let seconds = match period.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(refused()),
    };
    Ok(Some(Budget {
        count,
        period: Duration::from_secs(seconds),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_read_over_the_defaults_and_off_lifts_them() {
        let budgets = Budgets::parse("ANONYMOUS=10/s, CITY_ADMIN=off,INTEGRATOR=5/h").unwrap();
        let ten = Budget {
            count: 10,
            period: Duration::from_secs(1),
        };
        assert_eq!(budgets.of(None), Some(ten));
        assert_eq!(budgets.of(Some(Role::CityAdmin)), None);
        assert_eq!(
            budgets.of(Some(Role::Integrator)).map(|b| b.period),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            budgets.of(Some(Role::Auditor)),
            Budgets::default().of(Some(Role::Auditor))
        );
        let off = Budgets::parse("off").unwrap();
        assert!(Role::ALL.iter().all(|role| off.of(Some(*role)).is_none()));
        assert_eq!(off.of(None), None);
        for refused in [
            "MAYOR=1/s",
            "ANONYMOUS=0/s",
            "ANONYMOUS=5/d",
            "ANONYMOUS",
            "x=1/s",
        ] {
            assert!(Budgets::parse(refused).is_err(), "{refused}");
        }
    }
}
