//! What the audit log records: every action by one code, and every object it is about written
//! one way, so that the entries about the same incident, task, user, tenant or grant are always
//! found by the same text.

use crate::IncidentKey;
use std::fmt;

/// A recorded action, stored as its code (`incident.opened`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    IncidentOpened,
    IncidentTriaged,
    IncidentRetriaged,
    IncidentOwnerOverridden,
    IncidentOverrideRemoved,
    IncidentStatusChanged,
    IncidentSeverityChanged,
    IncidentReadUnderGrant,
    TimelineNoteAdded,
    TimelineAlertAdded,
    TaskAdded,
    TaskUpdated,
    GrantRequested,
    GrantBreakGlass,
    GrantApproved,
    GrantDenied,
    GrantRevoked,
    TenantCreated,
    TenantMfaPolicySet,
    SlaTargetsChanged,
    TokenCreated,
    TokenRevoked,
    UserCreated,
    UserUpdated,
    UserPasswordChanged,
    UserSecondFactorEnrolled,
    UserSignedIn,
    UserSignedOut,
}

impl AuditAction {
    pub const ALL: [AuditAction; 28] = [
        Self::IncidentOpened,
        Self::IncidentTriaged,
        Self::IncidentRetriaged,
        Self::IncidentOwnerOverridden,
        Self::IncidentOverrideRemoved,
        Self::IncidentStatusChanged,
        Self::IncidentSeverityChanged,
        Self::IncidentReadUnderGrant,
        Self::TimelineNoteAdded,
        Self::TimelineAlertAdded,
        Self::TaskAdded,
        Self::TaskUpdated,
        Self::GrantRequested,
        Self::GrantBreakGlass,
        Self::GrantApproved,
        Self::GrantDenied,
        Self::GrantRevoked,
        Self::TenantCreated,
        Self::TenantMfaPolicySet,
        Self::SlaTargetsChanged,
        Self::TokenCreated,
        Self::TokenRevoked,
        Self::UserCreated,
        Self::UserUpdated,
        Self::UserPasswordChanged,
        Self::UserSecondFactorEnrolled,
        Self::UserSignedIn,
        Self::UserSignedOut,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::IncidentOpened => "incident.opened",
            Self::IncidentTriaged => "incident.triaged",
            Self::IncidentRetriaged => "incident.retriaged",
            Self::IncidentOwnerOverridden => "incident.owner_overridden",
            Self::IncidentOverrideRemoved => "incident.override_removed",
            Self::IncidentStatusChanged => "incident.status_changed",
            Self::IncidentSeverityChanged => "incident.severity_changed",
            Self::IncidentReadUnderGrant => "incident.read_under_grant",
            Self::TimelineNoteAdded => "timeline.note_added",
            Self::TimelineAlertAdded => "timeline.alert_added",
            Self::TaskAdded => "task.added",
            Self::TaskUpdated => "task.updated",
            Self::GrantRequested => "grant.requested",
            Self::GrantBreakGlass => "grant.break_glass",
            Self::GrantApproved => "grant.approved",
            Self::GrantDenied => "grant.denied",
            Self::GrantRevoked => "grant.revoked",
            Self::TenantCreated => "tenant.created",
            Self::TenantMfaPolicySet => "tenant.mfa_policy_set",
            Self::SlaTargetsChanged => "sla.targets_changed",
            Self::TokenCreated => "token.created",
            Self::TokenRevoked => "token.revoked",
            Self::UserCreated => "user.created",
            Self::UserUpdated => "user.updated",
            Self::UserPasswordChanged => "user.password_changed",
            Self::UserSecondFactorEnrolled => "user.second_factor_enrolled",
            Self::UserSignedIn => "user.signed_in",
            Self::UserSignedOut => "user.signed_out",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == raw)
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What an entry is about, written as `ACME-1`, `ACME-1/task:7`, `user:3`, `ACME` (a tenant by
/// its key) or `grant:5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditObject<'a> {
    Incident(&'a IncidentKey),
    Task {
        incident: &'a IncidentKey,
        task: i64,
    },
    User(i64),
    Tenant(&'a str),
    Grant(i64),
    Token(i64),
}

impl fmt::Display for AuditObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Incident(key) => write!(f, "{key}"),
            Self::Task { incident, task } => write!(f, "{incident}/task:{task}"),
            Self::User(id) => write!(f, "user:{id}"),
            Self::Tenant(key) => f.write_str(key),
            Self::Grant(id) => write!(f, "grant:{id}"),
            Self::Token(id) => write!(f, "token:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_code_that_parses_back() {
        let mut codes: Vec<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.code()), Some(action));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::parse("incident.deleted"), None);
    }

    #[test]
    fn objects_are_written_one_way() {
        let key = IncidentKey::parse("ACME-12").unwrap();
        assert_eq!(AuditObject::Incident(&key).to_string(), "ACME-12");
        let task = AuditObject::Task {
            incident: &key,
            task: 7,
        };
        assert_eq!(task.to_string(), "ACME-12/task:7");
        assert_eq!(AuditObject::User(3).to_string(), "user:3");
        assert_eq!(AuditObject::Tenant("ACME").to_string(), "ACME");
        assert_eq!(AuditObject::Grant(5).to_string(), "grant:5");
    }
}
