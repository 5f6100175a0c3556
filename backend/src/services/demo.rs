//! Demo data: the platform, two customer tenants and a few incidents on each side.

use super::audit::{self, AuditEvent};
use super::users::{self, NewUser};
use super::workspace::Workspace;
use super::{incidents, tenants};
use crate::identity::passwords;
use crate::{Principal, entities::tenant};
use chrono::{DateTime, Duration, Utc};
use contract::error::{AppError, internal};
use domain::Email;
use domain::TenantKind;
use domain::access::Role;
use domain::audit::{AuditAction, AuditObject};
use domain::responsibility::{Facts, Layer, TenantsAffected};
use domain::{NewIncident, RawNewIncident, TenantKey};
use sea_orm::{EntityTrait, PaginatorTrait};

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded {
        tenants: usize,
        incidents: usize,
    },
    /// The database already holds tenants; nothing was changed.
    AlreadyPresent,
}

const TENANTS: [(&str, &str, TenantKind); 2] = [
    ("ACME", "Acme Bank", TenantKind::Customer),
    ("GLOBEX", "Globex Health", TenantKind::Customer),
];

/// An incident of the demo data: who it affects, how bad, what happened, and its facts.
struct DemoIncident {
    tenant: &'static str,
    severity: &'static str,
    title: &'static str,
    description: &'static str,
    area: &'static str,
    layer: Layer,
    scope: TenantsAffected,
    flags: &'static [&'static str],
}

/// The password of every demo account (demo data only).
pub const DEMO_PASSWORD: &str = "tandem-demo-password";
/// The TOTP secret enrolled for the demo platform accounts, so codes can be computed.
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXP";

/// The demo accounts: e-mail, name, role, tenant key.
pub const ACCOUNTS: [(&str, &str, Role, &str); 7] = [
    (
        "admin@platform.example",
        "Pat Platform-Admin",
        Role::PlatformAdmin,
        "PLT",
    ),
    (
        "responder@platform.example",
        "Rory Responder",
        Role::PlatformResponder,
        "PLT",
    ),
    (
        "admin@acme.example",
        "Ada Acme-Admin",
        Role::TenantAdmin,
        "ACME",
    ),
    (
        "analyst@acme.example",
        "Ari Acme-Analyst",
        Role::TenantResponder,
        "ACME",
    ),
    (
        "viewer@acme.example",
        "Vic Acme-Viewer",
        Role::TenantViewer,
        "ACME",
    ),
    (
        "admin@globex.example",
        "Gus Globex-Admin",
        Role::TenantAdmin,
        "GLOBEX",
    ),
    (
        "analyst@globex.example",
        "Gia Globex-Analyst",
        Role::TenantResponder,
        "GLOBEX",
    ),
];

/// How many incidents the demo data opens.
pub const INCIDENT_COUNT: usize = INCIDENTS.len();

const INCIDENTS: [DemoIncident; 6] = [
    DemoIncident {
        tenant: "ACME",
        severity: "SEV2",
        title: "Tenant admin account without MFA",
        description: "An Acme Bank **tenant admin** account signs in with a password only; MFA was never enrolled.",
        area: "privileged-access",
        layer: Layer::Tenant,
        scope: TenantsAffected::One,
        flags: &["tenant-mfa", "tenant-privileged-access"],
    },
    DemoIncident {
        tenant: "ACME",
        severity: "SEV3",
        title: "Unusual sign-ins for a teller account",
        description: "Sign-ins from two countries within ten minutes for one user. Possible *user access misuse*.",
        area: "incident-response",
        layer: Layer::Tenant,
        scope: TenantsAffected::One,
        flags: &["user-access-misuse"],
    },
    DemoIncident {
        tenant: "GLOBEX",
        severity: "SEV2",
        title: "SAML SSO failing after IdP certificate rotation",
        description: "Globex Health users cannot sign in through their identity provider since the certificate rotation.",
        area: "incident-response",
        layer: Layer::Tenant,
        scope: TenantsAffected::One,
        flags: &["tenant-identity-federation"],
    },
    DemoIncident {
        tenant: "PLT",
        severity: "SEV1",
        title: "Expired TLS certificate on the public API gateway",
        description: "The platform API gateway serves an expired TLS certificate; clients refuse to connect.",
        area: "infrastructure",
        layer: Layer::Platform,
        scope: TenantsAffected::All,
        flags: &["platform-availability"],
    },
    DemoIncident {
        tenant: "PLT",
        severity: "SEV2",
        title: "Unpatched kernel vulnerability on shared worker nodes",
        description: "A kernel CVE affecting the SaaS infrastructure is unpatched on shared worker nodes.",
        area: "infrastructure",
        layer: Layer::Platform,
        scope: TenantsAffected::All,
        flags: &["saas-infrastructure-vulnerability"],
    },
    DemoIncident {
        tenant: "GLOBEX",
        severity: "SEV2",
        title: "Support engineer used break-glass access in the Globex tenant",
        description: "Break-glass access was used in Globex Health without a linked ticket; Globex's own admins also hold unreviewed privileges.",
        area: "privileged-access",
        layer: Layer::Tenant,
        scope: TenantsAffected::One,
        flags: &["privileged-platform-access", "tenant-privileged-access"],
    },
];

