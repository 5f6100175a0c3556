//! Incident severity, SEV1 (most urgent) to SEV4.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Sev1, Self::Sev2, Self::Sev3, Self::Sev4];

    /// The stored and displayed code, e.g. `SEV1`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Sev1 => "SEV1",
            Self::Sev2 => "SEV2",
            Self::Sev3 => "SEV3",
            Self::Sev4 => "SEV4",
        }
    }

    /// A few words saying what the level means, for pickers and badges.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Sev1 => "critical",
            Self::Sev2 => "high",
            Self::Sev3 => "moderate",
            Self::Sev4 => "low",
        }
    }

    /// Accepts the code in any letter case, with surrounding whitespace.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let wanted = raw.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| "Choose a severity from SEV1 to SEV4.".to_owned())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_parse() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.code()), Ok(s));
            assert_eq!(
                Severity::parse(&format!(" {} ", s.code().to_lowercase())),
                Ok(s)
            );
        }
    }

    #[test]
    fn unknown_severities_are_refused() {
        for raw in ["", "SEV0", "SEV5", "sev 1", "critical", "SEV1\0"] {
            assert!(Severity::parse(raw).is_err(), "{raw:?} was accepted");
        }
    }
}
