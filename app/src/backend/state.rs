//! What every request can reach: configuration for rendering, the database and the model.

use super::{Clock, Database};
use crate::error::{AppError, internal};
use axum::extract::FromRef;
use domain::responsibility::ResponsibilityModel;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
    /// The shared responsibility model, loaded and checked at start-up.
    pub model: Arc<ResponsibilityModel>,
    pub clock: Arc<dyn Clock>,
    pub sessions: SessionPolicy,
    /// The operator's name, shown as the platform's.
    pub operator_name: String,
    /// Where changes are announced to open pages.
    pub events: super::events::EventBus,
    /// SLA targets per severity.
    pub sla: Arc<domain::sla::SlaPolicy>,
}

/// How long a session lasts: it ends after `idle_timeout` without a request, and after
/// `absolute_lifetime` whatever happens.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle_timeout: chrono::Duration,
    pub absolute_lifetime: chrono::Duration,
    /// Mark the cookie `Secure` (serve over TLS).
    pub secure_cookie: bool,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state provided to server functions by the router.
pub fn current() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| internal("AppState missing from context"))
}
