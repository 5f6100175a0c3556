//! Resolves the principal of every request once, from its session, into the request's
//! extensions, where server functions, pages and handlers all read it. Pages need a signed-in
//! user: without one, a page request is sent to `/login` with the page to come back to. Server
//! functions check for themselves (they answer 401); the sign-in pages, health checks and
//! static files are open.

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use backend::AppState;
use backend::access::session;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Paths anyone may request.
pub const OPEN_PREFIXES: [&str; 6] = [
    "/api/",
    "/pkg/",
    "/login",
    "/healthz",
    "/readyz",
    "/favicon.ico",
];

/// Paths that never act for anyone, so their requests need no principal.
const ANONYMOUS_PREFIXES: [&str; 4] = ["/pkg/", "/healthz", "/readyz", "/favicon.ico"];

pub fn is_open(path: &str) -> bool {
    OPEN_PREFIXES
        .iter()
        .any(|p| path == *p || path.starts_with(p))
}

pub async fn require_sign_in(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if ANONYMOUS_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return next.run(request).await;
    }
    let source = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    let session = request.extensions().get::<Session>().cloned();
    let resolved = session::resolve(&state, session.as_ref(), source).await;
    let page_request = !is_open(path) && matches!(*request.method(), Method::GET | Method::HEAD);
    let signed_in = match &resolved.0 {
        Ok(p) => p.signed_in().is_some(),
        Err(error) if page_request => {
            tracing::error!(?error, "cannot resolve the session");
            return crate::handlers::health::unavailable().into_response();
        }
        Err(_) => false,
    };
    if page_request && !signed_in {
        let wanted = request
            .uri()
            .path_and_query()
            .map_or("/incidents", |pq| pq.as_str());
        let target = format!("/login?next={}", contract::dto::percent_encode(wanted));
        let mut response = Redirect::to(&target).into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        return response;
    }
    request.extensions_mut().insert(resolved);
    next.run(request).await
}
