//! `/api/v1/incidents/{key}/timeline`: the entries the token's side may read, newest first and
//! paged back with `before`, filtered by kind and visibility as on the incident page; and
//! writing a note with its visibility, retried safely with `Idempotency-Key`.

use super::body::ApiJson;
use super::caller::Caller;
use super::incidents::parse_key;
use super::model::{TimelineEntry, TimelineList};
use super::preconditions::{IdempotencyKey, Keyed};
use super::problem::{Problem, ProblemDetails};
use super::written::Reply;
use axum::Json;
use axum::extract::{Path, Query, State};
use backend::incidents::page;
use backend::timeline::{self, Filter};
use backend::{AppState, Principal};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::FieldError;
use domain::access::ApiScope;
use domain::note::{EntryVisibility, RawNote};
use domain::timeline::EntryKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which entries to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// `next_cursor` of the previous page: entries older than it.
    #[serde(default)]
    before: String,
    /// note, status, severity, task, triage, override, grant or created.
    #[serde(default)]
    kind: String,
    /// shared, platform-internal or tenant-internal.
    #[serde(default)]
    visibility: String,
}

/// A note to write.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNoteRequest {
    /// Markdown.
    #[serde(default)]
    #[schema(
        required = true,
        example = "Blocked the sender's domain at the gateway."
    )]
    pub body: String,
    /// `shared`, or internal to the token's side (`platform-internal`, `tenant-internal`).
    #[serde(default)]
    #[schema(required = true, example = "shared")]
    pub visibility: String,
    /// When it happened, if not now (RFC 3339; not in the future).
    #[serde(default)]
    pub occurred_at: Option<DateTime<Utc>>,
}

/// A page of the timeline of incident `key`, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{key}/timeline",
    tag = "timeline",
    params(("key" = String, Path, description = "The incident's key"), TimelineQuery),
    responses(
        (status = 200, description = "A page of entries; `next_cursor` fetches older ones", body = TimelineList),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A filter names an unknown value, or `before` is no entry id", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    Query(query): Query<TimelineQuery>,
) -> Result<Json<TimelineList>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    let filter = filter(&query)?;
    let before = match query.before.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .map_err(|_| invalid("before", "Send the `next_cursor` of the previous page."))?,
        ),
    };
    let page = read(&state, who, &key, &filter, before).await?;
    Ok(Json(page))
}

/// One entry of the timeline of incident `key`.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{key}/timeline/{id}",
    tag = "timeline",
    params(("key" = String, Path, description = "The incident's key"), ("id" = i64, Path, description = "The entry's id")),
    responses(
        (status = 200, description = "The entry", body = TimelineEntry),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident or entry for this token", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((key, id)): Path<(String, String)>,
) -> Result<Json<TimelineEntry>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    Ok(Json(one(&state, who, &key, &id).await?))
}

/// Writes a note on the timeline of incident `key`.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{key}/timeline",
    tag = "timeline",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("Idempotency-Key" = Option<String>, Header, description = "Names this request: a retry with the same key and body writes nothing and answers the first result; the same key with another body is refused (422)"),
    ),
    request_body(content = NewNoteRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Written (`Idempotent-Replayed: true` when an earlier request with the key wrote it)", body = TimelineEntry,
            headers(("Location" = String, description = "The entry's address"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `timeline:write`, or its role only reads", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or unknown, or the `Idempotency-Key` was used for another request", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["timeline:write"]))
)]
pub async fn add_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    idempotency: Result<IdempotencyKey, Problem>,
    body: Result<ApiJson<NewNoteRequest>, Problem>,
) -> Result<Reply<TimelineEntry>, Problem> {
    let who = caller.with(ApiScope::TimelineWrite)?;
    let (idempotency, ApiJson(request)) = (idempotency?, body?);
    let incident = parse_key(&key)?;
    let raw = RawNote {
        body: request.body.clone(),
        visibility: request.visibility.clone(),
        occurred_at: request
            .occurred_at
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            .unwrap_or_default(),
    };
    let what = format!("POST /api/v1/incidents/{key}/timeline");
    let keyed = Keyed::of(&idempotency, &caller, &what, &request)?;
    let submission = Keyed::submission(keyed.as_ref());
    let (ws, now) = (state.workspace(), state.clock.now());
    let written = timeline::submit_note(ws, who, &incident, &raw, submission, now).await?;
    let entry = one(&state, who, &key, &written.id.to_string()).await?;
    let location = format!("/api/v1/incidents/{key}/timeline/{}", entry.id);
    Ok(Reply::created(entry, None, location, written.replayed))
}

fn filter(query: &TimelineQuery) -> Result<Filter, Problem> {
    let kind = match query.kind.trim() {
        "" => None,
        raw => Some(EntryKind::parse(raw).ok_or_else(|| {
            invalid(
                "kind",
                "Choose note, status, severity, task, triage, override, grant or created.",
            )
        })?),
    };
    let visibility = match query.visibility.trim() {
        "" => None,
        raw => Some(EntryVisibility::parse(raw).ok_or_else(|| {
            invalid(
                "visibility",
                "Choose shared, platform-internal or tenant-internal.",
            )
        })?),
    };
    Ok(Filter { kind, visibility })
}

async fn read(
    state: &AppState,
    who: &Principal,
    key: &str,
    filter: &Filter,
    before: Option<i64>,
) -> Result<TimelineList, Problem> {
    let incident = parse_key(key)?;
    let now = state.clock.now();
    let page = page::timeline(state.workspace(), who, &incident, filter, before, now).await?;
    Ok(TimelineList {
        items: page.entries.into_iter().map(TimelineEntry::from).collect(),
        next_cursor: page.next_cursor,
    })
}

/// Entry `id` of incident `key`, if `who` may read it: the first entry of the page that starts
/// just above it.
async fn one(
    state: &AppState,
    who: &Principal,
    key: &str,
    id: &str,
) -> Result<TimelineEntry, Problem> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let page = read(state, who, key, &Filter::default(), id.checked_add(1)).await?;
    page.items
        .into_iter()
        .next()
        .filter(|e| e.id == id)
        .ok_or_else(|| Problem::from(AppError::NotFound))
}

fn invalid(field: &str, message: &str) -> Problem {
    Problem::from(AppError::invalid(vec![FieldError::new(field, message)]))
}
