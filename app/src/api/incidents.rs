//! Incident endpoints: list, read, the new-incident form's options, and open.

use crate::error::AppError;
use crate::model::{IncidentDetail, IncidentFormOptions, IncidentPage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "incidents/list", input = GetUrl)]
pub async fn list_incidents(before: Option<i64>) -> Result<IncidentPage, AppError> {
    use crate::backend::{principal, services::incidents, state};
    let state = state::current()?;
    let principal = principal::current().await?;
    incidents::list(state.db.conn(), &principal, before, chrono::Utc::now()).await
}

#[server(prefix = "/api", endpoint = "incidents/get", input = GetUrl)]
pub async fn get_incident(key: String) -> Result<IncidentDetail, AppError> {
    use crate::backend::{principal, services::incidents, state};
    let state = state::current()?;
    let principal = principal::current().await?;
    let key = domain::IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    incidents::get(state.db.conn(), &principal, &key, chrono::Utc::now()).await
}

#[server(prefix = "/api", endpoint = "incidents/form", input = GetUrl)]
pub async fn new_incident_form() -> Result<IncidentFormOptions, AppError> {
    use crate::backend::{principal, services::tenants, state};
    let state = state::current()?;
    principal::current().await?;
    Ok(IncidentFormOptions {
        tenants: tenants::options(state.db.conn()).await?,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// Opens an incident, then sends the browser to its page.
#[server(prefix = "/api", endpoint = "incidents/create")]
pub async fn create_incident(
    title: String,
    description: String,
    severity: String,
    tenant: String,
    idempotency_key: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::incidents, state};
    use domain::{NewIncident, RawNewIncident};
    let state = state::current()?;
    let principal = principal::current().await?;
    let raw = RawNewIncident {
        title,
        description,
        severity,
        tenant,
    };
    let key = async {
        let new = NewIncident::parse(&raw).map_err(AppError::invalid)?;
        let idempotency_key = parse_idempotency_key(&idempotency_key)?;
        incidents::open(
            &state.db,
            &principal,
            &new,
            idempotency_key,
            chrono::Utc::now(),
        )
        .await
    }
    .await
    .map_err(|e| e.keeping(&raw))?;
    leptos_axum::redirect(&format!("/incidents/{key}"));
    Ok(())
}

/// A client-made token of at most 64 visible ASCII characters; empty means "none".
#[cfg(feature = "ssr")]
fn parse_idempotency_key(raw: &str) -> Result<Option<&str>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        key if key.len() <= 64 && key.bytes().all(|b| b.is_ascii_graphic()) => Ok(Some(key)),
        _ => Err(AppError::BadRequest),
    }
}
