//! Reading and working incidents as a client does: the incident page's data, posting a form,
//! moves, tasks and notes, and the stored rows and forms the triage tests start from.

use super::{TestApp, incident_form};
use backend::entities::incident;
use contract::dto::{IncidentDetail, TaskView};
use contract::error::AppError;
use domain::responsibility::Owner;
use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The incident page's data as `client` gets it.
pub async fn detail(app: &TestApp, client: &Client, key: &str) -> IncidentDetail {
    let response = app
        .get_as(client, &format!("/api/incidents/get?key={key}"))
        .await;
    assert_eq!(response.status().as_u16(), 200, "read {key}");
    response.json().await.unwrap()
}

/// Posts `form` to `path` as `client`, the way the hydrated page does; returns the status and
/// the error, if any.
pub async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, Option<AppError>) {
    let response = app.post_as(client, path, form).await;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).ok())
}

pub async fn move_to(app: &TestApp, client: &Client, key: &str, version: i64, to: &str) -> u16 {
    let version = version.to_string();
    let form = [("key", key), ("version", version.as_str()), ("to", to)];
    post(app, client, "/api/incidents/move", &form).await.0
}

pub fn entries_of_kind(incident: &IncidentDetail, kind: &str) -> usize {
    incident
        .timeline
        .entries
        .iter()
        .filter(|e| e.kind.code() == kind)
        .count()
}

/// A shared Acme incident (no facts: triage involves both sides), opened by Acme's analyst.
pub async fn shared_acme_incident(app: &TestApp, analyst: &Client) -> String {
    let key = app
        .open_incident_as(analyst, "ACME", "Something odd in the payment exports")
        .await;
    assert_eq!(
        detail(app, analyst, &key).await.ownership.owner,
        Owner::Shared
    );
    key
}

/// Marks `task` of incident `key` done as `client`, which must succeed.
pub async fn finish_task(app: &TestApp, client: &Client, key: &str, task: &TaskView) {
    let (id, version) = (task.id.to_string(), task.version.to_string());
    let form = [
        ("key", key),
        ("task", id.as_str()),
        ("version", version.as_str()),
        ("title", task.title.as_str()),
        ("status", "done"),
    ];
    assert_eq!(
        post(app, client, "/api/tasks/update", &form).await.0,
        200,
        "{}",
        task.title
    );
}

/// Writes a note on incident `key` as `client`, which must succeed.
pub async fn note(app: &TestApp, client: &Client, key: &str, body: &str, visibility: &str) {
    let form = [("key", key), ("body", body), ("visibility", visibility)];
    assert_eq!(
        post(app, client, "/api/timeline/note", &form).await.0,
        200,
        "{body}"
    );
}

/// The incident form with facts added.
pub fn with_facts<'a>(
    title: &'a str,
    tenant: &'a str,
    facts: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = incident_form(title, "SEV2", tenant, "");
    form.extend_from_slice(facts);
    form
}

pub async fn stored(app: &TestApp, number: i64, tenant_key: &str) -> incident::Model {
    let rows = incident::Entity::find()
        .filter(incident::Column::Number.eq(number))
        .all(app.db.conn())
        .await
        .unwrap();
    let tenant = backend::entities::tenant::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.key == tenant_key)
        .unwrap();
    rows.into_iter().find(|r| r.tenant_id == tenant.id).unwrap()
}