/// Creates the demo data on an empty database; leaves a populated one alone.
pub async fn seed(
    ws: Workspace<'_>,
    operator_name: &str,
    now: DateTime<Utc>,
) -> Result<SeedOutcome, AppError> {
    let db = ws.db;
    if tenant::Entity::find().count(db.conn()).await? > 0 {
        return Ok(SeedOutcome::AlreadyPresent);
    }
    // One hash for all demo accounts: they share the documented password anyway.
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let txn = db.begin_write().await?;
    let platform = [("PLT", operator_name, TenantKind::Platform)];
    let mut tenant_ids = std::collections::HashMap::new();
    for (key, name, kind) in platform.iter().chain(TENANTS.iter()) {
        let key = TenantKey::parse(key).map_err(internal)?;
        let tenant = tenants::create(&txn, &key, name, *kind, now).await?;
        tenant_ids.insert(key.as_str().to_owned(), tenant.id);
        let detail = serde_json::json!({ "name": name, "kind": kind });
        let event = AuditEvent {
            tenant_id: tenant.id,
            action: AuditAction::TenantCreated,
            object: AuditObject::Tenant(key.as_str()),
            detail,
        };
        audit::record(&txn, &Principal::command_line(), event, now).await?;
    }
    for (email, name, role, tenant_key) in ACCOUNTS {
        let tenant_id = *tenant_ids
            .get(tenant_key)
            .ok_or_else(|| internal("demo account of an unknown tenant"))?;
        let new = NewUser {
            email: Email::parse(email).map_err(internal)?,
            display_name: name.to_owned(),
            role,
        };
        let secret = role.always_needs_mfa().then(|| DEMO_TOTP_SECRET.to_owned());
        let user = users::insert(&txn, tenant_id, &new, hash.clone(), secret, now).await?;
        let event = AuditEvent {
            tenant_id,
            action: AuditAction::UserCreated,
            object: AuditObject::User(user.id),
            detail: serde_json::json!({ "email": email, "role": role.code() }),
        };
        audit::record(&txn, &Principal::command_line(), event, now).await?;
    }
    txn.commit().await?;

    for (age, demo) in INCIDENTS.iter().enumerate() {
        let raw = RawNewIncident {
            title: demo.title.to_owned(),
            description: demo.description.to_owned(),
            severity: demo.severity.to_owned(),
            tenant: demo.tenant.to_owned(),
        };
        let new = NewIncident::parse(&raw).map_err(|e| internal(format!("{e:?}")))?;
        let facts = Facts {
            area: Some(demo.area.to_owned()),
            layer: Some(demo.layer),
            tenants_affected: Some(demo.scope),
            flags: demo.flags.iter().map(|f| (*f).to_owned()).collect(),
        };
        let opened = now - Duration::minutes(37 * (INCIDENTS.len() - age) as i64);
        incidents::open(ws, &Principal::command_line(), &new, facts, None, opened).await?;
    }
    Ok(SeedOutcome::Seeded {
        tenants: TENANTS.len() + 1,
        incidents: INCIDENTS.len(),
    })
}
