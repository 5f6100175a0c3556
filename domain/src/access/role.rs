//! The five roles and the side each belongs to.

pub use crate::responsibility::Side;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    PlatformAdmin,
    PlatformResponder,
    TenantAdmin,
    TenantResponder,
    TenantViewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::PlatformAdmin,
        Self::PlatformResponder,
        Self::TenantAdmin,
        Self::TenantResponder,
        Self::TenantViewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::PlatformAdmin => "platform_admin",
            Self::PlatformResponder => "platform_responder",
            Self::TenantAdmin => "tenant_admin",
            Self::TenantResponder => "tenant_responder",
            Self::TenantViewer => "tenant_viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == raw)
    }

    /// A role chosen in a form for someone of `side`: it must exist and belong to that side, so
    /// that no form makes a tenant's person platform staff or the reverse.
    pub fn parse_for(raw: &str, side: Side) -> Result<Self, crate::FieldError> {
        Self::parse(raw)
            .filter(|role| role.side() == side)
            .ok_or_else(|| crate::FieldError::new("role", "Choose one of the roles listed."))
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PlatformAdmin => "Platform admin",
            Self::PlatformResponder => "Platform responder",
            Self::TenantAdmin => "Tenant admin",
            Self::TenantResponder => "Tenant responder",
            Self::TenantViewer => "Tenant viewer",
        }
    }

    pub fn side(self) -> Side {
        match self {
            Self::PlatformAdmin | Self::PlatformResponder => Side::Platform,
            Self::TenantAdmin | Self::TenantResponder | Self::TenantViewer => Side::Tenant,
        }
    }

    /// The roles a user of `side` can be given.
    pub fn of_side(side: Side) -> impl Iterator<Item = Role> {
        Self::ALL.into_iter().filter(move |r| r.side() == side)
    }

    pub fn is_admin(self) -> bool {
        matches!(self, Self::PlatformAdmin | Self::TenantAdmin)
    }

    /// Whether the role changes incidents (opens them, edits facts, writes notes) rather than
    /// only reading them.
    pub fn can_respond(self) -> bool {
        !matches!(self, Self::TenantViewer)
    }

    /// Whether the role must sign in with a second factor whatever its tenant's policy says.
    pub fn always_needs_mfa(self) -> bool {
        self.side() == Side::Platform
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_and_belongs_to_one_side() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::of_side(Side::Platform).count(), 2);
        assert_eq!(Role::of_side(Side::Tenant).count(), 3);
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Platform_Admin"), None);
    }

    #[test]
    fn platform_staff_always_need_a_second_factor_and_viewers_only_read() {
        assert!(Role::PlatformResponder.always_needs_mfa());
        assert!(!Role::TenantAdmin.always_needs_mfa());
        assert!(!Role::TenantViewer.can_respond());
        assert!(Role::TenantResponder.can_respond());
    }

    #[test]
    fn a_chosen_role_must_belong_to_the_side_it_is_chosen_for() {
        assert_eq!(
            Role::parse_for("tenant_admin", Side::Tenant),
            Ok(Role::TenantAdmin)
        );
        for (raw, side) in [
            ("platform_admin", Side::Tenant),
            ("tenant_responder", Side::Platform),
            ("owner", Side::Tenant),
        ] {
            let refused = Role::parse_for(raw, side).expect_err(raw);
            assert_eq!(refused.field, "role");
        }
    }
}
