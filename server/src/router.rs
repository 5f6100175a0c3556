//! The HTTP router: health checks, pages, server functions, static files and the REST API
//! (`crate::rest`), behind the layers
//! every request passes (request id, tracing and the request log, body limit, cross-site refusal,
//! headers).

use crate::handlers::{audit_checkpoint, audit_export, health, live};
use crate::layers::{caching, cross_site, request_log, server_fn_status, sign_in_gate};
use app::{App, shell};
use axum::{
    Router,
    extract::FromRef,
    http::{HeaderName, HeaderValue, Request, header},
    middleware,
    routing::get,
};
use backend::{AppState, identity::session_store::DbSessionStore};
use leptos::config::LeptosOptions;
use leptos::nonce::provide_nonce;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use tower::ServiceBuilder;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

/// Largest request body accepted; the biggest form (an incident) is far below it.
pub const MAX_BODY_BYTES: usize = 128 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tandem_session";

/// The app's pages, listed once per process. Listing them sets a process-wide flag that stops
/// every `Resource` from loading meanwhile, so a page rendered during a second listing (another
/// router being built in the same process, as the tests do) would never finish.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The router's state: the backend's, and what rendering needs (kept out of the backend).
#[derive(Clone, Debug)]
pub struct ServerState {
    pub app: AppState,
    pub leptos_options: LeptosOptions,
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn build_router(state: AppState, leptos_options: LeptosOptions) -> Router {
    let routes = route_list();
    let options = leptos_options.clone();
    // Pages and server functions find the backend's state in their context.
    let context = {
        let state = state.clone();
        move || {
            provide_nonce();
            provide_context(state.clone());
        }
    };
    let server_state = ServerState {
        app: state.clone(),
        leptos_options,
    };
    let store = DbSessionStore::new(state.db.clone(), state.clock.clone());
    let idle = time::Duration::seconds(state.sessions.idle_timeout.num_seconds());
    // Lax so that a link to an incident from mail or chat arrives signed in; cross-site
    // writes are refused by the layer below whatever the cookie does.
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.sessions.secure_cookie)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/admin/audit.csv", get(audit_export::export))
        .route("/admin/audit/checkpoint.json", get(audit_checkpoint::download))
        .route("/api/live/incidents", get(live::incident_list))
        .route("/api/live/incidents/{key}", get(live::incident))
        .leptos_routes_with_context(&server_state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn(server_fn_status::map_error_status))
        // Pages and server functions take small forms; the REST API sets its own limit.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .merge(crate::rest::router())
        .layer(middleware::from_fn_with_state(state.clone(), sign_in_gate::require_sign_in))
        .layer(sessions)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
                })
                .on_response(())
                .on_failure(request_log::log_stream_failure))
                .layer(middleware::from_fn(request_log::log_request))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                // Outside the refusal, so that refusals carry the headers too.
                .layer(middleware::from_fn_with_state(
                    state.sessions.secure_cookie,
                    caching::set_cache_headers,
                ))
                .layer(middleware::from_fn(cross_site::refuse_cross_site))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                // Pages set their own policy with the hydration script's nonce; everything else
                // (JSON, static files, errors) gets one that allows nothing.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                    ),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                )),
        )
        .with_state(server_state)
}
