//! Slowing down guessing: after a few failures within a window, an account, an address or a
//! second-factor check is locked for a while, and each further failure doubles the wait.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed within `window` before a lock.
    pub free_failures: i32,
    pub window: Duration,
    pub first_lock: Duration,
    pub longest_lock: Duration,
}

impl ThrottlePolicy {
    /// Passwords per account.
    pub const SIGN_IN: Self = Self {
        free_failures: 5,
        window: Duration::minutes(15),
        first_lock: Duration::seconds(30),
        longest_lock: Duration::minutes(15),
    };
    /// Passwords per address, across accounts: an office behind one address must not be locked
    /// out by one person's typing, so it takes many failures, spraying across accounts.
    pub const SIGN_IN_ADDRESS: Self = Self {
        free_failures: 50,
        window: Duration::minutes(15),
        first_lock: Duration::minutes(1),
        longest_lock: Duration::minutes(30),
    };
    /// Second-factor codes per account: a million codes, so few guesses.
    pub const SECOND_FACTOR: Self = Self {
        free_failures: 3,
        window: Duration::minutes(15),
        first_lock: Duration::minutes(1),
        longest_lock: Duration::minutes(30),
    };
}

/// The stored failure count of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub failures: i32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Throttle {
    pub fn fresh(now: DateTime<Utc>) -> Self {
        Self {
            failures: 0,
            window_started_at: now,
            locked_until: None,
        }
    }

    /// `Err(until)` while locked.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), DateTime<Utc>> {
        match self.locked_until {
            Some(until) if now < until => Err(until),
            _ => Ok(()),
        }
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(self, policy: &ThrottlePolicy, now: DateTime<Utc>) -> Self {
        let mut next = if now - self.window_started_at > policy.window && self.check(now).is_ok() {
            Self::fresh(now)
        } else {
            self
        };
        next.failures = next.failures.saturating_add(1);
        let over = next.failures - policy.free_failures;
        if over > 0 {
            let doublings = u32::try_from(over - 1).unwrap_or(0).min(20);
            let lock = policy
                .first_lock
                .checked_mul(2_i32.saturating_pow(doublings))
                .unwrap_or(policy.longest_lock)
                .min(policy.longest_lock);
            next.locked_until = Some(now + lock);
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(second)
    }

    #[test]
    fn a_few_failures_are_free_then_locks_grow_to_a_ceiling() {
        let policy = ThrottlePolicy::SIGN_IN;
        let mut t = Throttle::fresh(at(0));
        for _ in 0..5 {
            t = t.after_failure(&policy, at(1));
            assert_eq!(t.check(at(1)), Ok(()));
        }
        t = t.after_failure(&policy, at(2));
        assert_eq!(t.check(at(2)), Err(at(32)));
        assert_eq!(t.check(at(32)), Ok(()));
        t = t.after_failure(&policy, at(40));
        assert_eq!(t.check(at(40)), Err(at(100)));
        for _ in 0..30 {
            t = t.after_failure(&policy, at(200));
        }
        assert_eq!(t.check(at(200)), Err(at(200 + 15 * 60)));
    }

    #[test]
    fn failures_spread_beyond_the_window_start_again() {
        let policy = ThrottlePolicy::SIGN_IN;
        let mut t = Throttle::fresh(at(0));
        for i in 0..4 {
            t = t.after_failure(&policy, at(i));
        }
        t = t.after_failure(&policy, at(16 * 60));
        assert_eq!(t.failures, 1);
        assert_eq!(t.check(at(16 * 60)), Ok(()));
    }
}
