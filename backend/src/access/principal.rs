//! Who is making the request, from where, and what they may do: a plain value, resolved once
//! per request by `session`, and the one `authorize` every use case asks.

use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::access::{self, ActiveGrant, Actor, ApiScope, Role, Side, Viewer};
use domain::responsibility::Owner;
use std::collections::BTreeSet;

pub use domain::access::Action;

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
    Token(Box<TokenUse>),
}

/// An API token in use: what it may be used for, and the role and tenant it acts with. It is
/// no person: it works on incidents through the API, never signs in nor administers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUse {
    pub token_id: i64,
    pub name: String,
    pub scopes: BTreeSet<ApiScope>,
    /// The role and tenant the token acts with. `user_id` is 0 and `grants` empty: a token is
    /// nobody's, and platform tokens never read tenant-owned data under a grant.
    pub acting: SignedIn,
    /// The name the audit log and the timeline give the token.
    pub audit_name: String,
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

    pub fn with_token(token: TokenUse, source: impl Into<String>) -> Self {
        Self {
            identity: Identity::Token(Box::new(token)),
            source: source.into(),
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
            Identity::Token(t) => &t.acting.display_name,
        }
    }

    /// The name recorded in the audit log: unique and stable.
    pub fn audit_name(&self) -> &str {
        match &self.identity {
            Identity::User(u) => &u.email,
            Identity::Token(t) => &t.audit_name,
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

    /// Who works on incidents: the signed-in user, or the role and tenant an API token acts
    /// with. Administration, grants and sessions ask `signed_in` instead, which no token is.
    pub fn acting(&self) -> Option<&SignedIn> {
        match &self.identity {
            Identity::User(u) => Some(u),
            Identity::Token(t) => Some(&t.acting),
            _ => None,
        }
    }

    /// The acting user or token, or `Unauthenticated`.
    pub fn require_acting(&self) -> Result<&SignedIn, AppError> {
        self.acting().ok_or(AppError::Unauthenticated)
    }

    /// The API token making the request, if it is one.
    pub fn token(&self) -> Option<&TokenUse> {
        match &self.identity {
            Identity::Token(t) => Some(t),
            _ => None,
        }
    }

    pub fn side(&self) -> Option<Side> {
        self.acting().map(|u| u.role.side())
    }

    /// What this principal reads; anonymous requests read nothing.
    pub fn scope(&self) -> Result<Scope, AppError> {
        match &self.identity {
            Identity::Anonymous => Err(AppError::Unauthenticated),
            Identity::CommandLine => Ok(Scope::Everything),
            Identity::User(u) => Ok(Scope::Viewer(viewer_of(u))),
            Identity::Token(t) => Ok(Scope::Viewer(viewer_of(&t.acting))),
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

/// What a user, or the role a token acts with, reads.
fn viewer_of(u: &SignedIn) -> Viewer {
    match u.role.side() {
        Side::Tenant => Viewer::Tenant {
            tenant_id: u.tenant_id,
        },
        Side::Platform => Viewer::Platform {
            platform_tenant_id: u.platform_tenant_id,
            grants: u.grants.iter().map(|(g, _)| *g).collect(),
        },
    }
}

/// Whether `principal` may perform `action`: `Unauthenticated` without a user, `Forbidden`
/// when their role does not allow it. The command line may do anything.
pub fn authorize(principal: &Principal, action: Action) -> Result<(), AppError> {
    match &principal.identity {
        Identity::Anonymous => Err(AppError::Unauthenticated),
        Identity::CommandLine => Ok(()),
        Identity::Token(_) if !action.is_incident_work() => Err(AppError::Forbidden),
        Identity::User(_) | Identity::Token(_) => {
            let u = principal.require_acting()?;
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
