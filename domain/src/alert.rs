//! Alerts from monitoring, read the way Tandem acts on them: each alert has a dedup key, says
//! whether its problem is firing, acknowledged or resolved, and carries what an incident opened
//! from it is made of. The two formats Tandem takes (Prometheus Alertmanager's webhook and
//! PagerDuty's Events API v2) are read in `alertmanager` and `pagerduty`, from JSON values, so
//! that every wrong field is named by its path (`alerts[3].labels.tandem_area`); what labels
//! mean (severity, facts, title, description) is in `mapping`, the per-token rate in `rate`.

pub mod alertmanager;
pub mod mapping;
pub mod pagerduty;
pub mod rate;
mod reader;

use crate::responsibility::Facts;
use crate::{IncidentDescription, IncidentTitle, Severity};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::fmt;

/// What an alert says about its problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertStatus {
    Firing,
    /// Someone took it up at the source (PagerDuty's `acknowledge`).
    Acknowledged,
    Resolved,
}

impl AlertStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Firing => "firing",
            Self::Acknowledged => "acknowledged",
            Self::Resolved => "resolved",
        }
    }
}

/// What identifies one alert at its source, so that its repeats and its resolution reach the
/// incident it opened: Alertmanager's fingerprint, PagerDuty's `dedup_key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey(String);

impl DedupKey {
    /// PagerDuty's limit, which Alertmanager's 16 hex digits are far below.
    pub const MAX_CHARS: usize = 255;

    /// The key exactly as sent (keys are compared byte for byte): 1 to 255 characters, no
    /// control characters.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let chars = raw.chars().count();
        if raw.trim().is_empty() {
            Err("Give a non-empty key.".to_owned())
        } else if chars > Self::MAX_CHARS {
            Err(format!(
                "Keep the key to {} characters or fewer (it has {chars}).",
                Self::MAX_CHARS
            ))
        } else if raw.chars().any(char::is_control) {
            Err("The key cannot contain control characters.".to_owned())
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    /// A key derived from what names the problem, for a source that sent none: the same
    /// problem reported again finds its incident instead of opening one per event.
    pub fn derived(parts: &[&str]) -> Self {
        let mut hash = Sha256::new();
        for part in parts {
            hash.update(part.as_bytes());
            hash.update([0u8]);
        }
        let digest = hash.finalize();
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One alert, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub key: DedupKey,
    pub status: AlertStatus,
    /// A one-line name for the alert in timeline entries, when it carries one.
    pub name: Option<String>,
    /// When the source says the problem started (firing) or ended (resolved).
    pub occurred_at: Option<DateTime<Utc>>,
    /// What an incident opened by this alert is made of; `None` when the alert carries too
    /// little to open one (a PagerDuty acknowledge or resolve).
    pub opening: Option<AlertOpening>,
}

/// An incident as an alert describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertOpening {
    pub title: IncidentTitle,
    pub description: IncidentDescription,
    pub severity: Severity,
    /// The facts its labels name; what they leave open is suggested from the text.
    pub facts: Facts,
}

impl Alert {
    /// Whether the alert opens an incident when none is open with its key: only a firing
    /// one; acknowledging or resolving an unknown alert changes nothing.
    pub fn opens(&self) -> bool {
        self.status == AlertStatus::Firing && self.opening.is_some()
    }

    /// The timeline entry (Markdown) it adds to an incident it did not open.
    pub fn entry_text(&self) -> String {
        let headline = match self.status {
            AlertStatus::Firing => "Alert firing",
            AlertStatus::Acknowledged => "Alert acknowledged at its source",
            AlertStatus::Resolved => "Alert resolved",
        };
        let mut text = format!("**{headline}**");
        if let Some(name) = &self.name {
            text.push_str(&format!(": {name}"));
        }
        // Backticks would end the code span early; the key is shown, never parsed back.
        text.push_str(&format!(" (key `{}`)", self.key.as_str().replace('`', "'")));
        match (self.status, self.occurred_at) {
            (AlertStatus::Firing, Some(at)) => text.push_str(&format!(", since {}", stamp(at))),
            (AlertStatus::Resolved, Some(at)) => text.push_str(&format!(", at {}", stamp(at))),
            _ => {}
        }
        text.push('.');
        if self.status == AlertStatus::Resolved {
            // A monitor going quiet is evidence, not a decision: people resolve incidents.
            text.push_str(" The incident stays as it is until someone moves it.");
        }
        text
    }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_exactly_and_bad_ones_refused() {
        assert_eq!(DedupKey::parse(" a1 ").map(|k| k.0), Ok(" a1 ".to_owned()));
        let long = "k".repeat(DedupKey::MAX_CHARS + 1);
        for bad in ["", "   ", "a\nb", long.as_str()] {
            assert!(DedupKey::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(DedupKey::parse(&"é".repeat(DedupKey::MAX_CHARS)).is_ok());
    }

    #[test]
    fn a_derived_key_is_stable_and_tells_its_parts_apart() {
        let one = DedupKey::derived(&["db-1", "Disk full"]);
        assert_eq!(one, DedupKey::derived(&["db-1", "Disk full"]));
        assert_eq!(one.as_str().len(), 64);
        assert_ne!(one, DedupKey::derived(&["db-1Disk", " full"]));
    }

    #[test]
    fn a_resolved_alert_says_so_and_that_the_incident_stays_open() {
        let alert = Alert {
            key: DedupKey("ab`c".to_owned()),
            status: AlertStatus::Resolved,
            name: Some("Disk full".to_owned()),
            occurred_at: None,
            opening: None,
        };
        let text = alert.entry_text();
        assert!(text.starts_with("**Alert resolved**: Disk full (key `ab'c`)."));
        assert!(text.contains("stays as it is"));
        assert!(!alert.opens());
    }
}
