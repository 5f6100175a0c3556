//! API tokens: the scopes a token can hold and what a request for one must say. A token acts
//! with a role its creator chooses among the roles they hold or lesser ones of their side, only
//! within the scopes it names, and for at most a year. Its secret starts with `tdm_`, so that
//! secret scanners can recognise a leaked one; only its SHA-256 is ever stored.

use super::role::{Role, Side};
use crate::FieldError;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// What every token secret starts with.
pub const SECRET_PREFIX: &str = "tdm_";
/// A token's lifetime when its creator names none.
pub const DEFAULT_LIFETIME_DAYS: i64 = 90;
/// The longest name a token may have.
pub const NAME_MAX_CHARS: usize = 80;

/// What a token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApiScope {
    IncidentsRead,
    IncidentsWrite,
    TasksWrite,
    TimelineWrite,
    AlertsWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 5] = [
        Self::IncidentsRead,
        Self::IncidentsWrite,
        Self::TasksWrite,
        Self::TimelineWrite,
        Self::AlertsWrite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::IncidentsRead => "incidents:read",
            Self::IncidentsWrite => "incidents:write",
            Self::TasksWrite => "tasks:write",
            Self::TimelineWrite => "timeline:write",
            Self::AlertsWrite => "alerts:write",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }

    /// What the scope lets a token do, for the page that creates one.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::IncidentsRead => "read incidents, their tasks and timelines",
            Self::IncidentsWrite => "open incidents and change their facts, severity and status",
            Self::TasksWrite => "add and change remediation tasks",
            Self::TimelineWrite => "write timeline notes",
            Self::AlertsWrite => "send alerts that open or update incidents",
        }
    }
}

impl fmt::Display for ApiScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Reads a comma-separated list of scope codes, as stored and as the command line takes it.
pub fn parse_scopes(raw: &str) -> Result<BTreeSet<ApiScope>, FieldError> {
    let mut scopes = BTreeSet::new();
    for code in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let scope = ApiScope::parse(code).ok_or_else(|| {
            FieldError::new(
                "scopes",
                format!("{code:?} is not a scope; use {}.", all_codes()),
            )
        })?;
        scopes.insert(scope);
    }
    if scopes.is_empty() {
        return Err(FieldError::new("scopes", "Choose at least one scope."));
    }
    Ok(scopes)
}

/// The scopes as one comma-separated list, in their fixed order.
pub fn scopes_text(scopes: &BTreeSet<ApiScope>) -> String {
    scopes
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(",")
}

fn all_codes() -> String {
    ApiScope::ALL.map(ApiScope::code).join(", ")
}

/// Whether someone acting as `holder` may give a token the role `chosen`: a role of their own
/// side that is theirs or lesser.
pub fn may_grant_role(holder: Role, chosen: Role) -> bool {
    holder.side() == chosen.side() && rank(chosen) <= rank(holder)
}

fn rank(role: Role) -> u8 {
    match role {
        Role::PlatformAdmin | Role::TenantAdmin => 3,
        Role::PlatformResponder | Role::TenantResponder => 2,
        Role::TenantViewer => 1,
    }
}

/// A request for a token, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawTokenRequest {
    pub name: String,
    pub role: String,
    /// Comma-separated scope codes.
    pub scopes: String,
    /// A lifetime such as `30d` or `12h`; empty for the default of 90 days.
    pub expires: String,
}

/// A valid request for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub name: String,
    pub role: Role,
    pub scopes: BTreeSet<ApiScope>,
    pub lifetime: TimeDelta,
}

