//! `/healthz`: the process is up. `/readyz`: the database answers, within two seconds.

use axum::{extract::State, http::StatusCode};
use backend::AppState;
use std::time::Duration;

const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(READY_TIMEOUT, state.db.ping()).await {
        Ok(true) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The answer to a page request while the database is away.
pub fn unavailable() -> (StatusCode, &'static str) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Tandem cannot reach its database right now; try again shortly.",
    )
}
