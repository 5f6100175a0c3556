//! Asking for access: platform staff request a grant with a reason and a duration, or a platform
//! admin takes one at once (break-glass).

use super::{on_incident_timeline, target};
use crate::access::principal::{self, Action, Principal};
use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::entities::access_grant;
use crate::incidents::workspace::Workspace;
use crate::markdown::escape;
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::access::grant::GrantState;
use domain::access::{GrantRequest, GrantStatus};
use domain::audit::{AuditAction, AuditObject};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

/// An access request as submitted: the tenant's key, an incident key (empty: the whole
/// tenant), the written reason, the minutes wanted, and whether it breaks the glass.
pub struct GrantAsk<'a> {
    pub tenant: &'a str,
    pub incident: &'a str,
    pub reason: &'a str,
    pub minutes: &'a str,
    pub break_glass: bool,
}

/// Asks the tenant's admins for access (or, breaking the glass, takes it at once).
pub async fn request(
    ws: Workspace<'_>,
    who: &Principal,
    ask: GrantAsk<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let GrantAsk {
        tenant: tenant_key,
        incident: incident_key,
        reason,
        minutes,
        break_glass,
    } = ask;
    let me = who.require_user()?;
    principal::authorize(who, Action::RequestGrant)?;
    if break_glass {
        principal::authorize(who, Action::BreakGlass)?;
    }
    let parsed = GrantRequest::parse(reason, minutes);
    let txn = ws.db.begin_write().await?;
    let found = match target(&txn, tenant_key, incident_key).await {
        Ok(found) => Ok(found),
        Err(AppError::Invalid { fields, .. }) => Err(fields),
        Err(other) => return Err(other),
    };
    let (parsed, (tenant, incident)) = contract::error::both(parsed, found)?;
    let state = if break_glass {
        GrantState::started(parsed.minutes, now)
    } else {
        GrantState {
            status: GrantStatus::Requested,
            minutes: parsed.minutes,
            expires_at: None,
        }
    };
    let row = access_grant::ActiveModel {
        tenant_id: Set(tenant.id),
        incident_id: Set(incident.as_ref().map(|i| i.id)),
        requested_by: Set(me.user_id),
        requester_name: Set(me.display_name.clone()),
        reason: Set(parsed.reason.as_str().to_owned()),
        duration_minutes: Set(i32::try_from(parsed.minutes).map_err(internal)?),
        break_glass: Set(break_glass),
        status: Set(state.status),
        requested_at: Set(now),
        decided_by: Set(break_glass.then(|| me.display_name.clone())),
        decided_at: Set(break_glass.then_some(now)),
        starts_at: Set(break_glass.then_some(now)),
        expires_at: Set(state.expires_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: tenant.id,
            action: if break_glass {
                AuditAction::GrantBreakGlass
            } else {
                AuditAction::GrantRequested
            },
            object: AuditObject::Grant(row.id),
            detail: json!({
                "incident": incident.as_ref().map(|i| format!("{}-{}", tenant.key, i.number)),
                "minutes": parsed.minutes,
                "reason": parsed.reason.as_str(),
            }),
        },
        now,
    )
    .await?;
    let what = if break_glass {
        format!(
            "**{}** broke glass: access to this incident for {} minutes.",
            escape(&me.display_name),
            parsed.minutes
        )
    } else {
        format!(
            "**{}** asked {} for access to this incident for {} minutes.",
            escape(&me.display_name),
            escape(&tenant.name),
            parsed.minutes
        )
    };
    let body = format!("{what}\n\nReason: {}", escape(parsed.reason.as_str()));
    on_incident_timeline(ws, &txn, &tenant, incident.as_ref(), body, who, now).await?;
    txn.commit().await?;
    Ok(())
}
