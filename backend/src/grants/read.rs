//! Reading grants: the ones a person may see, the break-glass grants running in a tenant, and the
//! customer tenants a grant can be asked for.

use super::state_of;
use crate::access::principal::{self, Action, Principal};
use crate::entities::{access_grant, incident, tenant};
use chrono::{DateTime, Utc};
use contract::dto::{GrantRow, TenantOption};
use contract::error::{AppError, internal};
use domain::TenantKind;
use domain::access::{GrantStatus, Role, Side};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// How many grants a page lists.
const LIST_LIMIT: u64 = 200;

/// Platform staff see their own grants (a platform admin sees all); a tenant admin sees the
/// grants of their tenant; nobody else sees any.
pub(super) fn can_see(me: &principal::SignedIn, grant: &access_grant::Model) -> bool {
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
