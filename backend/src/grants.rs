//! Access grants: requested by platform staff, decided by the tenant's admin, or taken at once
//! by a platform admin (break-glass, which the tenant sees immediately). Every step is audited
//! under the tenant whose data it opens. Asking is in `request`, deciding in `decide`, reading
//! in `read`; the helpers they share are here.

mod decide;
mod read;
mod request;

pub use decide::decide;
pub use read::{break_glass_now, customer_tenants, list};
pub use request::{GrantAsk, request};

use crate::access::principal::Principal;
use crate::db::WriteTxn;
use crate::entities::{access_grant, incident, tenant};
use crate::incidents::change::Part;
use crate::incidents::workspace;
use crate::incidents::workspace::{Entry, Workspace};
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::IncidentKey;
use domain::TenantKind;
use domain::access::grant::GrantState;
use domain::note::EntryVisibility;
use domain::timeline::EntryKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub(super) fn state_of(row: &access_grant::Model) -> Result<GrantState, AppError> {
    Ok(GrantState {
        status: row.status,
        minutes: i64::from(row.duration_minutes),
        expires_at: row.expires_at,
    })
}

/// The customer tenant with `key` and, when given, its incident: `NotFound` otherwise.
pub(super) async fn target(
    conn: &impl ConnectionTrait,
    tenant_key: &str,
    incident_key: &str,
) -> Result<(tenant::Model, Option<incident::Model>), AppError> {
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(tenant_key.trim().to_uppercase()))
        .filter(tenant::Column::Kind.eq(TenantKind::Customer))
        .one(conn)
        .await?
        .ok_or_else(|| {
            AppError::invalid(vec![domain::FieldError::new(
                "tenant",
                "Choose a customer tenant.",
            )])
        })?;
    let incident = match incident_key.trim() {
        "" => None,
        raw => {
            let not_found = || {
                AppError::invalid(vec![domain::FieldError::new(
                    "incident",
                    "No incident of this tenant has that key.",
                )])
            };
            let key = IncidentKey::parse(raw).ok_or_else(not_found)?;
            if key.tenant.as_str() != tenant.key {
                return Err(not_found());
            }
            let (_, found) = crate::access::scope::find_unscoped(conn, &key)
                .await
                .map_err(|_| not_found())?;
            Some(found)
        }
    };
    Ok((tenant, incident))
}

/// Writes a grant's step on the timeline of the incident it is for (a grant for a whole tenant
/// has none), shared so both sides see who reached the incident and why.
pub(super) async fn on_incident_timeline(
    ws: Workspace<'_>,
    txn: &WriteTxn,
    tenant: &tenant::Model,
    incident: Option<&incident::Model>,
    body: String,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(incident) = incident else {
        return Ok(());
    };
    let entry = Entry {
        kind: EntryKind::Grant,
        visibility: EntryVisibility::Shared,
        body,
        occurred_at: now,
        incident_version: None,
    };
    workspace::record(txn, incident, entry, who, now).await?;
    let key = IncidentKey {
        tenant: domain::TenantKey::parse(&tenant.key).map_err(internal)?,
        number: incident.number,
    };
    let notice = workspace::change(incident, &key, Part::Timeline, EntryVisibility::Shared);
    txn.announce(ws.events, notice).await?;
    Ok(())
}
