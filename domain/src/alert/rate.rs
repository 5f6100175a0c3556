//! How fast one API token may send alerts: a token bucket that holds `burst` requests and
//! refills at `per_second`, so that a source may send a burst at once and then keep a steady
//! pace. A request finding the bucket empty is told how long until it holds one again.

use chrono::{DateTime, Utc};

/// The pace allowed to each token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

impl RateLimit {
    /// `TANDEM_ALERT_RATE` and `TANDEM_ALERT_BURST` when unset.
    pub const DEFAULT: Self = Self {
        per_second: 50,
        burst: 100,
    };

    /// Checks the two numbers as configured: both at least 1, the burst at least the rate.
    pub fn new(per_second: u32, burst: u32) -> Result<Self, String> {
        if per_second == 0 || burst == 0 {
            Err("the alert rate and burst must be at least 1".to_owned())
        } else if burst < per_second {
            Err("the alert burst must be at least the rate per second".to_owned())
        } else {
            Ok(Self { per_second, burst })
        }
    }
}

/// One token's bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    requests: f64,
    at: DateTime<Utc>,
}

impl Bucket {
    /// A bucket that has not been used: full.
    pub fn full(limit: RateLimit, now: DateTime<Utc>) -> Self {
        Self {
            requests: f64::from(limit.burst),
            at: now,
        }
    }

    /// Takes one request from the bucket, or says in how many whole seconds (at least one) it
    /// holds one again. A clock that went back refills nothing.
    pub fn take(&mut self, limit: RateLimit, now: DateTime<Utc>) -> Result<(), i64> {
        let elapsed = (now - self.at)
            .num_microseconds()
            .unwrap_or(i64::MAX)
            .max(0);
        #[allow(clippy::cast_precision_loss)]
        let refill = elapsed as f64 / 1e6 * f64::from(limit.per_second);
        self.requests = (self.requests + refill).min(f64::from(limit.burst));
        self.at = self.at.max(now);
        if self.requests >= 1.0 {
            self.requests -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - self.requests) / f64::from(limit.per_second);
            #[allow(clippy::cast_possible_truncation)]
            Err((wait.ceil() as i64).max(1))
        }
    }

    /// Whether the bucket is full again at `now`, so that forgetting it changes nothing.
    pub fn is_full(&self, limit: RateLimit, now: DateTime<Utc>) -> bool {
        let mut probe = *self;
        probe.take(limit, now).is_ok() && probe.requests + 1.0 >= f64::from(limit.burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn a_burst_passes_then_the_pace_is_the_rate() {
        let limit = RateLimit::new(2, 5).unwrap_or(RateLimit::DEFAULT);
        let start = DateTime::<Utc>::UNIX_EPOCH;
        let mut bucket = Bucket::full(limit, start);
        for _ in 0..5 {
            assert_eq!(bucket.take(limit, start), Ok(()));
        }
        assert_eq!(bucket.take(limit, start), Err(1));
        let later = start + TimeDelta::milliseconds(500);
        assert_eq!(bucket.take(limit, later), Ok(()));
        assert_eq!(bucket.take(limit, later), Err(1));
        assert!(!bucket.is_full(limit, later));
        assert!(bucket.is_full(limit, later + TimeDelta::seconds(3)));
    }

    #[test]
    fn a_slow_rate_says_how_many_seconds_to_wait_and_a_clock_going_back_refills_nothing() {
        let limit = RateLimit::new(1, 1).unwrap_or(RateLimit::DEFAULT);
        let start = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::seconds(100);
        let mut bucket = Bucket::full(limit, start);
        assert_eq!(bucket.take(limit, start), Ok(()));
        assert_eq!(bucket.take(limit, start - TimeDelta::seconds(50)), Err(1));
        assert_eq!(bucket.take(limit, start + TimeDelta::seconds(1)), Ok(()));
    }

    #[test]
    fn nonsense_limits_are_refused() {
        assert!(RateLimit::new(0, 10).is_err());
        assert!(RateLimit::new(10, 5).is_err());
        assert_eq!(RateLimit::new(50, 100), Ok(RateLimit::DEFAULT));
    }
}
