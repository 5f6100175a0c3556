//! `/api/v1/incidents/{key}/tasks`: both remediation workstreams of an incident, adding a task
//! to one (retried safely with `Idempotency-Key`) and changing one (`If-Match` with the task's
//! version), through the same use cases and workstream rules as the incident page.

use super::body::ApiJson;
use super::caller::Caller;
use super::incidents::parse_key;
use super::model::Task;
use super::preconditions::{IdempotencyKey, IfMatch, Keyed};
use super::problem::{Problem, ProblemDetails};
use super::task_input::{NewTaskRequest, TaskChange, api_names};
use super::written::{Reply, as_json, unless_stale};
use axum::Json;
use axum::extract::{Path, State};
use backend::tasks::{read as task_read, write as task_write};
use backend::{AppState, Principal};
use contract::error::AppError;
use domain::access::ApiScope;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Both workstreams' tasks, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<Task>,
}

/// Both workstreams of incident `key`.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{key}/tasks",
    tag = "tasks",
    params(("key" = String, Path, description = "The incident's key")),
    responses(
        (status = 200, description = "The tasks", body = TaskList),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<Json<TaskList>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    let items = all(&state, who, &key).await?;
    Ok(Json(TaskList { items }))
}

/// One task of incident `key`.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{key}/tasks/{id}",
    tag = "tasks",
    params(("key" = String, Path, description = "The incident's key"), ("id" = i64, Path, description = "The task's id")),
    responses(
        (status = 200, description = "The task", body = Task,
            headers(("ETag" = String, description = "The task's version, for `If-Match`"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident or task for this token", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((key, id)): Path<(String, String)>,
) -> Result<Reply<Task>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    let task = one(&state, who, &key, &id).await?;
    Ok(Reply::ok(task.clone(), Some(task.version)))
}

/// Adds a task to a workstream of incident `key`.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{key}/tasks",
    tag = "tasks",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("Idempotency-Key" = Option<String>, Header, description = "Names this request: a retry with the same key and body adds nothing and answers the first result; the same key with another body is refused (422)"),
    ),
    request_body(content = NewTaskRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Added (`Idempotent-Replayed: true` when an earlier request with the key added it)", body = Task,
            headers(("Location" = String, description = "The task's address"), ("ETag" = String, description = "The task's version"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `tasks:write`, or its side does not edit that workstream", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or unknown, or the `Idempotency-Key` was used for another request", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["tasks:write"]))
)]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    idempotency: Result<IdempotencyKey, Problem>,
    body: Result<ApiJson<NewTaskRequest>, Problem>,
) -> Result<Reply<Task>, Problem> {
    let who = caller.with(ApiScope::TasksWrite)?;
    let (idempotency, ApiJson(request)) = (idempotency?, body?);
    let incident = parse_key(&key)?;
    let raw = request.raw();
    let what = format!("POST /api/v1/incidents/{key}/tasks");
    let keyed = Keyed::of(&idempotency, &caller, &what, &request)?;
    let submission = Keyed::submission(keyed.as_ref());
    let (ws, now) = (state.workspace(), state.clock.now());
    let side = request.workstream.as_str();
    let added = task_write::submit(ws, who, &incident, side, &raw, submission, now)
        .await
        .map_err(|e| api_names(e.into()))?;
    let task = one(&state, who, &key, &added.id.to_string()).await?;
    let location = format!("/api/v1/incidents/{key}/tasks/{}", task.id);
    let version = Some(task.version);
    Ok(Reply::created(task, version, location, added.replayed))
}

/// Changes task `id` of incident `key`.
#[utoipa::path(
    patch,
    path = "/api/v1/incidents/{key}/tasks/{id}",
    tag = "tasks",
    params(
        ("key" = String, Path, description = "The incident's key"),
        ("id" = i64, Path, description = "The task's id"),
        ("If-Match" = String, Header, description = "The task's version read, as `\"N\"`"),
    ),
    request_body(content = TaskChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The task as changed", body = Task,
            headers(("ETag" = String, description = "The task's new version"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `tasks:write`, or its side does not edit that workstream", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident or task for this token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 412, description = "Changed since that version; the task as it is now in `current`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or unknown", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["tasks:write"]))
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path((key, id)): Path<(String, String)>,
    version: Result<IfMatch, Problem>,
    body: Result<ApiJson<TaskChange>, Problem>,
) -> Result<Reply<Task>, Problem> {
    let who = caller.with(ApiScope::TasksWrite)?;
    let (IfMatch(version), ApiJson(change)) = (version?, body?);
    let incident = parse_key(&key)?;
    let current = one(&state, who, &key, &id).await?;
    let task_id = current.id;
    let raw = change.onto(current);
    let (ws, now) = (state.workspace(), state.clock.now());
    let outcome = task_write::update(ws, who, &incident, task_id, version, &raw, now).await;
    let now_json = || async { as_json(&one(&state, who, &key, &id).await?) };
    unless_stale(outcome, now_json).await.map_err(api_names)?;
    let task = one(&state, who, &key, &id).await?;
    let version = Some(task.version);
    Ok(Reply::ok(task, version))
}

/// Every task of incident `key` as `who` sees them.
async fn all(state: &AppState, who: &Principal, key: &str) -> Result<Vec<Task>, Problem> {
    let incident = parse_key(key)?;
    let tasks =
        task_read::of_incident(state.workspace(), who, &incident, state.clock.now()).await?;
    Ok(tasks.into_iter().map(Task::from).collect())
}

/// Task `id` of incident `key`; an id that is no number is not found, like an unknown one.
async fn one(state: &AppState, who: &Principal, key: &str, id: &str) -> Result<Task, Problem> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    all(state, who, key)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Problem::from(AppError::NotFound))
}
