//! Written timeline notes: Markdown text, who may read it, and when what it records happened.

use crate::FieldError;
use crate::access::Role;
use crate::access::visibility::{PLATFORM_INTERNAL, SHARED, TENANT_INTERNAL};
use crate::responsibility::Side;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Who reads a timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryVisibility {
    Shared,
    PlatformInternal,
    TenantInternal,
}

impl EntryVisibility {
    pub const ALL: [EntryVisibility; 3] =
        [Self::Shared, Self::PlatformInternal, Self::TenantInternal];

    pub fn code(self) -> &'static str {
        match self {
            Self::Shared => SHARED,
            Self::PlatformInternal => PLATFORM_INTERNAL,
            Self::TenantInternal => TENANT_INTERNAL,
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Shared => "Shared with both sides",
            Self::PlatformInternal => "Platform only",
            Self::TenantInternal => "Tenant only",
        }
    }

    /// The side's own internal visibility.
    pub fn internal_to(side: Side) -> Self {
        match side {
            Side::Platform => Self::PlatformInternal,
            Side::Tenant => Self::TenantInternal,
        }
    }

    /// Whether people of `side` read entries with this visibility.
    pub fn readable_by(self, side: Side) -> bool {
        self == Self::Shared || self == Self::internal_to(side)
    }

    /// The visibilities someone of `side` may write with: shared, or their own side's.
    pub fn writable_by(side: Side) -> [Self; 2] {
        [Self::Shared, Self::internal_to(side)]
    }
}

pub const BODY_MAX_CHARS: usize = 20_000;
/// How far ahead of the server's clock a stated time may be (clocks of laptops drift).
const FUTURE_SLACK: TimeDelta = TimeDelta::minutes(5);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawNote {
    pub body: String,
    pub visibility: String,
    /// `YYYY-MM-DDTHH:MM` in UTC, or empty for "now".
    pub occurred_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub body: String,
    pub visibility: EntryVisibility,
    pub occurred_at: DateTime<Utc>,
}

