//! The incident lifecycle stages, after NIST SP 800-61.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IncidentStatus {
    New,
    Triaged,
    Investigating,
    Contained,
    Eradicated,
    Recovered,
    Resolved,
    Closed,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 8] = [
        Self::New,
        Self::Triaged,
        Self::Investigating,
        Self::Contained,
        Self::Eradicated,
        Self::Recovered,
        Self::Resolved,
        Self::Closed,
    ];

    /// The stored and displayed code, e.g. `investigating`.
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Triaged => "triaged",
            Self::Investigating => "investigating",
            Self::Contained => "contained",
            Self::Eradicated => "eradicated",
            Self::Recovered => "recovered",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }

    /// Whether work on the incident is still going on.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Resolved | Self::Closed)
    }
}

impl fmt::Display for IncidentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_parse() {
        for s in IncidentStatus::ALL {
            assert_eq!(IncidentStatus::parse(s.code()), Some(s));
        }
        assert_eq!(IncidentStatus::parse("open"), None);
    }

    #[test]
    fn only_resolved_and_closed_incidents_are_not_open() {
        let open: Vec<_> = IncidentStatus::ALL
            .into_iter()
            .filter(|s| !s.is_open())
            .collect();
        assert_eq!(open, [IncidentStatus::Resolved, IncidentStatus::Closed]);
    }
}
