//! What every request can reach: configuration for rendering and the database.

use super::Database;
use crate::error::{AppError, internal};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Database,
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
