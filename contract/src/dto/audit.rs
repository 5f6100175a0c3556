//! The audit log as an admin reviews it: its entries, and for a read under a grant the reads
//! the entry stands for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One audit log entry as reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub source: String,
    /// For a read under a grant: the reads the entry stands for. Later reads in the same visit
    /// are counted here instead of writing entries of their own.
    #[serde(default)]
    pub reads: Option<VisitReads>,
}

/// How many reads one read-under-grant entry stands for, its own included, and the last one's
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitReads {
    pub count: i64,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub last_at: DateTime<Utc>,
}

impl AuditRow {
    /// "read 7 times, last 10:42 UTC" when the entry stands for more than its own read; the
    /// date is given too when the last read fell on another day than the entry.
    pub fn reads_summary(&self) -> Option<String> {
        let reads = self.reads.filter(|r| r.count > 1)?;
        let same_day = DateTime::parse_from_rfc3339(&self.occurred_at).is_ok_and(|first| {
            first.with_timezone(&Utc).date_naive() == reads.last_at.date_naive()
        });
        let last = if same_day {
            reads.last_at.format("%H:%M UTC")
        } else {
            reads.last_at.format("%Y-%m-%d %H:%M UTC")
        };
        Some(format!("read {} times, last {last}", reads.count))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub tenant_name: String,
    pub rows: Vec<AuditRow>,
    pub next_cursor: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_entry(occurred_at: &str, reads: Option<(i64, &str)>) -> AuditRow {
        AuditRow {
            id: 1,
            occurred_at: occurred_at.to_owned(),
            actor: "responder@platform.example".to_owned(),
            action: "incident.read_under_grant".to_owned(),
            object: "ACME-1".to_owned(),
            detail: "{}".to_owned(),
            source: "127.0.0.1".to_owned(),
            reads: reads.map(|(count, last)| VisitReads {
                count,
                last_at: DateTime::parse_from_rfc3339(last)
                    .expect("a time")
                    .with_timezone(&Utc),
            }),
        }
    }

    #[test]
    fn repeated_reads_are_summed_up_with_the_last_time() {
        let row = read_entry(
            "2026-12-08T10:30:00+00:00",
            Some((7, "2026-12-08T10:42:10+00:00")),
        );
        assert_eq!(
            row.reads_summary().as_deref(),
            Some("read 7 times, last 10:42 UTC")
        );
    }

    #[test]
    fn a_visit_past_midnight_names_the_day_of_its_last_read() {
        let row = read_entry(
            "2026-12-08T23:58:00+00:00",
            Some((3, "2026-12-09T00:02:00+00:00")),
        );
        assert_eq!(
            row.reads_summary().as_deref(),
            Some("read 3 times, last 2026-12-09 00:02 UTC")
        );
    }

    #[test]
    fn a_single_read_or_another_entry_has_no_summary() {
        let once = read_entry(
            "2026-12-08T10:30:00+00:00",
            Some((1, "2026-12-08T10:30:00+00:00")),
        );
        assert_eq!(once.reads_summary(), None);
        assert_eq!(
            read_entry("2026-12-08T10:30:00+00:00", None).reads_summary(),
            None
        );
    }
}
