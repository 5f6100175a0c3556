//! The time, behind a trait so that tests can move it (session lifetimes, grant expiry).

use chrono::{DateTime, Duration, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    /// How far this clock is ahead of the system time, which libraries that read the time
    /// themselves (tower-sessions, for a session's expiry) go by. Zero but in tests.
    fn ahead_of_system(&self) -> Duration {
        Duration::zero()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The system time moved by an offset that tests advance.
#[derive(Debug, Default)]
pub struct OffsetClock {
    offset: Mutex<Duration>,
}

impl OffsetClock {
    pub fn advance(&self, by: Duration) {
        let mut offset = self
            .offset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *offset += by;
    }

    /// The moved time (also without `Clock` in scope).
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset()
    }

    fn offset(&self) -> Duration {
        *self
            .offset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        OffsetClock::now(self)
    }

    fn ahead_of_system(&self) -> Duration {
        self.offset()
    }
}
