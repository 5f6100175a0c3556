//! What the API's writes answer: the resource as it now is, with its version as `ETag`, a
//! `Location` for what a create made, and `Idempotent-Replayed: true` when an earlier request
//! with the same key had made it. A write that (re-)triages an incident out of the token's
//! sight answers its key only. A stale write answers 412 with the resource as it is now.

use super::incidents::read;
use super::model::Incident;
use super::problem::Problem;
use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backend::{AppState, Principal};
use contract::error::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The header that marks the answer to a retried create.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// An incident the write has put out of the token's sight (triage gave it to the other side).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HandedOver {
    #[schema(example = "ACME-42")]
    pub key: String,
    pub detail: String,
}

/// An incident after a write: as the token now sees it, or handed over out of its sight.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum WrittenIncident {
    Incident(Box<Incident>),
    HandedOver(HandedOver),
}

/// Incident `key` as `who` sees it after a write.
pub async fn incident_after(
    state: &AppState,
    who: &Principal,
    key: &str,
) -> Result<WrittenIncident, Problem> {
    match read(state, who, key).await {
        Ok(incident) => Ok(WrittenIncident::Incident(Box::new(incident))),
        Err(problem) if problem.0.status == StatusCode::NOT_FOUND.as_u16() => {
            Ok(WrittenIncident::HandedOver(HandedOver {
                key: key.to_owned(),
                detail: "Saved. Triage made the incident the other side's, so this token no longer sees it.".to_owned(),
            }))
        }
        Err(problem) => Err(problem),
    }
}

/// A write's answer.
pub struct Reply<T> {
    status: StatusCode,
    body: T,
    version: Option<i64>,
    location: Option<String>,
    replayed: bool,
}

impl<T: Serialize> Reply<T> {
    /// 200 with `body` at `version`.
    pub fn ok(body: T, version: Option<i64>) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            version,
            location: None,
            replayed: false,
        }
    }

    /// 201 with what was made at `location` (or what an earlier request with the key made).
    pub fn created(body: T, version: Option<i64>, location: String, replayed: bool) -> Self {
        Self {
            status: StatusCode::CREATED,
            body,
            version,
            location: Some(location),
            replayed,
        }
    }
}

impl Reply<WrittenIncident> {
    /// The incident's version, when the token still sees it.
    pub fn incident(body: WrittenIncident) -> Self {
        let version = match &body {
            WrittenIncident::Incident(incident) => Some(incident.version),
            WrittenIncident::HandedOver(_) => None,
        };
        Self::ok(body, version)
    }
}

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        let headers = response.headers_mut();
        if let Some(tag) = self
            .version
            .and_then(|v| HeaderValue::from_str(&format!("\"{v}\"")).ok())
        {
            headers.insert(header::ETAG, tag);
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        if self.replayed {
            headers.insert(REPLAYED, HeaderValue::from_static("true"));
        }
        response
    }
}

/// A write's outcome, with the service's `Conflict` (someone saved first) turned into 412 with
/// what `current` reads now.
pub async fn unless_stale<F>(
    outcome: Result<(), AppError>,
    current: impl FnOnce() -> F,
) -> Result<(), Problem>
where
    F: Future<Output = Result<serde_json::Value, Problem>>,
{
    match outcome {
        Err(AppError::Conflict { .. }) => Err(Problem::stale(current().await?)),
        other => Ok(other?),
    }
}

/// `value` as JSON for a problem's `current`.
pub fn as_json(value: &impl Serialize) -> Result<serde_json::Value, Problem> {
    serde_json::to_value(value)
        .map_err(|e| Problem::from(contract::error::internal(format!("not JSON: {e}"))))
}
