//! One INFO line per answered request: status and latency here, with method, path and request
//! id from the `request` span around it, so that an id a user quotes from a response header
//! finds the request in the log.
//!
//! Health probes are polled every few seconds by whatever runs Tandem; logging each success
//! would bury the requests people make, so only a probe that fails is logged.

use axum::{extract::Request, middleware::Next, response::Response};
use std::time::Instant;
use tower_http::classify::ServerErrorsFailureClass;

const PROBES: [&str; 2] = ["/healthz", "/readyz"];

pub async fn log_request(request: Request, next: Next) -> Response {
    let probe = PROBES.contains(&request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    if !(probe && status.is_success()) {
        tracing::info!(
            status = status.as_u16(),
            latency = ?started.elapsed(),
            "request answered"
        );
    }
    response
}

/// For the trace layer: a response that failed while its body was being sent. An error status
/// is already in the request's line, so only these are logged here.
pub fn log_stream_failure(
    failure: ServerErrorsFailureClass,
    _latency: std::time::Duration,
    _span: &tracing::Span,
) {
    if let ServerErrorsFailureClass::Error(error) = failure {
        tracing::error!(%error, "response failed");
    }
}
