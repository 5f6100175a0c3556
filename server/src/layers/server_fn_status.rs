//! Gives server-function errors their real HTTP status.
//!
//! The server-function machinery answers every error with 500; the body is our `AppError`
//! as JSON, which knows whether it was the client's fault (400, 404, 409, 422) or ours.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};
use contract::error::AppError;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Error bodies are small; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 256 * 1024;

pub async fn map_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key(SERVER_FN_ERROR_HEADER);
    if !is_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
