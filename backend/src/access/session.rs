//! Resolving a request's principal from its session: ending sessions that timed out, outlived
//! their lifetime or were ended for their user, and loading the user's tenant and grants.

use super::principal::{Principal, SignedIn};
use crate::entities::{access_grant, tenant, user};
use crate::identity::session_store::USER_ID;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use contract::error::{AppError, from_session_error, internal};
use domain::TenantKind;
use domain::access::{self, ActiveGrant, Side};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

/// Session keys besides the user id.
pub mod keys {
    /// The user's `session_epoch` when they signed in; a raised epoch ends the session.
    pub const EPOCH: &str = "epoch";
    /// When the user signed in (RFC 3339): the absolute lifetime counts from here.
    pub const SIGNED_IN_AT: &str = "signed_in_at";
    /// When the session last served a request: the idle timeout counts from here.
    pub const LAST_SEEN: &str = "last_seen";
    /// A user who gave the right password and still owes a second factor.
    pub const PENDING_USER_ID: &str = "pending_user_id";
    pub const PENDING_SINCE: &str = "pending_since";
}

/// Resolves the session's user, ending the session when it has timed out, outlived its
/// absolute lifetime, or been ended for its user (disabled, password changed).
pub async fn from_session(
    state: &AppState,
    session: &Session,
    source: String,
) -> Result<Principal, AppError> {
    let anonymous = Principal::anonymous(source.clone());
    let Some(user_id) = session
        .get::<i64>(USER_ID)
        .await
        .map_err(from_session_error)?
    else {
        return Ok(anonymous);
    };
    let now = state.clock.now();
    let epoch = session
        .get::<i64>(keys::EPOCH)
        .await
        .map_err(from_session_error)?;
    let signed_in_at = session
        .get::<DateTime<Utc>>(keys::SIGNED_IN_AT)
        .await
        .map_err(from_session_error)?;
    let last_seen = session
        .get::<DateTime<Utc>>(keys::LAST_SEEN)
        .await
        .map_err(from_session_error)?;
    let policy = &state.sessions;
    let timed_out = match (signed_in_at, last_seen) {
        (Some(start), Some(seen)) => {
            now - start >= policy.absolute_lifetime || now - seen >= policy.idle_timeout
        }
        _ => true,
    };
    let conn = state.db.conn();
    let user = user::Entity::find_by_id(user_id).one(conn).await?;
    let Some(user) = user.filter(|u| !u.disabled && Some(u.session_epoch) == epoch && !timed_out)
    else {
        session.flush().await.map_err(from_session_error)?;
        return Ok(anonymous);
    };
    if last_seen.is_some_and(|seen| now - seen >= chrono::Duration::minutes(1)) {
        session
            .insert(keys::LAST_SEEN, now)
            .await
            .map_err(from_session_error)?;
    }
    let signed_in = load_signed_in(conn, user, now).await?;
    Ok(Principal::user(signed_in, source))
}

/// The id of the operator's own tenant row.
pub async fn platform_tenant_id(conn: &impl ConnectionTrait) -> Result<i64, AppError> {
    tenant::Entity::find()
        .filter(tenant::Column::Kind.eq(TenantKind::Platform))
        .one(conn)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| internal("no platform tenant"))
}

/// The user with their tenant and active grants.
pub async fn load_signed_in(
    conn: &impl ConnectionTrait,
    user: user::Model,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let role = user.role;
    // The user's tenant and the platform's in one query: every request signs someone in.
    let tenants = tenant::Entity::find()
        .filter(
            Condition::any()
                .add(tenant::Column::Id.eq(user.tenant_id))
                .add(tenant::Column::Kind.eq(TenantKind::Platform)),
        )
        .all(conn)
        .await?;
    let platform_tenant_id = tenants
        .iter()
        .find(|t| t.kind == TenantKind::Platform)
        .map(|t| t.id)
        .ok_or_else(|| internal("no platform tenant"))?;
    let tenant = tenants
        .into_iter()
        .find(|t| t.id == user.tenant_id)
        .ok_or_else(|| internal("user without tenant"))?;
    let grants = if role.side() == Side::Platform {
        access_grant::Entity::find()
            .filter(access_grant::Column::RequestedBy.eq(user.id))
            .filter(access_grant::Column::Status.eq(access::GrantStatus::Approved.code()))
            .filter(access_grant::Column::ExpiresAt.gt(now))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|g| {
                let end = g.expires_at?;
                Some((
                    ActiveGrant {
                        id: g.id,
                        tenant_id: g.tenant_id,
                        incident_id: g.incident_id,
                    },
                    end,
                ))
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(SignedIn {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        role,
        tenant_id: tenant.id,
        tenant_key: tenant.key,
        tenant_name: tenant.name,
        platform_tenant_id,
        grants,
    })
}

/// The principal the sign-in gate resolved for a request, or why it could not be: kept in the
/// request's extensions so that every handler and server function reads the same one.
#[derive(Debug, Clone)]
pub struct Resolved(pub Result<Principal, AppError>);

/// Resolves the principal of a request with `session` (none: anonymous) from `source`.
pub async fn resolve(state: &AppState, session: Option<&Session>, source: String) -> Resolved {
    Resolved(match session {
        Some(session) => from_session(state, session, source).await,
        None => Ok(Principal::anonymous(source)),
    })
}

/// The principal the gate put in `extensions`; a request that bypassed the gate has none,
/// which is a wiring fault and answered as an internal error.
pub fn of_request(extensions: &http::Extensions) -> Result<Principal, AppError> {
    match extensions.get::<Resolved>() {
        Some(Resolved(resolved)) => resolved.clone(),
        None => Err(internal("the request's principal was not resolved")),
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Principal {
    type Rejection = crate::response::ErrorResponse;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        of_request(&parts.extensions).map_err(crate::response::ErrorResponse)
    }
}

/// The principal of stored session `id` as it is now (not as a request's handle cached it):
/// for a long-lived stream that must end with its session and follow its grants.
pub async fn reload(
    state: &AppState,
    id: tower_sessions::session::Id,
    source: String,
) -> Result<Principal, AppError> {
    let store = std::sync::Arc::new(crate::identity::session_store::DbSessionStore::new(
        state.db.clone(),
        state.clock.clone(),
    ));
    from_session(state, &Session::new(Some(id), store, None), source).await
}
