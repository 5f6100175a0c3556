//! Changing an incident: its facts (`PATCH …/facts`, re-triaged), its severity
//! (`PUT …/severity`) and its lifecycle stage (`POST …/status`, a move along the lifecycle).
//! Each is its own resource and its own transaction, so a request changes one thing or nothing.
//! Each needs `If-Match` with the version read, answers 412 with the incident as it is now when
//! someone changed it first, and 200 with the new representation and `ETag` otherwise.

use super::body::{ApiJson, present};
use super::caller::Caller;
use super::incidents::{parse_key, read};
use super::preconditions::IfMatch;
use super::problem::{Problem, ProblemDetails};
use super::written::{Reply, WrittenIncident, as_json, incident_after, unless_stale};
use axum::extract::{Path, State};
use backend::incidents::{lifecycle, ownership};
use backend::{AppState, Principal};
use contract::error::AppError;
use domain::access::ApiScope;
use domain::responsibility::Facts;
use domain::{FieldError, IncidentStatus, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Facts to change; a field left out keeps its value, `null` makes it unknown again.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsChange {
    /// A responsibility area of the model.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub area: Option<Option<String>>,
    /// `platform` or `tenant`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub layer: Option<Option<String>>,
    /// `none`, `one`, `several` or `all`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub tenants_affected: Option<Option<String>>,
    /// The whole set of flags, replacing the current one.
    #[serde(default)]
    pub flags: Option<BTreeSet<String>>,
}

/// A new severity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityChange {
    /// `SEV1` (most severe) to `SEV4`.
    #[serde(default)]
    #[schema(required = true, example = "SEV1")]
    pub severity: String,
}

/// A move to another lifecycle stage.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusMove {
    /// new, triaged, investigating, contained, eradicated, recovered, resolved or closed; one
    /// stage on, or back to investigating.
    #[serde(default)]
    #[schema(required = true, example = "triaged")]
    pub status: String,
}

/// Changes the facts of incident `key` and triages it again.
#[utoipa::path(
    patch,
    path = "/api/v1/incidents/{key}/facts",
    tag = "incidents",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("If-Match" = String, Header, description = "The version read, as `\"N\"`"),
    ),
    request_body(content = FactsChange, content_type = "application/json"),
    responses(
        (status = 200, description = "Re-triaged: the incident, or its key alone when triage gave it to the other side", body = WrittenIncident,
            headers(("ETag" = String, description = "The new version"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:write`, or its role does not change facts", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 412, description = "Changed since that version; the incident as it is now in `current`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or unknown", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:write"]))
)]
pub async fn facts(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    version: Result<IfMatch, Problem>,
    body: Result<ApiJson<FactsChange>, Problem>,
) -> Result<Reply<WrittenIncident>, Problem> {
    let who = caller.with(ApiScope::IncidentsWrite)?;
    let (IfMatch(version), ApiJson(change)) = (version?, body?);
    let incident = parse_key(&key)?;
    let known = read(&state, who, &key).await?.ownership;
    let pick = |changed: Option<Option<String>>, kept: Option<String>| {
        changed.unwrap_or(kept).unwrap_or_default()
    };
    let facts = Facts::parse_form(
        &state.model,
        &pick(change.area, known.area),
        &pick(change.layer, known.layer),
        &pick(change.tenants_affected, known.tenants_affected),
        change
            .flags
            .unwrap_or_else(|| known.flags.into_iter().collect()),
    )
    .map_err(AppError::invalid)?;
    let now = state.clock.now();
    let outcome =
        ownership::update_facts(state.workspace(), who, &incident, version, facts, now).await;
    unless_stale(outcome, || current(&state, who, &key)).await?;
    Ok(Reply::incident(incident_after(&state, who, &key).await?))
}

/// Changes the severity of incident `key`; the SLA deadlines follow.
#[utoipa::path(
    put,
    path = "/api/v1/incidents/{key}/severity",
    tag = "incidents",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("If-Match" = String, Header, description = "The version read, as `\"N\"`"),
    ),
    request_body(content = SeverityChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The incident with its new severity", body = super::model::Incident,
            headers(("ETag" = String, description = "The new version"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:write`, or its role only reads", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 412, description = "Changed since that version; the incident as it is now in `current`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "Not a severity, the current one, or one the token's side may not set", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:write"]))
)]
pub async fn severity(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    version: Result<IfMatch, Problem>,
    body: Result<ApiJson<SeverityChange>, Problem>,
) -> Result<Reply<WrittenIncident>, Problem> {
    let who = caller.with(ApiScope::IncidentsWrite)?;
    let (IfMatch(version), ApiJson(change)) = (version?, body?);
    let incident = parse_key(&key)?;
    let severity = Severity::parse(&change.severity).map_err(|m| field("severity", m))?;
    let now = state.clock.now();
    let ws = state.workspace();
    let outcome = lifecycle::change_severity(ws, who, &incident, version, severity, now).await;
    unless_stale(outcome, || current(&state, who, &key)).await?;
    Ok(Reply::incident(incident_after(&state, who, &key).await?))
}

/// Moves incident `key` to another lifecycle stage.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{key}/status",
    tag = "incidents",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("If-Match" = String, Header, description = "The version read, as `\"N\"`"),
    ),
    request_body(content = StatusMove, content_type = "application/json"),
    responses(
        (status = 200, description = "The incident at its new stage", body = super::model::Incident,
            headers(("ETag" = String, description = "The new version"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:write`, or its role only reads", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 412, description = "Changed since that version; the incident as it is now in `current`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "Not a stage, or not a move open to the token's side now (`status` says why)", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:write"]))
)]
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    version: Result<IfMatch, Problem>,
    body: Result<ApiJson<StatusMove>, Problem>,
) -> Result<Reply<WrittenIncident>, Problem> {
    let who = caller.with(ApiScope::IncidentsWrite)?;
    let (IfMatch(version), ApiJson(change)) = (version?, body?);
    let incident = parse_key(&key)?;
    let to = IncidentStatus::parse(change.status.trim())
        .ok_or_else(|| field("status", "Choose a lifecycle stage, such as `triaged`."))?;
    let now = state.clock.now();
    let outcome = lifecycle::move_status(state.workspace(), who, &incident, version, to, now).await;
    unless_stale(outcome, || current(&state, who, &key)).await?;
    Ok(Reply::incident(incident_after(&state, who, &key).await?))
}

/// The incident as `who` sees it now, for a 412.
async fn current(
    state: &AppState,
    who: &Principal,
    key: &str,
) -> Result<serde_json::Value, Problem> {
    as_json(&read(state, who, key).await?)
}

fn field(name: &str, message: impl Into<String>) -> Problem {
    Problem::from(AppError::invalid(vec![FieldError::new(name, message)]))
}
