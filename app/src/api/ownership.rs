//! Ownership endpoints: change an incident's facts (re-triage) and override its owner.

use contract::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Replaces the facts of incident `key`, seen at `version`, and triages it again.
#[server(prefix = "/api", endpoint = "incidents/facts", output = contract::codec::JsonText)]
pub async fn update_facts(
    key: String,
    version: i64,
    #[server(default)] area: String,
    #[server(default)] layer: String,
    #[server(default)] tenants_affected: String,
    #[server(default)] flags: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::incidents::FactsForm;
    use super::workspace::IncidentChange;
    use backend::incidents::ownership;
    let change = IncidentChange::of(&key).await?;
    let form = FactsForm {
        area,
        layer,
        tenants_affected,
        flags,
    };
    let facts = form
        .parse(&change.state.model)
        .map_err(|fields| AppError::invalid(fields).keeping(&form))?;
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    ownership::update_facts(change.workspace(), who, incident, version, facts, now).await?;
    change.done().await
}

/// Overrides the owner of incident `key`, seen at `version`, with a written reason. An empty
/// `owner` removes the override.
#[server(prefix = "/api", endpoint = "incidents/override", output = contract::codec::JsonText)]
pub async fn override_ownership(
    key: String,
    version: i64,
    owner: String,
    reason: String,
) -> Result<(), AppError> {
    use super::workspace::IncidentChange;
    use backend::incidents::ownership;
    use domain::{FieldError, OverrideReason, responsibility::Owner};
    let change = IncidentChange::of(&key).await?;
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
    let (owner_choice, reason_text) = contract::error::both(owner_choice, reason_text)
        .map_err(|e| e.keeping(&BTreeMap::from([("owner", &owner), ("reason", &reason)])))?;
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    ownership::override_owner(
        change.workspace(),
        who,
        incident,
        version,
        owner_choice,
        &reason_text,
        now,
    )
    .await?;
    change.done().await
}
