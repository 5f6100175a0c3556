//! The REST API's errors as RFC 9457 problem details (`application/problem+json`): a status, a
//! title, what went wrong, and for invalid input each field with its message. Internal causes
//! never leave the server; the client gets the correlation id the log has them under.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::error::AppError;
use domain::access::ApiScope;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem with one field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as named in the request body or query (e.g. `severity`, `payload.summary`).
    pub field: String,
    pub message: String,
}

/// An error answer (RFC 9457), boxed so that results carrying one stay small.
#[derive(Debug, Clone)]
pub struct Problem(pub Box<ProblemDetails>);

/// The body of an error answer (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemDetails {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Each field that needs correcting.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// The reference under which the server logged the cause of a 5xx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// For a stale change (412): the resource as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
    /// Seconds to wait, for 429 and 503 (also sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<i64>,
}

impl Problem {
    pub fn new(status: StatusCode, title: &str, detail: impl Into<Option<String>>) -> Self {
        Self(Box::new(ProblemDetails {
            kind: "about:blank".to_owned(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            correlation_id: None,
            current: None,
            retry_after: None,
        }))
    }

    /// 401: no usable bearer token (missing, malformed, unknown, expired or revoked alike).
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Unauthenticated",
            "Send a valid API token as `Authorization: Bearer tdm_…`.".to_owned(),
        )
    }

    /// 403: the token lacks `scope`.
    pub fn missing_scope(scope: ApiScope) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Missing scope",
            format!("This token does not have the scope `{scope}`."),
        )
    }

    /// 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::fields(vec![FieldProblem {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// 422 for several fields.
    pub fn fields(errors: Vec<FieldProblem>) -> Self {
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        let mut problem = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid request",
            format!("Check {}.", named.join(", ")),
        );
        problem.0.errors = errors;
        problem
    }

    /// 412: the change was made from another version than the current one.
    pub fn stale(current: serde_json::Value) -> Self {
        let mut problem = Self::new(
            StatusCode::PRECONDITION_FAILED,
            "Changed since you read it",
            "Nothing was saved: `If-Match` names another version. The current state is in `current`."
                .to_owned(),
        );
        problem.0.current = Some(current);
        problem
    }

    /// 428: a change sent without `If-Match`.
    pub fn version_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "Version required",
            "Send the version you read as `If-Match: \"N\"`.".to_owned(),
        )
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        let status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut problem = match &error {
            AppError::Invalid { fields, .. } => Self::fields(
                fields
                    .iter()
                    .map(|f| FieldProblem {
                        field: f.field.clone(),
                        message: f.message.clone(),
                    })
                    .collect(),
            ),
            AppError::Unauthenticated => Self::unauthenticated(),
            other => Self::new(status, title_of(status), other.to_string()),
        };
        match error {
            AppError::Internal { correlation_id } | AppError::Unavailable { correlation_id } => {
                problem.0.correlation_id = Some(correlation_id);
            }
            AppError::Throttled { retry_after_secs } => {
                problem.0.retry_after = Some(retry_after_secs);
            }
            _ => {}
        }
        problem
    }
}

fn title_of(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let details = self.0;
        let status =
            StatusCode::from_u16(details.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&details).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = details.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string())
        {
            headers.insert(header::RETRY_AFTER, value);
        }
        response
    }
}
