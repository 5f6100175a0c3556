//! What a server function starts from: the backend's state and the principal the sign-in gate
//! resolved for this request (never resolved a second time).

use backend::{AppState, Principal};
use contract::error::{AppError, internal};
use leptos::prelude::use_context;

/// The backend's state, provided to every server function by the router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// The principal of the request being served.
pub fn principal() -> Result<Principal, AppError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| internal("request parts missing from context"))?;
    backend::access::session::of_request(&parts.extensions)
}
