//! The human key of an incident: its tenant's key and a per-tenant number, e.g. `ACME-42`.

use crate::TenantKey;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IncidentKey {
    pub tenant: TenantKey,
    pub number: i64,
}

impl IncidentKey {
    /// Parses `ACME-42` (any letter case). Numbers start at 1 and carry no leading zero, so each
    /// incident has exactly one spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        let (prefix, digits) = raw.trim().rsplit_once('-')?;
        let tenant = TenantKey::parse(prefix).ok()?;
        let well_formed = !digits.is_empty()
            && digits.len() <= 12
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !well_formed {
            return None;
        }
        let number = digits.parse().ok()?;
        Some(Self { tenant, number })
    }
}

impl fmt::Display for IncidentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.tenant, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_parses_into_tenant_and_number_and_prints_back() {
        let key = IncidentKey::parse("acme-42");
        assert_eq!(key.as_ref().map(|k| k.number), Some(42));
        assert_eq!(key.map(|k| k.to_string()), Some("ACME-42".to_owned()));
    }

    #[test]
    fn malformed_keys_are_refused() {
        for raw in [
            "",
            "ACME",
            "ACME-",
            "-1",
            "ACME-0",
            "ACME-01",
            "ACME-1x",
            "ACME--1",
            "A-1",
            "ACME-9999999999999",
            "ACME-4 2",
            "../ACME-1",
        ] {
            assert_eq!(IncidentKey::parse(raw), None, "{raw:?} was accepted");
        }
    }
}
