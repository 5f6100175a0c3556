//! Demo data: the platform, two customer tenants and a few incidents on each side.

use super::{incidents, tenants};
use crate::backend::{Database, Principal, entities::tenant};
use crate::error::{AppError, internal};
use chrono::{DateTime, Duration, Utc};
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

const TENANTS: [(&str, &str, &str); 2] = [
    ("ACME", "Acme Bank", tenant::KIND_CUSTOMER),
    ("GLOBEX", "Globex Health", tenant::KIND_CUSTOMER),
];

const INCIDENTS: [(&str, &str, &str, &str); 5] = [
    (
        "ACME",
        "SEV2",
        "Tenant admin account without MFA",
        "An Acme Bank **tenant admin** account signs in with a password only; MFA was never enrolled.",
    ),
    (
        "ACME",
        "SEV3",
        "Unusual sign-ins for a teller account",
        "Sign-ins from two countries within ten minutes for one user. Possible *user access misuse*.",
    ),
    (
        "GLOBEX",
        "SEV2",
        "SAML SSO failing after IdP certificate rotation",
        "Globex Health users cannot sign in through their identity provider since the certificate rotation.",
    ),
    (
        "PLT",
        "SEV1",
        "Expired TLS certificate on the public API gateway",
        "The platform API gateway serves an expired TLS certificate; clients refuse to connect.",
    ),
    (
        "PLT",
        "SEV2",
        "Unpatched kernel vulnerability on shared worker nodes",
        "A kernel CVE affecting the SaaS infrastructure is unpatched on shared worker nodes.",
    ),
];

/// Creates the demo data on an empty database; leaves a populated one alone.
pub async fn seed(
    db: &Database,
    operator_name: &str,
    now: DateTime<Utc>,
) -> Result<SeedOutcome, AppError> {
    if tenant::Entity::find().count(db.conn()).await? > 0 {
        return Ok(SeedOutcome::AlreadyPresent);
    }
    let txn = db.begin_write().await?;
    let platform = [("PLT", operator_name, tenant::KIND_PLATFORM)];
    for (key, name, kind) in platform.iter().chain(TENANTS.iter()) {
        let key = TenantKey::parse(key).map_err(internal)?;
        tenants::create(&*txn, &key, name, kind, now).await?;
    }
    txn.commit().await?;

    for (age, (tenant, severity, title, description)) in INCIDENTS.iter().enumerate() {
        let raw = RawNewIncident {
            title: (*title).to_owned(),
            description: (*description).to_owned(),
            severity: (*severity).to_owned(),
            tenant: (*tenant).to_owned(),
        };
        let new = NewIncident::parse(&raw).map_err(|e| internal(format!("{e:?}")))?;
        let opened = now - Duration::minutes(37 * (INCIDENTS.len() - age) as i64);
        incidents::open(db, &Principal::Anonymous, &new, None, opened).await?;
    }
    Ok(SeedOutcome::Seeded {
        tenants: TENANTS.len() + 1,
        incidents: INCIDENTS.len(),
    })
}
