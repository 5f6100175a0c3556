//! Ownership endpoints: change an incident's facts (re-triage) and override its owner.

use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Replaces the facts of incident `key`, seen at `version`, and triages it again.
#[server(prefix = "/api", endpoint = "incidents/facts")]
pub async fn update_facts(
    key: String,
    version: i64,
    #[server(default)] area: String,
    #[server(default)] layer: String,
    #[server(default)] tenants_affected: String,
    #[server(default)] flags: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::incidents::FactsForm;
    use crate::backend::{principal, services::ownership, state};
    use domain::IncidentKey;
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let form = FactsForm {
        area,
        layer,
        tenants_affected,
        flags,
    };
    let facts = form
        .parse(&state.model)
        .map_err(|fields| AppError::invalid(fields).keeping(&form))?;
    let now = state.clock.now();
    ownership::update_facts(
        state.workspace(),
        &principal,
        &incident,
        version,
        facts,
        now,
    )
    .await?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}

/// Overrides the owner of incident `key`, seen at `version`, with a written reason. An empty
/// `owner` removes the override.
#[server(prefix = "/api", endpoint = "incidents/override")]
pub async fn override_ownership(
    key: String,
    version: i64,
    owner: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::ownership, state};
    use domain::{FieldError, IncidentKey, OverrideReason, responsibility::Owner};
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let owner_choice = match owner.as_str() {
        "" => Ok(None),
        code => Owner::parse(code).map(Some).ok_or_else(|| {
            vec![FieldError::new(
                "owner",
                "Choose platform, tenant or shared.",
            )]
        }),
    };
    let reason_text =
        OverrideReason::parse(&reason).map_err(|m| vec![FieldError::new("reason", m)]);
    let (owner_choice, reason_text) = crate::error::both(owner_choice, reason_text)
        .map_err(|e| e.keeping(&BTreeMap::from([("owner", &owner), ("reason", &reason)])))?;
    let now = state.clock.now();
    ownership::override_owner(
        state.workspace(),
        &principal,
        &incident,
        version,
        owner_choice,
        &reason_text,
        now,
    )
    .await?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}