impl RawTokenRequest {
    /// Checks every field for a token of `side` created by someone acting as `creator` (`None`
    /// for the command line, which may give any role of the side); all problems at once.
    pub fn parse(
        &self,
        side: Side,
        creator: Option<Role>,
    ) -> Result<TokenRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "Give the token a name that says what uses it.",
            ));
        } else if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "name",
                format!("Use at most {NAME_MAX_CHARS} characters, on one line."),
            ));
        }
        let role = Role::parse_for(self.role.trim(), side)
            .ok()
            .filter(|role| creator.is_none_or(|holder| may_grant_role(holder, *role)));
        if role.is_none() {
            errors.push(FieldError::new(
                "role",
                "Choose a role of this side that is yours or lesser.",
            ));
        }
        let scopes = parse_scopes(&self.scopes).map_err(|e| errors.push(e)).ok();
        let lifetime = match self.expires.trim() {
            "" => Some(TimeDelta::days(DEFAULT_LIFETIME_DAYS)),
            raw => crate::sla::parse_duration(raw)
                .map_err(|_| {
                    errors.push(FieldError::new(
                        "expires",
                        "Give a lifetime such as 30d or 12h, at most a year (365d).",
                    ));
                })
                .ok(),
        };
        match (role, scopes, lifetime) {
            (Some(role), Some(scopes), Some(lifetime)) if errors.is_empty() => Ok(TokenRequest {
                name: name.to_owned(),
                role,
                scopes,
                lifetime,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether `secret` has the shape of a token secret, checked before any lookup.
pub fn looks_like_secret(secret: &str) -> bool {
    secret.strip_prefix(SECRET_PREFIX).is_some_and(|rest| {
        (32..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, role: &str, scopes: &str, expires: &str) -> RawTokenRequest {
        RawTokenRequest {
            name: name.into(),
            role: role.into(),
            scopes: scopes.into(),
            expires: expires.into(),
        }
    }

    #[test]
    fn a_complete_request_gets_its_scopes_and_the_default_lifetime() {
        let request = raw(
            "Alertmanager",
            "tenant_responder",
            "alerts:write, incidents:read",
            "",
        )
        .parse(Side::Tenant, Some(Role::TenantAdmin))
        .unwrap();
        assert_eq!(request.role, Role::TenantResponder);
        assert_eq!(scopes_text(&request.scopes), "incidents:read,alerts:write");
        assert_eq!(request.lifetime, TimeDelta::days(90));
    }

    #[test]
    fn no_token_gets_more_than_its_creator_holds_or_a_role_of_the_other_side() {
        assert!(may_grant_role(Role::TenantAdmin, Role::TenantViewer));
        assert!(may_grant_role(Role::PlatformAdmin, Role::PlatformResponder));
        assert!(!may_grant_role(Role::TenantResponder, Role::TenantAdmin));
        assert!(!may_grant_role(Role::PlatformAdmin, Role::TenantAdmin));
        assert!(!may_grant_role(Role::TenantAdmin, Role::PlatformResponder));
        let refused = raw("x", "tenant_admin", "incidents:read", "")
            .parse(Side::Tenant, Some(Role::TenantResponder))
            .unwrap_err();
        assert_eq!(refused[0].field, "role");
        let cli = raw("x", "platform_admin", "incidents:read", "")
            .parse(Side::Platform, None)
            .unwrap();
        assert_eq!(cli.role, Role::PlatformAdmin);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let long = "n".repeat(NAME_MAX_CHARS + 1);
        let errors = raw(&long, "root", "incidents:read,admin:all", "2y")
            .parse(Side::Tenant, Some(Role::TenantAdmin))
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "role", "scopes", "expires"]);
        let empty = raw(" ", "tenant_viewer", " , ", "366d")
            .parse(Side::Tenant, Some(Role::TenantAdmin))
            .unwrap_err();
        let fields: Vec<&str> = empty.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "scopes", "expires"]);
    }

    #[test]
    fn lifetimes_up_to_a_year_are_taken() {
        for (text, days) in [("30d", 30), ("365d", 365), ("24h", 1)] {
            let request = raw("t", "tenant_viewer", "incidents:read", text)
                .parse(Side::Tenant, Some(Role::TenantAdmin))
                .unwrap();
            assert_eq!(request.lifetime, TimeDelta::days(days), "{text}");
        }
    }

    #[test]
    fn only_secrets_of_the_right_shape_are_looked_up() {
        assert!(looks_like_secret(&format!("tdm_{}", "a".repeat(43))));
        assert!(!looks_like_secret("tdm_short"));
        assert!(!looks_like_secret(&format!("ghp_{}", "a".repeat(43))));
        assert!(!looks_like_secret(&format!("tdm_{}!", "a".repeat(42))));
        for scope in ApiScope::ALL {
            assert_eq!(ApiScope::parse(scope.code()), Some(scope));
        }
    }
}
