//! What a timeline entry records.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a timeline entry: what happened to the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// The incident was opened.
    Created,
    /// Triage decided (or re-decided) the owner.
    Triage,
    /// Someone overrode triage's owner, with a reason.
    Override,
    /// The lifecycle moved.
    Status,
    /// The severity changed.
    Severity,
    /// A remediation task was added or changed.
    Task,
    /// Someone wrote a note.
    Note,
    /// Access to the tenant's data was asked for, decided or used.
    Grant,
    /// Monitoring sent an alert about the incident: firing again, acknowledged or resolved.
    Alert,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        Self::Created,
        Self::Triage,
        Self::Override,
        Self::Status,
        Self::Severity,
        Self::Task,
        Self::Note,
        Self::Grant,
        Self::Alert,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Triage => "triage",
            Self::Override => "override",
            Self::Status => "status",
            Self::Severity => "severity",
            Self::Task => "task",
            Self::Note => "note",
            Self::Grant => "grant",
            Self::Alert => "alert",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == raw)
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_nothing_else_parses() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(EntryKind::parse("Note"), None);
        assert_eq!(EntryKind::parse(""), None);
    }
}
