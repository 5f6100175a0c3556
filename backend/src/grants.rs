//! Access grants: requested by platform staff, decided by the tenant's admin, or taken at once
//! by a platform admin (break-glass, which the tenant sees immediately). Every step is audited
//! under the tenant whose data it opens.

use crate::access::principal::{self, Action, Principal};
use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::db::WriteTxn;
use crate::entities::{access_grant, incident, tenant};
use crate::incidents::change::Part;
use crate::incidents::workspace;
use crate::incidents::workspace::{Entry, Workspace};
use crate::markdown::escape;
use chrono::{DateTime, Utc};
use contract::dto::{GrantRow, TenantOption};
use contract::error::{AppError, internal};
use domain::IncidentKey;
use domain::TenantKind;
use domain::access::grant::GrantState;
use domain::access::{GrantDecision, GrantRequest, GrantStatus, Role, Side};
use domain::audit::{AuditAction, AuditObject};
use domain::note::EntryVisibility;
use domain::timeline::EntryKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

/// How many grants a page lists.
const LIST_LIMIT: u64 = 200;

fn state_of(row: &access_grant::Model) -> Result<GrantState, AppError> {
    Ok(GrantState {
        status: row.status,
        minutes: i64::from(row.duration_minutes),
        expires_at: row.expires_at,
    })
}

/// The customer tenant with `key` and, when given, its incident: `NotFound` otherwise.
async fn target(
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

/// Writes a grant's step on the timeline of the incident it is for (a grant for a whole tenant
/// has none), shared so both sides see who reached the incident and why.
async fn on_incident_timeline(
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

/// Platform staff see their own grants (a platform admin sees all); a tenant admin sees the
/// grants of their tenant; nobody else sees any.
fn can_see(me: &principal::SignedIn, grant: &access_grant::Model) -> bool {
    match me.role {
        Role::PlatformAdmin => true,
        Role::PlatformResponder => grant.requested_by == me.user_id,
        Role::TenantAdmin => grant.tenant_id == me.tenant_id,
        Role::TenantResponder | Role::TenantViewer => false,
    }
}

/// The grants `who` may see, newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<GrantRow>, AppError> {
    let me = who.require_user()?;
    let mut query = access_grant::Entity::find()
        .order_by_desc(access_grant::Column::Id)
        .limit(LIST_LIMIT);
    query = match me.role {
        Role::PlatformAdmin => query,
        Role::PlatformResponder => query.filter(access_grant::Column::RequestedBy.eq(me.user_id)),
        Role::TenantAdmin => query.filter(access_grant::Column::TenantId.eq(me.tenant_id)),
        Role::TenantResponder | Role::TenantViewer => return Ok(Vec::new()),
    };
    rows(conn, who, query.all(conn).await?, now).await
}

/// Break-glass grants to the viewer's tenant that are running now.
pub async fn break_glass_now(
    conn: &impl ConnectionTrait,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<GrantRow>, AppError> {
    let me = who.require_user()?;
    if me.role.side() != Side::Tenant {
        return Ok(Vec::new());
    }
    let found = access_grant::Entity::find()
        .filter(access_grant::Column::TenantId.eq(me.tenant_id))
        .filter(access_grant::Column::BreakGlass.eq(true))
        .filter(access_grant::Column::Status.eq(GrantStatus::Approved.code()))
        .filter(access_grant::Column::ExpiresAt.gt(now))
        .all(conn)
        .await?;
    rows(conn, who, found, now).await
}

async fn rows(
    conn: &impl ConnectionTrait,
    who: &Principal,
    found: Vec<access_grant::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<GrantRow>, AppError> {
    let tenants: std::collections::HashMap<i64, tenant::Model> = tenant::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for g in found {
        let state = state_of(&g)?;
        let tenant = tenants
            .get(&g.tenant_id)
            .ok_or_else(|| internal("grant tenant"))?;
        let incident_key = match g.incident_id {
            Some(id) => incident::Entity::find_by_id(id)
                .one(conn)
                .await?
                .map(|i| format!("{}-{}", tenant.key, i.number)),
            None => None,
        };
        let allowed = |action| principal::authorize(who, action).is_ok();
        out.push(GrantRow {
            id: g.id,
            tenant_name: tenant.name.clone(),
            incident_key,
            requester: g.requester_name.clone(),
            reason: g.reason.clone(),
            minutes: i64::from(g.duration_minutes),
            break_glass: g.break_glass,
            status: state.label(now).to_owned(),
            requested_at: g.requested_at,
            decided_by: g.decided_by.clone(),
            expires_at: g.expires_at,
            can_decide: state.status == GrantStatus::Requested
                && allowed(Action::DecideGrant {
                    tenant_id: g.tenant_id,
                }),
            can_revoke: state.is_active(now)
                && allowed(Action::RevokeGrant {
                    tenant_id: g.tenant_id,
                    requested_by: g.requested_by,
                }),
        });
    }
    Ok(out)
}

/// Customer tenants, for the request form.
pub async fn customer_tenants(conn: &impl ConnectionTrait) -> Result<Vec<TenantOption>, AppError> {
    Ok(tenant::Entity::find()
        .filter(tenant::Column::Kind.eq(TenantKind::Customer))
        .order_by_asc(tenant::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TenantOption {
            key: t.key,
            name: t.name,
            is_platform: false,
        })
        .collect())
}
