//! Which incidents and timeline entries a viewer sees.
//!
//! Tenant users see their own tenant's incidents that the tenant owns or shares; an incident the
//! platform owns is the platform's alone. Platform staff see every platform-owned and shared
//! incident, the platform's own tenant entirely, and a customer's tenant-owned incidents only
//! under an active access grant for that tenant (and, when the grant names one, that incident).

use crate::responsibility::{Owner, Side};
use serde::{Deserialize, Serialize};

pub const SHARED: &str = "shared";
pub const PLATFORM_INTERNAL: &str = "platform-internal";
pub const TENANT_INTERNAL: &str = "tenant-internal";

/// An active grant as visibility needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveGrant {
    pub id: i64,
    pub tenant_id: i64,
    /// `None`: every tenant-owned incident of the tenant.
    pub incident_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    Tenant {
        tenant_id: i64,
    },
    Platform {
        platform_tenant_id: i64,
        grants: Vec<ActiveGrant>,
    },
}

/// How a viewer sees an incident: in their own right, or only through a grant (each such read
/// is recorded for the tenant to review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Direct,
    UnderGrant { grant_id: i64 },
}

impl Viewer {
    pub fn side(&self) -> Side {
        match self {
            Self::Tenant { .. } => Side::Tenant,
            Self::Platform { .. } => Side::Platform,
        }
    }
}

/// Whether, and how, `viewer` sees the incident `incident_id` of `tenant_id` owned by `owner`.
pub fn sight_of_incident(
    viewer: &Viewer,
    tenant_id: i64,
    incident_id: i64,
    owner: Owner,
) -> Option<Sight> {
    match viewer {
        Viewer::Tenant { tenant_id: own } => {
            (*own == tenant_id && owner != Owner::Platform).then_some(Sight::Direct)
        }
        Viewer::Platform {
            platform_tenant_id,
            grants,
        } => {
            if owner != Owner::Tenant || *platform_tenant_id == tenant_id {
                return Some(Sight::Direct);
            }
            grants
                .iter()
                .find(|g| {
                    g.tenant_id == tenant_id && g.incident_id.is_none_or(|id| id == incident_id)
                })
                .map(|g| Sight::UnderGrant { grant_id: g.id })
        }
    }
}

/// The timeline visibilities a side reads: shared entries and its own internal ones.
pub fn entry_visibilities(side: Side) -> [&'static str; 2] {
    match side {
        Side::Platform => [SHARED, PLATFORM_INTERNAL],
        Side::Tenant => [SHARED, TENANT_INTERNAL],
    }
}

pub fn can_see_entry(side: Side, visibility: &str) -> bool {
    entry_visibilities(side).contains(&visibility)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: i64 = 2;
    const GLOBEX: i64 = 3;
    const PLATFORM: i64 = 1;
    const OWNERS: [Owner; 3] = [Owner::Platform, Owner::Tenant, Owner::Shared];

    fn staff(grants: Vec<ActiveGrant>) -> Viewer {
        Viewer::Platform {
            platform_tenant_id: PLATFORM,
            grants,
        }
    }

    #[test]
    fn tenant_users_see_their_own_tenant_and_shared_incidents_only() {
        let acme = Viewer::Tenant { tenant_id: ACME };
        for owner in OWNERS {
            let expected = (owner != Owner::Platform).then_some(Sight::Direct);
            assert_eq!(
                sight_of_incident(&acme, ACME, 10, owner),
                expected,
                "{owner:?}"
            );
            assert_eq!(
                sight_of_incident(&acme, GLOBEX, 11, owner),
                None,
                "{owner:?}"
            );
            assert_eq!(
                sight_of_incident(&acme, PLATFORM, 12, owner),
                None,
                "{owner:?}"
            );
        }
    }

    #[test]
    fn platform_staff_need_a_grant_for_tenant_owned_incidents() {
        let none = staff(vec![]);
        assert_eq!(sight_of_incident(&none, ACME, 10, Owner::Tenant), None);
        assert_eq!(
            sight_of_incident(&none, ACME, 10, Owner::Shared),
            Some(Sight::Direct)
        );
        assert_eq!(
            sight_of_incident(&none, ACME, 10, Owner::Platform),
            Some(Sight::Direct)
        );
        assert_eq!(
            sight_of_incident(&none, PLATFORM, 1, Owner::Tenant),
            Some(Sight::Direct)
        );

        let tenant_wide = staff(vec![ActiveGrant {
            id: 7,
            tenant_id: ACME,
            incident_id: None,
        }]);
        assert_eq!(
            sight_of_incident(&tenant_wide, ACME, 10, Owner::Tenant),
            Some(Sight::UnderGrant { grant_id: 7 })
        );
        assert_eq!(
            sight_of_incident(&tenant_wide, GLOBEX, 10, Owner::Tenant),
            None
        );

        let one = staff(vec![ActiveGrant {
            id: 8,
            tenant_id: ACME,
            incident_id: Some(10),
        }]);
        assert_eq!(
            sight_of_incident(&one, ACME, 10, Owner::Tenant),
            Some(Sight::UnderGrant { grant_id: 8 })
        );
        assert_eq!(sight_of_incident(&one, ACME, 11, Owner::Tenant), None);
    }

    #[test]
    fn each_side_reads_shared_entries_and_its_own_internal_ones() {
        assert!(can_see_entry(Side::Tenant, SHARED));
        assert!(can_see_entry(Side::Tenant, TENANT_INTERNAL));
        assert!(!can_see_entry(Side::Tenant, PLATFORM_INTERNAL));
        assert!(can_see_entry(Side::Platform, PLATFORM_INTERNAL));
        assert!(!can_see_entry(Side::Platform, TENANT_INTERNAL));
        assert!(!can_see_entry(Side::Platform, "anything else"));
    }
}
