//! What every request can reach: configuration for rendering, the database and the model.

use super::Database;
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
