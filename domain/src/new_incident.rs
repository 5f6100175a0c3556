//! What it takes to open an incident, parsed from what a person submitted.

use crate::{FieldError, IncidentDescription, IncidentTitle, Severity, TenantKey};
use serde::{Deserialize, Serialize};

/// The form as submitted: every field a string, nothing trusted yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawNewIncident {
    pub title: String,
    pub description: String,
    pub severity: String,
    pub tenant: String,
}

/// A request to open an incident whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub title: IncidentTitle,
    pub description: IncidentDescription,
    pub severity: Severity,
    pub tenant: TenantKey,
}

impl NewIncident {
    /// Checks every field and reports all problems at once, each against its field.
    pub fn parse(raw: &RawNewIncident) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = check(&mut errors, "title", IncidentTitle::parse(&raw.title));
        let description = check(
            &mut errors,
            "description",
            IncidentDescription::parse(&raw.description),
        );
        let severity = check(&mut errors, "severity", Severity::parse(&raw.severity));
        let tenant = check(
            &mut errors,
            "tenant",
            TenantKey::parse(&raw.tenant).map_err(|_| "Choose who is affected.".to_owned()),
        );
        match (title, description, severity, tenant) {
            (Some(title), Some(description), Some(severity), Some(tenant)) => Ok(Self {
                title,
                description,
                severity,
                tenant,
            }),
            _ => Err(errors),
        }
    }
}

/// Keeps the value, or files its message against `field`.
fn check<T>(errors: &mut Vec<FieldError>, field: &str, result: Result<T, String>) -> Option<T> {
    result
        .map_err(|message| errors.push(FieldError::new(field, message)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(title: &str, severity: &str, tenant: &str) -> RawNewIncident {
        RawNewIncident {
            title: title.to_owned(),
            description: "Seen at 02:00 UTC.".to_owned(),
            severity: severity.to_owned(),
            tenant: tenant.to_owned(),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let parsed = NewIncident::parse(&raw("Admin without MFA", "SEV2", "ACME"));
        assert_eq!(parsed.map(|n| n.severity), Ok(Severity::Sev2));
    }

    #[test]
    fn every_bad_field_is_reported_against_its_name() {
        let errors = NewIncident::parse(&raw("", "SEV9", ""))
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "severity", "tenant"]);
    }
}
