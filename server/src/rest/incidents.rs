//! `/api/v1/incidents`: the incident list with the page's filters and a keyset cursor, and one
//! incident, both through the visibility gate the pages use.

use super::caller::Caller;
use super::model::{Incident, IncidentItem, IncidentList};
use super::problem::{Problem, ProblemDetails};
use axum::Json;
use axum::extract::{Path, Query, State};
use backend::AppState;
use backend::incidents::{list as incident_list, page};
use contract::dto::IncidentFilter;
use domain::IncidentKey;
use domain::access::ApiScope;
use serde::Deserialize;
use utoipa::IntoParams;

/// The list's filters, as the incident list page takes them.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `platform`, `tenant` or `shared`.
    #[serde(default)]
    owner: String,
    /// A lifecycle stage (`new` … `closed`).
    #[serde(default)]
    status: String,
    /// `SEV1` … `SEV4`.
    #[serde(default)]
    severity: String,
    /// A tenant key (platform tokens).
    #[serde(default)]
    tenant: String,
    /// A responsibility area of the model.
    #[serde(default)]
    area: String,
    /// `yes` for overdue incidents only.
    #[serde(default)]
    overdue: String,
    /// Words to find in the title or description.
    #[serde(default)]
    q: String,
    /// `newest` (default), `oldest`, `severity` or `due`.
    #[serde(default)]
    sort: String,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    cursor: String,
}

/// The incidents the token's role may see, one page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/incidents",
    tag = "incidents",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of incidents", body = IncidentList),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "A filter names an unknown value", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<IncidentList>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    let filter = IncidentFilter {
        owner: query.owner,
        status: query.status,
        severity: query.severity,
        tenant: query.tenant,
        area: query.area,
        overdue: query.overdue,
        q: query.q,
        sort: query.sort,
    };
    let now = state.clock.now();
    let cursor = Some(query.cursor.as_str()).filter(|c| !c.is_empty());
    let page = incident_list::list(&state.db, who, &state.model, &filter, cursor, now).await?;
    Ok(Json(IncidentList {
        items: page.rows.into_iter().map(IncidentItem::from).collect(),
        next_cursor: page.next_cursor,
        total: page.total,
        more_than_total: page.more_than_total,
    }))
}

/// One incident, or 404 when it does not exist or the token's role may not see it.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{key}",
    tag = "incidents",
    params(("key" = String, Path, description = "The incident's key, e.g. ACME-42")),
    responses(
        (status = 200, description = "The incident", body = Incident,
            headers(("ETag" = String, description = "The incident's version, for `If-Match`"))),
        (status = 401, description = "No valid token", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `incidents:read`", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, description = "No such incident for this token", body = ProblemDetails, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["incidents:read"]))
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<super::Versioned<Incident>, Problem> {
    let who = caller.with(ApiScope::IncidentsRead)?;
    let incident = read(&state, who, &key).await?;
    Ok(super::Versioned::new(incident.version, incident))
}

/// The incident `key` as `who` may see it (404 for a malformed key, like an unknown one).
pub async fn read(
    state: &AppState,
    who: &backend::Principal,
    key: &str,
) -> Result<Incident, Problem> {
    let key = parse_key(key)?;
    let request = page::DetailRequest::default();
    let detail = page::get(state.workspace(), who, &key, &request, state.clock.now()).await?;
    Ok(Incident::from(&detail))
}

/// An incident key from a path; a malformed one is not found, like an unknown one.
pub fn parse_key(raw: &str) -> Result<IncidentKey, Problem> {
    IncidentKey::parse(raw).ok_or_else(|| Problem::from(contract::error::AppError::NotFound))
}
