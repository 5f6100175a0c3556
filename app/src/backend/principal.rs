//! Who is making the request, from where, and what they may do. Every server function asks
//! here first, so that identity and authorisation have exactly one entry point.

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    identity: Identity,
    /// Where the request came from (the client's address), for the audit log.
    source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// A request without a signed-in user.
    Anonymous,
    /// An operator running a `tandem` command on the server itself.
    CommandLine,
}

/// Changes that need a permission beyond reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OpenIncident,
    EditFacts,
    OverrideOwnership,
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

    /// The name recorded as reporter, author and audit actor.
    pub fn display_name(&self) -> &str {
        match self.identity {
            Identity::Anonymous => "anonymous",
            Identity::CommandLine => "tandem (command line)",
        }
    }

    pub fn source(&self) -> &str {
        &self.source
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
    Ok(Principal::anonymous(source))
}

/// Whether `principal` may perform `action`. Without accounts every request acts as the same
/// operator, so every action is allowed; roles decide here once they exist.
pub fn authorize(principal: &Principal, action: Action) -> Result<(), AppError> {
    match (principal.identity, action) {
        (
            Identity::Anonymous | Identity::CommandLine,
            Action::OpenIncident | Action::EditFacts | Action::OverrideOwnership,
        ) => Ok(()),
    }
}
