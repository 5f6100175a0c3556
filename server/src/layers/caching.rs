//! What browsers and shared caches may keep. Pages, server-function answers and streams depend on
//! who is signed in, so none of them is stored anywhere (`no-store`, and `Vary: Cookie` for caches
//! that ignore it): the back button after sign-out shows nothing of the session, and no proxy
//! hands one tenant's page to another. The site's own files (`/pkg/`) are the same for everyone;
//! their names carry no content hash, so browsers keep them but check for a newer build before
//! use (`no-cache`) instead of holding a stale one for a year. With secure cookies the site is
//! served over HTTPS only, and says so (`Strict-Transport-Security`).

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// The site's static files, built by `cargo leptos` into `site-pkg-dir`.
const STATIC_PREFIX: &str = "/pkg/";

pub const PER_USER: &str = "no-store";
pub const STATIC_FILES: &str = "public, no-cache";
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

pub async fn set_cache_headers(
    State(https_only): State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let is_static = request.uri().path().starts_with(STATIC_PREFIX);
    let mut response = next.run(request).await;
    let shared = is_static && response.status().is_success();
    let headers = response.headers_mut();
    if shared {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(STATIC_FILES),
        );
    } else {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PER_USER));
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    }
    if https_only {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
