//! The shared responsibility model in force, read-only.

use crate::error::AppError;
use domain::responsibility::ResponsibilityModel;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "model", input = GetUrl)]
pub async fn get_model() -> Result<ResponsibilityModel, AppError> {
    use crate::backend::{principal, state};
    let state = state::current()?;
    principal::current().await?.scope()?;
    Ok((*state.model).clone())
}
