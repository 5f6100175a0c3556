//! Reads under an access grant are told to the tenant, but an open incident page reads its
//! incident again on every visit, refresh and live change: one audit entry per read would bury
//! the tenant's review. So reads of the same incident, by the same person, under the same grant,
//! with no pause longer than a window between them, are one visit: one entry that counts them.

use chrono::{DateTime, Duration, Utc};

/// The longest pause between two reads that still makes them one visit. Short enough that the
/// entry's first and last times say when someone was reading; long enough to cover a person
/// working on an open page.
pub const READ_REPEAT_WINDOW: Duration = Duration::minutes(5);

/// Whether a read at `now` continues the visit whose last read was at `last_read_at`. A read
/// stamped a little earlier than the last one (requests that raced, each with its own clock
/// reading) continues it too.
pub fn continues_visit(last_read_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_read_at <= READ_REPEAT_WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(seconds)
    }

    #[test]
    fn a_read_within_the_window_continues_the_visit() {
        assert!(continues_visit(at(0), at(1)));
        assert!(continues_visit(at(0), at(5 * 60)));
    }

    #[test]
    fn a_read_after_a_longer_pause_starts_a_new_visit() {
        assert!(!continues_visit(at(0), at(5 * 60 + 1)));
        assert!(!continues_visit(at(0), at(3600)));
    }

    #[test]
    fn a_read_stamped_before_the_last_one_continues_the_visit() {
        assert!(continues_visit(at(10), at(9)));
    }
}
