//! Access grants: a platform staff member asks a tenant for time-boxed access to its
//! tenant-owned incidents, with a reason; the tenant's admin approves or denies; the grant ends
//! by itself when its time is up, or earlier when revoked. Break-glass skips the approval.

use crate::{FieldError, OverrideReason};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The longest a grant may last: one working shift.
pub const MAX_GRANT_MINUTES: i64 = 8 * 60;
/// The shortest a grant may last.
pub const MIN_GRANT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantStatus {
    Requested,
    Approved,
    Denied,
    Revoked,
}

impl GrantStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Requested, Self::Approved, Self::Denied, Self::Revoked]
            .into_iter()
            .find(|s| s.code() == raw)
    }
}

/// A checked request: the reason and how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRequest {
    pub reason: OverrideReason,
    pub minutes: i64,
}

impl GrantRequest {
    pub fn parse(reason: &str, minutes: &str) -> Result<Self, Vec<FieldError>> {
        let reason = OverrideReason::parse(reason).map_err(|m| FieldError::new("reason", m));
        let minutes = match minutes.trim().parse::<i64>() {
            Ok(m) if (MIN_GRANT_MINUTES..=MAX_GRANT_MINUTES).contains(&m) => Ok(m),
            _ => Err(FieldError::new(
                "minutes",
                format!(
                    "Choose a duration from {MIN_GRANT_MINUTES} minutes to {} hours.",
                    MAX_GRANT_MINUTES / 60
                ),
            )),
        };
        match (reason, minutes) {
            (Ok(reason), Ok(minutes)) => Ok(Self { reason, minutes }),
            (reason, minutes) => Err([reason.err(), minutes.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// What someone wants to do with a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantDecision {
    Approve,
    Deny,
    Revoke,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("This request has already been decided.")]
    AlreadyDecided,
    #[error("Only an approved grant that has not ended can be revoked.")]
    NotActive,
}

/// A grant's state and times, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantState {
    pub status: GrantStatus,
    pub minutes: i64,
    pub expires_at: Option<DateTime<Utc>>,
}

impl GrantState {
    /// Whether the grant gives access at `now`: approved and not yet ended.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.status == GrantStatus::Approved && self.expires_at.is_some_and(|end| now < end)
    }

    /// How the grant is described at `now`: its status, or "expired" once an approved grant
    /// has run out.
    pub fn label(&self, now: DateTime<Utc>) -> &'static str {
        if self.status == GrantStatus::Approved && !self.is_active(now) {
            "expired"
        } else {
            self.status.code()
        }
    }

    /// The state after `decision` at `now`, or why it cannot be made.
    pub fn decide(self, decision: GrantDecision, now: DateTime<Utc>) -> Result<Self, GrantError> {
        match decision {
            GrantDecision::Approve | GrantDecision::Deny
                if self.status != GrantStatus::Requested =>
            {
                Err(GrantError::AlreadyDecided)
            }
            GrantDecision::Approve => Ok(Self::started(self.minutes, now)),
            GrantDecision::Deny => Ok(Self {
                status: GrantStatus::Denied,
                ..self
            }),
            GrantDecision::Revoke if !self.is_active(now) => Err(GrantError::NotActive),
            GrantDecision::Revoke => Ok(Self {
                status: GrantStatus::Revoked,
                expires_at: Some(now),
                ..self
            }),
        }
    }

    /// An approved grant that starts at `now`: an approval, or break-glass.
    pub fn started(minutes: i64, now: DateTime<Utc>) -> Self {
        Self {
            status: GrantStatus::Approved,
            minutes,
            expires_at: Some(now + Duration::minutes(minutes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute)
    }

    fn requested() -> GrantState {
        GrantState {
            status: GrantStatus::Requested,
            minutes: 60,
            expires_at: None,
        }
    }

    #[test]
    fn a_request_needs_a_reason_and_a_duration_of_at_most_eight_hours() {
        assert!(GrantRequest::parse("Investigating ACME-3 with the tenant", "480").is_ok());
        let errors = GrantRequest::parse("short", "481").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["reason", "minutes"]);
        for minutes in ["0", "-5", "14", "abc", "", "99999999999999999999"] {
            assert!(
                GrantRequest::parse("A good enough reason", minutes).is_err(),
                "{minutes}"
            );
        }
    }

    #[test]
    fn an_approved_grant_is_active_until_its_end_and_not_a_moment_longer() {
        let grant = requested().decide(GrantDecision::Approve, at(0)).unwrap();
        assert!(grant.is_active(at(0)));
        assert!(grant.is_active(at(59)));
        assert!(!grant.is_active(at(60)));
        assert_eq!(grant.label(at(60)), "expired");
        assert_eq!(grant.label(at(1)), "approved");
    }

    #[test]
    fn requests_are_decided_once_and_only_active_grants_are_revoked() {
        assert!(!requested().is_active(at(0)));
        let denied = requested().decide(GrantDecision::Deny, at(0)).unwrap();
        assert!(!denied.is_active(at(1)));
        assert_eq!(
            denied.decide(GrantDecision::Approve, at(1)),
            Err(GrantError::AlreadyDecided)
        );
        assert_eq!(
            requested().decide(GrantDecision::Revoke, at(0)),
            Err(GrantError::NotActive)
        );
        let approved = requested().decide(GrantDecision::Approve, at(0)).unwrap();
        assert_eq!(
            approved.decide(GrantDecision::Approve, at(1)),
            Err(GrantError::AlreadyDecided)
        );
        let revoked = approved.decide(GrantDecision::Revoke, at(10)).unwrap();
        assert!(!revoked.is_active(at(10)));
        assert_eq!(revoked.label(at(11)), "revoked");
        assert_eq!(
            approved.decide(GrantDecision::Revoke, at(61)),
            Err(GrantError::NotActive)
        );
    }
}
