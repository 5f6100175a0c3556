//! The shared responsibility model in force, read-only.

use contract::error::AppError;
use domain::responsibility::ResponsibilityModel;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "model", input = GetUrl, output = contract::codec::JsonText)]
pub async fn get_model() -> Result<ResponsibilityModel, AppError> {
    let state = super::context::state()?;
    super::context::principal()?.scope()?;
    Ok((*state.model).clone())
}
