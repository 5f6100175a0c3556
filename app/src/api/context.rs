//! What a server function starts from: the backend's state, the principal the sign-in gate
//! resolved for this request (never resolved a second time), and the request's session.

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

/// The request's server-side session.
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|_| internal("session layer missing"))
}

/// Whether the request is a plain form post from a page without JavaScript, which is answered
/// with a redirect rather than data: the browser says it accepts HTML, as leptos_axum decides.
pub fn plain_form_post() -> Result<bool, AppError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| internal("request parts missing from context"))?;
    Ok(parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html")))
}

/// A client-made idempotency key of at most 64 visible ASCII characters; empty means "none".
pub fn idempotency_key(raw: &str) -> Result<Option<&str>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        key if key.len() <= 64 && key.bytes().all(|b| b.is_ascii_graphic()) => Ok(Some(key)),
        _ => Err(AppError::BadRequest),
    }
}
