//! Pages need a signed-in user: without one, a page request is sent to `/login` with the page
//! to come back to. Server functions check for themselves (they answer 401); the sign-in pages,
//! health checks and static files are open.

use app::backend::{AppState, principal};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
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

pub fn is_open(path: &str) -> bool {
    OPEN_PREFIXES
        .iter()
        .any(|p| path == *p || path.starts_with(p))
}

pub async fn require_sign_in(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if is_open(path) || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let source = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    match principal::from_session(&state, &session, source).await {
        Ok(p) if p.signed_in().is_some() => next.run(request).await,
        Ok(_) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map_or("/incidents", |pq| pq.as_str());
            let target = format!("/login?next={}", app::model::percent_encode(wanted));
            let mut response = Redirect::to(&target).into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(error) => {
            tracing::error!(?error, "cannot resolve the session");
            crate::health::unavailable().into_response()
        }
    }
}
