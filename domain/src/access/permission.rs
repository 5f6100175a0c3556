//! The table of who may do what. Seeing an incident is decided by `visibility`; this decides
//! the actions on top of it.

use super::role::{Role, Side};

/// A signed-in person as the rules need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub tenant_id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open an incident for `tenant_id`.
    OpenIncident { tenant_id: i64 },
    /// Change the facts of an incident the actor can see.
    EditFacts,
    /// Replace triage's owner with a person's judgement.
    OverrideOwnership,
    /// Create, change and disable users of `tenant_id` (the platform's row: platform staff).
    ManageUsers { tenant_id: i64 },
    /// Require a second factor for everyone in `tenant_id`.
    SetMfaPolicy { tenant_id: i64 },
    /// Create tenants.
    ManageTenants,
    /// Ask a tenant for access.
    RequestGrant,
    /// Take access at once, telling the tenant.
    BreakGlass,
    /// Approve or deny a request made to `tenant_id`.
    DecideGrant { tenant_id: i64 },
    /// End an active grant of `tenant_id` requested by `requested_by`.
    RevokeGrant { tenant_id: i64, requested_by: i64 },
    /// Read the audit log of `tenant_id`.
    ReadAuditLog { tenant_id: i64 },
    /// Create, list and revoke the API tokens of `tenant_id`.
    ManageTokens { tenant_id: i64 },
}

impl Action {
    /// Whether the action is work on incidents, the only kind an API token may do: a token
    /// never administers people, tenants, grants, tokens or the audit log.
    pub fn is_incident_work(self) -> bool {
        matches!(
            self,
            Self::OpenIncident { .. } | Self::EditFacts | Self::OverrideOwnership
        )
    }
}

/// Whether `actor` may perform `action`.
pub fn allowed(actor: &Actor, action: Action) -> bool {
    let own = |tenant_id: i64| actor.tenant_id == tenant_id;
    let side = actor.role.side();
    match action {
        Action::OpenIncident { tenant_id } => {
            actor.role.can_respond() && (side == Side::Platform || own(tenant_id))
        }
        Action::EditFacts => actor.role.can_respond(),
        Action::OverrideOwnership | Action::RequestGrant => side == Side::Platform,
        Action::ManageUsers { tenant_id }
        | Action::SetMfaPolicy { tenant_id }
        | Action::ReadAuditLog { tenant_id }
        | Action::ManageTokens { tenant_id } => actor.role.is_admin() && own(tenant_id),
        Action::ManageTenants | Action::BreakGlass => actor.role == Role::PlatformAdmin,
        Action::DecideGrant { tenant_id } => actor.role == Role::TenantAdmin && own(tenant_id),
        Action::RevokeGrant {
            tenant_id,
            requested_by,
        } => {
            (actor.role == Role::TenantAdmin && own(tenant_id))
                || actor.user_id == requested_by
                || actor.role == Role::PlatformAdmin
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLATFORM: i64 = 1;
    const ACME: i64 = 2;
    const GLOBEX: i64 = 3;

    fn actor(role: Role) -> Actor {
        let tenant_id = if role.side() == Side::Platform {
            PLATFORM
        } else {
            ACME
        };
        Actor {
            user_id: 100,
            role,
            tenant_id,
        }
    }

    /// Every role against every action, in one table: the expected answers, in `Role::ALL`
    /// order (platform admin, platform responder, tenant admin, tenant responder, viewer).
    #[rustfmt::skip]
    #[test]
    fn the_permission_table() {
        let cases: [(Action, [bool; 5]); 18] = [
            (Action::OpenIncident { tenant_id: ACME },      [true,  true,  true,  true,  false]),
            (Action::OpenIncident { tenant_id: GLOBEX },    [true,  true,  false, false, false]),
            (Action::EditFacts,                             [true,  true,  true,  true,  false]),
            (Action::OverrideOwnership,                     [true,  true,  false, false, false]),
            (Action::ManageUsers { tenant_id: ACME },       [false, false, true,  false, false]),
            (Action::ManageUsers { tenant_id: PLATFORM },   [true,  false, false, false, false]),
            (Action::SetMfaPolicy { tenant_id: ACME },      [false, false, true,  false, false]),
            (Action::SetMfaPolicy { tenant_id: GLOBEX },    [false, false, false, false, false]),
            (Action::ManageTenants,                         [true,  false, false, false, false]),
            (Action::RequestGrant,                          [true,  true,  false, false, false]),
            (Action::BreakGlass,                            [true,  false, false, false, false]),
            (Action::DecideGrant { tenant_id: ACME },       [false, false, true,  false, false]),
            (Action::DecideGrant { tenant_id: GLOBEX },     [false, false, false, false, false]),
            (Action::RevokeGrant { tenant_id: ACME, requested_by: 7 }, [true, false, true, false, false]),
            (Action::ReadAuditLog { tenant_id: ACME },      [false, false, true,  false, false]),
            (Action::ManageTokens { tenant_id: ACME },      [false, false, true,  false, false]),
            (Action::ManageTokens { tenant_id: PLATFORM },  [true,  false, false, false, false]),
            (Action::ManageTokens { tenant_id: GLOBEX },    [false, false, false, false, false]),
        ];
        for (action, expected) in cases {
            for (role, want) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(allowed(&actor(role), action), want, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn only_work_on_incidents_is_open_to_api_tokens() {
        assert!(Action::OpenIncident { tenant_id: ACME }.is_incident_work());
        assert!(Action::EditFacts.is_incident_work());
        for admin in [
            Action::ManageUsers { tenant_id: ACME },
            Action::ManageTokens { tenant_id: ACME },
            Action::ReadAuditLog { tenant_id: ACME },
            Action::BreakGlass,
            Action::ManageTenants,
        ] {
            assert!(!admin.is_incident_work(), "{admin:?}");
        }
    }

    #[test]
    fn the_requester_may_end_their_own_grant() {
        let me = Actor {
            user_id: 7,
            role: Role::PlatformResponder,
            tenant_id: PLATFORM,
        };
        assert!(allowed(
            &me,
            Action::RevokeGrant {
                tenant_id: ACME,
                requested_by: 7
            }
        ));
        assert!(!allowed(
            &me,
            Action::RevokeGrant {
                tenant_id: ACME,
                requested_by: 8
            }
        ));
    }
}
