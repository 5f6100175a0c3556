//! Deciding on a grant: the tenant's admin approves or denies a request; either side ends an
//! active grant.

use super::read::can_see;
use super::{on_incident_timeline, state_of};
use crate::access::principal::{self, Action, Principal};
use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::entities::{access_grant, incident, tenant};
use crate::incidents::workspace::Workspace;
use crate::markdown::escape;
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::access::GrantDecision;
use domain::audit::{AuditAction, AuditObject};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

/// Approves, denies or revokes grant `id`. Someone who may not see the grant gets `NotFound`.
pub async fn decide(
    ws: Workspace<'_>,
    who: &Principal,
    id: i64,
    decision: GrantDecision,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let me = who.require_user()?;
    let txn = ws.db.begin_write().await?;
    let row = access_grant::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|g| can_see(me, g))
        .ok_or(AppError::NotFound)?;
    let action = match decision {
        GrantDecision::Approve | GrantDecision::Deny => Action::DecideGrant {
            tenant_id: row.tenant_id,
        },
        GrantDecision::Revoke => Action::RevokeGrant {
            tenant_id: row.tenant_id,
            requested_by: row.requested_by,
        },
    };
    principal::authorize(who, action)?;
    let next = state_of(&row)?
        .decide(decision, now)
        .map_err(|e| AppError::invalid(vec![domain::FieldError::new("grant", e.to_string())]))?;
    let mut active = row.clone().into_active_model();
    active.status = Set(next.status);
    active.expires_at = Set(next.expires_at);
    if decision != GrantDecision::Revoke {
        active.decided_by = Set(Some(me.display_name.clone()));
        active.decided_at = Set(Some(now));
    }
    if decision == GrantDecision::Approve {
        active.starts_at = Set(Some(now));
    }
    active.update(&txn).await?;
    let verb = match decision {
        GrantDecision::Approve => AuditAction::GrantApproved,
        GrantDecision::Deny => AuditAction::GrantDenied,
        GrantDecision::Revoke => AuditAction::GrantRevoked,
    };
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: row.tenant_id,
            action: verb,
            object: AuditObject::Grant(row.id),
            detail: json!({ "requester": row.requester_name, "expires_at": next.expires_at }),
        },
        now,
    )
    .await?;
    let incident = match row.incident_id {
        Some(id) => incident::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    let tenant = tenant::Entity::find_by_id(row.tenant_id)
        .one(&txn)
        .await?
        .ok_or_else(|| internal("grant without tenant"))?;
    let done = match decision {
        GrantDecision::Approve => "approved",
        GrantDecision::Deny => "denied",
        GrantDecision::Revoke => "revoked",
    };
    let body = format!(
        "**{}** {done} {}'s access to this incident.",
        escape(&me.display_name),
        escape(&row.requester_name)
    );
    on_incident_timeline(ws, &txn, &tenant, incident.as_ref(), body, who, now).await?;
    txn.commit().await?;
    Ok(())
}
