//! Who is making the request. Every server function asks here first, so that identity and
//! authorisation have exactly one entry point.

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A request without a signed-in user.
    Anonymous,
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
