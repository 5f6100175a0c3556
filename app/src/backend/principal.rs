//! Who is making the request, from where, and what they may do. Every server function asks
//! here first, so that identity and authorisation have exactly one entry point.

use crate::backend::entities::{access_grant, tenant, user};
use crate::backend::identity::session_store::USER_ID;
use crate::backend::state::AppState;
use crate::error::{AppError, from_session_error, internal};
use chrono::{DateTime, Utc};
use domain::access::{self, ActiveGrant, Actor, Role, Side, Viewer};
use domain::responsibility::Owner;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

pub use domain::access::Action;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    identity: Identity,
    /// Where the request came from (the client's address), for the audit log.
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    /// A request without a signed-in user.
    Anonymous,
    /// An operator running a `tandem` command on the server itself.
    CommandLine,
    User(Box<SignedIn>),
}

/// A signed-in user and what they hold at the time of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub tenant_id: i64,
    pub tenant_key: String,
    pub tenant_name: String,
    pub platform_tenant_id: i64,
    /// Active access grants (platform staff only), with their ends.
    pub grants: Vec<(ActiveGrant, DateTime<Utc>)>,
}

/// What a principal can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The command line: everything.
    Everything,
    Viewer(Viewer),
}

impl Principal {
    pub fn anonymous(source: impl Into<String>) -> Self {
        Self {
            identity: Identity::Anonymous,
            source: source.into(),
        }
    }

    pub fn command_line() -> Self {
        Self {
            identity: Identity::CommandLine,
            source: "command line".to_owned(),
        }
    }

    pub fn user(signed_in: SignedIn, source: impl Into<String>) -> Self {
        Self {
            identity: Identity::User(Box::new(signed_in)),
            source: source.into(),
        }
    }

    /// The name recorded as reporter and author.
    pub fn display_name(&self) -> &str {
        match &self.identity {
            Identity::Anonymous => "anonymous",
            Identity::CommandLine => "tandem (command line)",
            Identity::User(u) => &u.display_name,
        }
    }

    /// The name recorded in the audit log: unique and stable.
    pub fn audit_name(&self) -> &str {
        match &self.identity {
            Identity::User(u) => &u.email,
            _ => self.display_name(),
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn signed_in(&self) -> Option<&SignedIn> {
        match &self.identity {
            Identity::User(u) => Some(u),
            _ => None,
        }
    }

    /// The signed-in user, or `Unauthenticated`.
    pub fn require_user(&self) -> Result<&SignedIn, AppError> {
        self.signed_in().ok_or(AppError::Unauthenticated)
    }

    pub fn side(&self) -> Option<Side> {
        self.signed_in().map(|u| u.role.side())
    }

    /// What this principal reads; anonymous requests read nothing.
    pub fn scope(&self) -> Result<Scope, AppError> {
        match &self.identity {
            Identity::Anonymous => Err(AppError::Unauthenticated),
            Identity::CommandLine => Ok(Scope::Everything),
            Identity::User(u) => Ok(Scope::Viewer(match u.role.side() {
                Side::Tenant => Viewer::Tenant {
                    tenant_id: u.tenant_id,
                },
                Side::Platform => Viewer::Platform {
                    platform_tenant_id: u.platform_tenant_id,
                    grants: u.grants.iter().map(|(g, _)| *g).collect(),
                },
            })),
        }
    }

    /// How this principal sees the incident, or `NotFound` when they do not.
    pub fn sight_of_incident(
        &self,
        tenant_id: i64,
        incident_id: i64,
        owner: Owner,
    ) -> Result<access::Sight, AppError> {
        match self.scope()? {
            Scope::Everything => Ok(access::Sight::Direct),
            Scope::Viewer(viewer) => {
                access::sight_of_incident(&viewer, tenant_id, incident_id, owner)
                    .ok_or(AppError::NotFound)
            }
        }
    }
}

/// Whether `principal` may perform `action`: `Unauthenticated` without a user, `Forbidden`
/// when their role does not allow it. The command line may do anything.
pub fn authorize(principal: &Principal, action: Action) -> Result<(), AppError> {
    match &principal.identity {
        Identity::Anonymous => Err(AppError::Unauthenticated),
        Identity::CommandLine => Ok(()),
        Identity::User(u) => {
            let actor = Actor {
                user_id: u.user_id,
                role: u.role,
                tenant_id: u.tenant_id,
            };
            if access::allowed(&actor, action) {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        }
    }
}

/// The principal of the request being served.
pub async fn current() -> Result<Principal, AppError> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let source = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned());
    let state = crate::backend::state::current()?;
    let session = leptos_axum::extract::<Session>()
        .await
        .map_err(|_| internal("session layer missing"))?;
    from_session(&state, &session, source).await
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
        .filter(tenant::Column::Kind.eq(tenant::KIND_PLATFORM))
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
    let role = Role::parse(&user.role).ok_or_else(|| internal("stored role"))?;
    // The user's tenant and the platform's in one query: every request signs someone in.
    let tenants = tenant::Entity::find()
        .filter(
            Condition::any()
                .add(tenant::Column::Id.eq(user.tenant_id))
                .add(tenant::Column::Kind.eq(tenant::KIND_PLATFORM)),
        )
        .all(conn)
        .await?;
    let platform_tenant_id = tenants
        .iter()
        .find(|t| t.kind == tenant::KIND_PLATFORM)
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
