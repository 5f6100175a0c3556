//! Alert intake: `POST /api/v1/alerts/alertmanager` takes Prometheus Alertmanager's webhook
//! payload as Alertmanager sends it, `POST /api/v1/alerts` a generic event shaped like
//! PagerDuty's Events API v2. Each needs `alerts:write`; each token keeps to the alert rate
//! (429 with `Retry-After` past it). Every alert of a request is checked before any is
//! written; then each opens an incident or adds to the one its dedup key reaches
//! (`backend::alerts::intake`).

pub mod payloads;

use super::body::ApiJson;
use super::caller::Caller;
use super::problem::{FieldProblem, Problem, ProblemDetails};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::AppState;
use backend::alerts::intake::{self, Received};
use domain::FieldError;
use domain::access::ApiScope;
use domain::alert::{alertmanager, pagerduty};
use payloads::{AlertReceipt, AlertmanagerReceipt, EventReceipt};

/// Receives an Alertmanager notification: each firing alert opens an incident or adds to the
/// one its fingerprint reaches; each resolved one adds "Alert resolved" there.
#[utoipa::path(
    post,
    path = "/api/v1/alerts/alertmanager",
    tag = "alerts",
    request_body(content = payloads::AlertmanagerWebhook, content_type = "application/json"),
    responses(
        (status = 200, description = "Every alert received, in the order sent", body = AlertmanagerReceipt),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `alerts:write`, or its role does not open incidents", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 1 MiB", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, of the wrong type or has a value Tandem does not map; each is named (`alerts[3].labels.tandem_area`) and nothing was written", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 429, description = "The token is past its alert rate", body = ProblemDetails, content_type = "application/problem+json",
            headers(("Retry-After" = String, description = "Seconds to wait"))),
    ),
    security(("bearer" = ["alerts:write"]))
)]
pub async fn alertmanager(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<AlertmanagerReceipt>, Problem> {
    let who = caller.with(ApiScope::AlertsWrite)?;
    state.alert_rate.check(caller.token_id, state.clock.now())?;
    let webhook = alertmanager::parse(&state.model, &body).map_err(invalid)?;
    let now = state.clock.now();
    let received = intake::receive(state.workspace(), who, &webhook.alerts, now).await?;
    Ok(Json(AlertmanagerReceipt {
        alerts: received.into_iter().map(receipt).collect(),
    }))
}

/// Receives one event: `trigger` opens an incident or adds to the one its `dedup_key` reaches;
/// `acknowledge` and `resolve` add an entry there, and never move the incident.
#[utoipa::path(
    post,
    path = "/api/v1/alerts",
    tag = "alerts",
    request_body(content = payloads::AlertEvent, content_type = "application/json"),
    responses(
        (status = 202, description = "The event was received", body = EventReceipt),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `alerts:write`, or its role does not open incidents", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 1 MiB", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, of the wrong type or has an unknown value (`payload.severity`); each is named and nothing was written", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 429, description = "The token is past its alert rate", body = ProblemDetails, content_type = "application/problem+json",
            headers(("Retry-After" = String, description = "Seconds to wait"))),
    ),
    security(("bearer" = ["alerts:write"]))
)]
pub async fn event(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<(StatusCode, Json<EventReceipt>), Problem> {
    let who = caller.with(ApiScope::AlertsWrite)?;
    state.alert_rate.check(caller.token_id, state.clock.now())?;
    let event = pagerduty::parse(&state.model, &body).map_err(invalid)?;
    let now = state.clock.now();
    let alerts = [event.alert];
    let received = intake::receive(state.workspace(), who, &alerts, now).await?;
    let first = received
        .into_iter()
        .next()
        .map(receipt)
        .ok_or_else(|| Problem::from(contract::error::internal("an event was not received")))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(EventReceipt {
            status: "success".to_owned(),
            message: "Event processed".to_owned(),
            dedup_key: first.dedup_key,
            action: first.action,
            incident: first.incident,
        }),
    ))
}

fn receipt(received: Received) -> AlertReceipt {
    AlertReceipt {
        dedup_key: received.key.as_str().to_owned(),
        status: received.status.code().to_owned(),
        action: received.handled.code().to_owned(),
        incident: received.incident.map(|key| key.to_string()),
    }
}

/// 422 naming every field that needs correcting.
fn invalid(errors: Vec<FieldError>) -> Problem {
    Problem::fields(
        errors
            .into_iter()
            .map(|e| FieldProblem {
                field: e.field,
                message: e.message,
            })
            .collect(),
    )
}
