//! The alert pace of each API token, kept in this process's memory: a busy source is slowed
//! down before it reaches the database, and a restart simply starts every bucket full. Several
//! Tandem processes each allow the pace, which is what a per-process limit can promise.

use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::alert::rate::{Bucket, RateLimit};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Buckets kept before the full ones (which limit nothing) are forgotten.
const BUCKETS_KEPT: usize = 10_000;

/// Every token's bucket, shared by the requests of this process.
#[derive(Debug, Clone)]
pub struct AlertRate {
    limit: RateLimit,
    buckets: Arc<Mutex<HashMap<i64, Bucket>>>,
}

impl AlertRate {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: Arc::default(),
        }
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Counts one request of token `token_id`, or answers `Throttled` with the seconds to wait.
    pub fn check(&self, token_id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
        // A panic elsewhere while holding the lock leaves the counts usable: they are counts.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= BUCKETS_KEPT {
            buckets.retain(|_, bucket| !bucket.is_full(self.limit, now));
        }
        buckets
            .entry(token_id)
            .or_insert_with(|| Bucket::full(self.limit, now))
            .take(self.limit, now)
            .map_err(|retry_after_secs| AppError::Throttled { retry_after_secs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_has_its_own_bucket() {
        let rate = AlertRate::new(RateLimit {
            per_second: 1,
            burst: 1,
        });
        let now = DateTime::<Utc>::UNIX_EPOCH;
        assert!(rate.check(1, now).is_ok());
        assert!(matches!(
            rate.check(1, now),
            Err(AppError::Throttled {
                retry_after_secs: 1
            })
        ));
        assert!(rate.check(2, now).is_ok());
    }
}
