//! The REST API, `/api/v1`: incidents, their tasks and timelines, and alert intake, for
//! integrations holding an API token (`Authorization: Bearer tdm_…`). It calls the same backend
//! use cases, through the same permission checks and visibility gate, as the pages. Errors are
//! problem details (RFC 9457); the OpenAPI 3.1 document is generated from the handlers below
//! and served at `/api/v1/openapi.json`, with a reference page at `/api/docs`.

pub mod alerts;
pub mod body;
pub mod caller;
pub mod changes;
pub mod create;
pub mod incidents;
pub mod model;
pub mod preconditions;
pub mod problem;
pub mod task_input;
pub mod tasks;
pub mod timeline;
pub mod written;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, patch, post, put};
use serde::Serialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The API's OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tandem REST API",
        version = "1",
        description = "Incidents, their remediation tasks and timelines, and alert intake, for integrations holding a Tandem API token."
    ),
    paths(
        incidents::list,
        incidents::get,
        create::create,
        changes::facts,
        changes::severity,
        changes::status,
        tasks::list,
        tasks::get,
        tasks::add,
        tasks::update,
        timeline::list,
        timeline::get,
        timeline::add_note,
        alerts::alertmanager,
        alerts::event,
    ),
    components(schemas(problem::ProblemDetails, problem::FieldProblem)),
    modifiers(&BearerToken),
    tags(
        (name = "incidents", description = "Incidents as the token's role may see them"),
        (name = "tasks", description = "The remediation tasks of an incident's two workstreams"),
        (name = "timeline", description = "An incident's timeline, and notes written on it"),
        (name = "alerts", description = "Alerts from monitoring that open incidents or add to the one their dedup key reaches"),
    )
)]
pub struct ApiDoc;

/// Declares the bearer token scheme every operation uses.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The `/api/v1` routes and the reference page.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    backend::AppState: axum::extract::FromRef<S>,
{
    // Named first so that each route below, path and handlers, stays on one line when
    // formatted: the access table's test reads the paths from this file.
    let incident_list = get(incidents::list).post(create::create);
    let task_list = get(tasks::list).post(tasks::add);
    let one_task = get(tasks::get).patch(tasks::update);
    let timeline_list = get(timeline::list).post(timeline::add_note);
    let api = Router::new()
        .route("/api/v1/incidents", incident_list)
        .route("/api/v1/incidents/{key}", get(incidents::get))
        .route("/api/v1/incidents/{key}/facts", patch(changes::facts))
        .route("/api/v1/incidents/{key}/severity", put(changes::severity))
        .route("/api/v1/incidents/{key}/status", post(changes::status))
        .route("/api/v1/incidents/{key}/tasks", task_list)
        .route("/api/v1/incidents/{key}/tasks/{id}", one_task)
        .route("/api/v1/incidents/{key}/timeline", timeline_list)
        .route("/api/v1/incidents/{key}/timeline/{id}", get(timeline::get))
        .route("/api/v1/alerts", post(alerts::event))
        .route("/api/v1/alerts/alertmanager", post(alerts::alertmanager))
        .route("/api/v1/{*rest}", any(not_found));
    // Swagger UI's own page loads its script and styles from this server only.
    let docs = Router::from(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", ApiDoc::openapi()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        ));
    api.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(body::as_problem))
        .merge(docs)
}

async fn not_found() -> problem::Problem {
    problem::Problem::new(StatusCode::NOT_FOUND, "Not Found", None)
}

/// A resource with its version as `ETag`, to send back in `If-Match`.
pub struct Versioned<T> {
    version: i64,
    body: T,
}

impl<T> Versioned<T> {
    pub fn new(version: i64, body: T) -> Self {
        Self { version, body }
    }
}

impl<T: Serialize> IntoResponse for Versioned<T> {
    fn into_response(self) -> Response {
        let mut response = axum::Json(self.body).into_response();
        if let Ok(tag) = HeaderValue::from_str(&format!("\"{}\"", self.version)) {
            response.headers_mut().insert(header::ETAG, tag);
        }
        response
    }
}