impl RawNote {
    /// Checks the note of someone with `role` at `now`.
    pub fn parse(&self, role: Role, now: DateTime<Utc>) -> Result<Note, Vec<FieldError>> {
        let mut errors = Vec::new();
        let body = self.body.replace("\r\n", "\n").replace('\r', "\n");
        let body = body.trim();
        let chars = body.chars().count();
        if body.is_empty() {
            errors.push(FieldError::new("body", "Write the note first."));
        } else if chars > BODY_MAX_CHARS {
            errors.push(FieldError::new(
                "body",
                format!("Keep the note to {BODY_MAX_CHARS} characters or fewer (it has {chars})."),
            ));
        } else if body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            errors.push(FieldError::new(
                "body",
                "The note cannot contain control characters.",
            ));
        }
        let side = role.side();
        let visibility = match EntryVisibility::parse(self.visibility.trim()) {
            Some(v) if EntryVisibility::writable_by(side).contains(&v) => Some(v),
            Some(_) => {
                errors.push(FieldError::new(
                    "visibility",
                    format!(
                        "Your side writes shared or {} notes only.",
                        EntryVisibility::internal_to(side).code()
                    ),
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "visibility",
                    "Choose who can read the note.",
                ));
                None
            }
        };
        let occurred_at = match self.occurred_at.trim() {
            "" => Some(now),
            raw => match crate::form_time::parse_date_time(raw) {
                Some(t) if t.and_utc() > now + FUTURE_SLACK => {
                    errors.push(FieldError::new(
                        "occurred_at",
                        "When it happened cannot be in the future.",
                    ));
                    None
                }
                Some(t) => Some(t.and_utc()),
                None => {
                    errors.push(FieldError::new(
                        "occurred_at",
                        "Give the time as YYYY-MM-DDTHH:MM (UTC), or leave it empty for now.",
                    ));
                    None
                }
            },
        };
        if !role.can_respond() {
            errors.push(FieldError::new(
                "body",
                "Viewers read the timeline but do not write to it.",
            ));
        }
        match (errors.is_empty(), visibility, occurred_at) {
            (true, Some(visibility), Some(occurred_at)) => Ok(Note {
                body: body.to_owned(),
                visibility,
                occurred_at,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    fn note(body: &str, visibility: &str, occurred_at: &str) -> RawNote {
        RawNote {
            body: body.to_owned(),
            visibility: visibility.to_owned(),
            occurred_at: occurred_at.to_owned(),
        }
    }

    #[test]
    fn each_side_reads_shared_and_its_own_internal_entries() {
        use EntryVisibility::*;
        assert!(Shared.readable_by(Side::Platform) && Shared.readable_by(Side::Tenant));
        assert!(PlatformInternal.readable_by(Side::Platform));
        assert!(!PlatformInternal.readable_by(Side::Tenant));
        assert!(TenantInternal.readable_by(Side::Tenant));
        assert!(!TenantInternal.readable_by(Side::Platform));
        for v in EntryVisibility::ALL {
            assert_eq!(EntryVisibility::parse(v.code()), Some(v));
            for side in [Side::Platform, Side::Tenant] {
                assert_eq!(
                    EntryVisibility::writable_by(side).contains(&v),
                    v.readable_by(side)
                );
                assert_eq!(
                    v.readable_by(side),
                    crate::access::can_see_entry(side, v.code())
                );
            }
        }
    }

    #[test]
    fn a_side_cannot_write_the_other_sides_internal_notes() {
        let errors = note("hi", "tenant-internal", "")
            .parse(Role::PlatformResponder, now())
            .unwrap_err();
        assert_eq!(errors[0].field, "visibility");
        assert!(
            note("hi", "platform-internal", "")
                .parse(Role::TenantAdmin, now())
                .is_err()
        );
        assert!(
            note("hi", "everyone", "")
                .parse(Role::TenantAdmin, now())
                .is_err()
        );
        let ok = note(" **Found it** ", "tenant-internal", "")
            .parse(Role::TenantAdmin, now())
            .unwrap();
        assert_eq!(ok.body, "**Found it**");
        assert_eq!(ok.occurred_at, now());
    }

    #[test]
    fn viewers_do_not_write_notes() {
        assert!(
            note("hi", "shared", "")
                .parse(Role::TenantViewer, now())
                .is_err()
        );
    }

    #[test]
    fn a_stated_time_is_kept_but_not_from_the_future() {
        let past = note("Alert fired", "shared", "2026-12-01T09:15")
            .parse(Role::PlatformAdmin, now())
            .unwrap();
        assert_eq!(
            past.occurred_at,
            Utc.with_ymd_and_hms(2026, 12, 1, 9, 15, 0).unwrap()
        );
        for bad in ["2026-12-01T13:00", "yesterday", "2026-13-01T10:00"] {
            let errors = note("x", "shared", bad)
                .parse(Role::PlatformAdmin, now())
                .unwrap_err();
            assert_eq!(errors[0].field, "occurred_at", "{bad}");
        }
        assert!(
            note("x", "shared", "2026-12-01T12:04")
                .parse(Role::PlatformAdmin, now())
                .is_ok()
        );
    }

    #[test]
    fn empty_oversized_and_control_character_notes_are_refused() {
        for body in [
            "   ".to_owned(),
            "x".repeat(BODY_MAX_CHARS + 1),
            "a\u{0}b".to_owned(),
        ] {
            let errors = note(&body, "shared", "")
                .parse(Role::PlatformAdmin, now())
                .unwrap_err();
            assert_eq!(errors[0].field, "body");
        }
        assert!(
            note(&"x".repeat(BODY_MAX_CHARS), "shared", "")
                .parse(Role::PlatformAdmin, now())
                .is_ok()
        );
    }
}
