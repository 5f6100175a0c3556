//! Who is making the request and what they may do. Every server function asks here first, so
//! that identity and authorisation have exactly one entry point.

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A request without a signed-in user.
    Anonymous,
}

/// Changes that need a permission beyond reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OpenIncident,
    EditFacts,
    OverrideOwnership,
}

impl Principal {
    /// The name recorded as reporter and author.
    pub fn display_name(&self) -> &str {
        match self {
            Self::Anonymous => "anonymous",
        }
    }
}

/// The principal of the request being served.
pub async fn current() -> Result<Principal, AppError> {
    Ok(Principal::Anonymous)
}

/// Whether `principal` may perform `action`. Without accounts every request acts as the same
/// operator, so every action is allowed; roles decide here once they exist.
pub fn authorize(principal: &Principal, action: Action) -> Result<(), AppError> {
    match (principal, action) {
        (
            Principal::Anonymous,
            Action::OpenIncident | Action::EditFacts | Action::OverrideOwnership,
        ) => Ok(()),
    }
}
