//! `POST /api/v1/incidents`: opening an incident through the same use case as the new-incident
//! page (triage, first timeline entries, playbook tasks, audit), retried safely with an
//! `Idempotency-Key`.

use super::body::ApiJson;
use super::caller::Caller;
use super::preconditions::{IdempotencyKey, Keyed};
use super::problem::{Problem, ProblemDetails};
use super::written::{Reply, WrittenIncident, incident_after};
use axum::extract::State;
use backend::AppState;
use backend::incidents::open;
use contract::error::both;
use domain::access::{ApiScope, Side};
use domain::responsibility::Facts;
use domain::{FieldError, NewIncident, RawNewIncident};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// A new incident. Any field not listed here (`owner`, `version`, `tenant_id`…) is refused:
/// ownership comes from triage and numbers from the server, never from the request.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIncidentRequest {
    #[serde(default)]
    #[schema(required = true, example = "Phishing mail reached the finance team")]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[schema(required = true)]
    pub description: String,
    /// `SEV1` (most severe) to `SEV4`.
    #[serde(default)]
    #[schema(required = true, example = "SEV2")]
    pub severity: String,
    /// The key of the tenant affected. A tenant's token may leave it out (its own tenant) and
    /// may name no other; a platform token must name one, the platform's own key for a
    /// platform-wide incident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "ACME")]
    pub tenant: Option<String>,
    /// A responsibility area of the model; left out, it is suggested from the text.
    #[serde(default)]
    pub area: Option<String>,
    /// `platform` or `tenant`.
    #[serde(default)]
    pub layer: Option<String>,
    /// `none`, `one`, `several` or `all`.
    #[serde(default)]
    pub tenants_affected: Option<String>,
    /// Flag ids of the model.
    #[serde(default)]
    pub flags: BTreeSet<String>,
}

/// Opens an incident and triages it; answers it as the token now sees it.
#[utoipa::path(
    post,
    path = "/api/v1/incidents",
    tag = "incidents",
    params(("Idempotency-Key" = Option<String>, Header, description = "Up to 64 visible ASCII characters naming this request; a retry with the same key and body answers the first result, the same key with another body is refused (422)")),
    request_body(content = NewIncidentRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Opened (or opened by an earlier request with the same `Idempotency-Key`: then `Idempotent-Replayed: true`)", body = WrittenIncident,
            headers(
                ("Location" = String, description = "The incident's address"),
                ("ETag" = String, description = "The incident's version, when the token sees it"),
            )),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:write`, or its role does not open incidents", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 1 MiB", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or unknown, or the `Idempotency-Key` was used for another request", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:write"]))
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    key: Result<IdempotencyKey, Problem>,
    body: Result<ApiJson<NewIncidentRequest>, Problem>,
) -> Result<Reply<WrittenIncident>, Problem> {
    let who = caller.with(ApiScope::IncidentsWrite)?;
    let (key, ApiJson(mut request)) = (key?, body?);
    request.tenant = Some(tenant_named(who, request.tenant.take())?);
    let raw = RawNewIncident {
        title: request.title.clone(),
        description: request.description.clone(),
        severity: request.severity.clone(),
        tenant: request.tenant.clone().unwrap_or_default(),
    };
    let facts = Facts::parse_form(
        &state.model,
        request.area.as_deref().unwrap_or_default(),
        request.layer.as_deref().unwrap_or_default(),
        request.tenants_affected.as_deref().unwrap_or_default(),
        request.flags.iter().cloned(),
    );
    let (new, facts) = both(NewIncident::parse(&raw), facts)?;
    let keyed = Keyed::of(&key, &caller, "POST /api/v1/incidents", &request)?;
    let submission = Keyed::submission(keyed.as_ref());
    let now = state.clock.now();
    let opened = open::submit(state.workspace(), who, &new, facts, submission, now).await?;
    let key = opened.id.to_string();
    let incident = incident_after(&state, who, &key).await?;
    let version = match &incident {
        WrittenIncident::Incident(i) => Some(i.version),
        WrittenIncident::HandedOver(_) => None,
    };
    let location = format!("/api/v1/incidents/{key}");
    Ok(Reply::created(incident, version, location, opened.replayed))
}

/// The tenant the incident is for: as named, or a tenant token's own when it names none.
fn tenant_named(who: &backend::Principal, named: Option<String>) -> Result<String, Problem> {
    let acting = who.require_acting()?;
    match named.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
        Some(tenant) => Ok(tenant),
        None if acting.role.side() == Side::Tenant => Ok(acting.tenant_key.clone()),
        None => Err(Problem::from(contract::error::AppError::invalid(vec![
            FieldError::new(
                "tenant",
                "Name the tenant affected (the platform's own key for a platform-wide incident).",
            ),
        ]))),
    }
}
